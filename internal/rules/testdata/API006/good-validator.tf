resource "aws_lambda_function" "api" {
  function_name = "api"
  filename      = "api.zip"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  role          = "arn:aws:iam::123456789012:role/api"
}

resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
}

resource "aws_api_gateway_request_validator" "body" {
  name                  = "body"
  rest_api_id           = aws_api_gateway_rest_api.shop.id
  validate_request_body = true
}

resource "aws_api_gateway_method" "create" {
  rest_api_id          = aws_api_gateway_rest_api.shop.id
  resource_id          = aws_api_gateway_rest_api.shop.root_resource_id
  http_method          = "POST"
  authorization        = "AWS_IAM"
  request_validator_id = aws_api_gateway_request_validator.body.id
}

resource "aws_api_gateway_integration" "create" {
  rest_api_id             = aws_api_gateway_rest_api.shop.id
  resource_id             = aws_api_gateway_rest_api.shop.root_resource_id
  http_method             = "POST"
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.api.invoke_arn
}
