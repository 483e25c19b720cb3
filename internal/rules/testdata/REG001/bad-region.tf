provider "aws" {
  region = "us-east-1" # want REG001 want REG001
}

resource "aws_lambda_function" "app" {
  function_name = "app"
  filename      = "app.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "arn:aws:iam::123456789012:role/app"
  layers        = ["arn:aws:lambda:ap-southeast-2:123456789012:layer:shared:3"] # want REG001
}
