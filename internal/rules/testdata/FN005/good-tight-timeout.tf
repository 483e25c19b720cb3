resource "aws_lambda_function" "batch" {
  function_name = "batch"
  filename      = "app.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  timeout       = 60
  role          = "arn:aws:iam::123456789012:role/app"
}

resource "aws_lambda_function" "default_timeout" {
  function_name = "default-timeout"
  filename      = "app.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "arn:aws:iam::123456789012:role/app"
}
