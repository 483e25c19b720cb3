resource "aws_lambda_function" "app" {
  function_name = "app"
  filename      = "app.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "arn:aws:iam::123456789012:role/app"
}

resource "aws_lambda_permission" "anyone" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.app.function_name
  principal     = "*" # want IAM006
}

resource "aws_lambda_permission" "any_bucket" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.app.function_name
  principal     = "s3.amazonaws.com" # want IAM006
}
