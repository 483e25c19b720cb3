locals {
  batch_timeout = 15 * 60
}

resource "aws_lambda_function" "batch" {
  function_name = "batch"
  filename      = "app.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  timeout       = local.batch_timeout # want FN005
  role          = "arn:aws:iam::123456789012:role/app"
}
