resource "aws_lambda_function" "web" {
  function_name = "web"
  filename      = "web.zip"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  role          = "arn:aws:iam::123456789012:role/web"
}

resource "aws_lambda_function_url" "web" {
  function_name      = aws_lambda_function.web.function_name
  authorization_type = "AWS_IAM"
}

module "hook" {
  source        = "terraform-aws-modules/lambda/aws"
  version       = "7.2.0"
  function_name = "hook"
  handler       = "index.handler"
  runtime       = "python3.12"
  source_path   = "src/hook"

  create_lambda_function_url = true
  authorization_type         = "AWS_IAM"
}
