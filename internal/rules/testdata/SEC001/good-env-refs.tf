variable "api_key" {
  type      = string
  sensitive = true
}

resource "aws_secretsmanager_secret" "api" {
  name = "api"
}

resource "aws_lambda_function" "app" {
  function_name = "app"
  filename      = "app.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "arn:aws:iam::123456789012:role/app"

  environment {
    variables = {
      LOG_LEVEL      = "info"
      API_KEY        = var.api_key
      API_KEY_SECRET = aws_secretsmanager_secret.api.arn
    }
  }
}
