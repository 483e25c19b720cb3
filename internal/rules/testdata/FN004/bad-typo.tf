resource "aws_lambda_function" "api" {
  function_name = "api"
  filename      = "app.zip"
  handler       = "index.handler"
  runtime       = "nodejs22" # want FN004
  role          = "arn:aws:iam::123456789012:role/app"
}
