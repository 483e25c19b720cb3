resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
}

resource "aws_api_gateway_method" "list" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  resource_id   = aws_api_gateway_rest_api.shop.root_resource_id
  http_method   = "GET"
  authorization = "AWS_IAM"
}

resource "aws_api_gateway_stage" "prod" { # want API003
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = "abc123"
  stage_name    = "prod"
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

resource "aws_apigatewayv2_stage" "default" { # want API003
  api_id = aws_apigatewayv2_api.http.id
  name   = "$default"
}
