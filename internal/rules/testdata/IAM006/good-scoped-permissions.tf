resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}

resource "aws_lambda_function" "app" {
  function_name = "app"
  filename      = "app.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "arn:aws:iam::123456789012:role/app"
}

resource "aws_lambda_permission" "bucket" {
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.app.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.uploads.arn
  source_account = "123456789012"
}

resource "aws_lambda_permission" "url" {
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.app.function_name
  principal              = "*"
  function_url_auth_type = "AWS_IAM"
}
