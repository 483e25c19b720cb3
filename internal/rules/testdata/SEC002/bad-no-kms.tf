resource "aws_lambda_function" "app" {
  function_name = "app"
  filename      = "app.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "arn:aws:iam::123456789012:role/app"

  environment {
    variables = {
      DB_PASSWORD = "Sup3rS3cretPassw0rd!" # want SEC002
    }
  }
}
