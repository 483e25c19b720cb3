resource "aws_lambda_function" "api" {
  function_name = "api"
  filename      = "app.zip"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  timeout       = 120 # want FN006
  role          = "arn:aws:iam::123456789012:role/app"
}

resource "aws_apigatewayv2_api" "http" {
  name          = "http"
  protocol_type = "HTTP"
  target        = aws_lambda_function.api.arn
}
