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

  cors {
    allow_origins = ["https://app.example.com"]
  }
}
