resource "aws_kms_key" "env" {
  description         = "function environment"
  enable_key_rotation = true
}

resource "aws_lambda_function" "app" {
  function_name = "app"
  filename      = "app.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "arn:aws:iam::123456789012:role/app"
  kms_key_arn   = aws_kms_key.env.arn

  environment {
    variables = {
      DB_PASSWORD = "Sup3rS3cretPassw0rd!"
    }
  }
}
