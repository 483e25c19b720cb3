resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.com"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
  security_policy          = "TLS_1_2"
}

resource "aws_apigatewayv2_domain_name" "http" {
  domain_name = "http.example.com"

  domain_name_configuration {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
}
