variable "runtime" {
  type = string
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  filename      = "app.zip"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  role          = "arn:aws:iam::123456789012:role/app"
}

resource "aws_lambda_function" "configurable" {
  function_name = "configurable"
  filename      = "app.zip"
  handler       = "index.handler"
  runtime       = var.runtime
  role          = "arn:aws:iam::123456789012:role/app"
}
