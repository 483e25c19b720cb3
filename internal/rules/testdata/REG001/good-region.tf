provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

resource "aws_lambda_function" "app" {
  function_name = "app"
  filename      = "app.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "arn:aws:iam::123456789012:role/app"
  layers        = ["arn:aws:lambda:eu-west-1:123456789012:layer:shared:3"]
}
