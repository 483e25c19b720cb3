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

resource "aws_api_gateway_authorizer" "users" {
  name          = "users"
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  type          = "COGNITO_USER_POOLS"
  provider_arns = ["arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc"]
}

resource "aws_api_gateway_method" "list" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  resource_id   = aws_api_gateway_rest_api.shop.root_resource_id
  http_method   = "GET"
  authorization = "COGNITO_USER_POOLS"
  authorizer_id = aws_api_gateway_authorizer.users.id
}

resource "aws_api_gateway_method" "options" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  resource_id   = aws_api_gateway_rest_api.shop.root_resource_id
  http_method   = "OPTIONS"
  authorization = "NONE"
}

resource "aws_apigatewayv2_api" "http" {
  name          = "shop-http"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_route" "items" {
  api_id             = aws_apigatewayv2_api.http.id
  route_key          = "GET /items"
  authorization_type = "AWS_IAM"
}
