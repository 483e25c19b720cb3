resource "aws_lambda_function" "api" {
  function_name = "api"
  filename      = "app.zip"
  handler       = "index.handler"
  runtime       = "nodejs24.x"
  role          = "arn:aws:iam::123456789012:role/app"
}

resource "aws_lambda_function" "image" {
  function_name = "image"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1"
  role          = "arn:aws:iam::123456789012:role/app"
}
