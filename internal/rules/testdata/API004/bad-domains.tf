resource "aws_api_gateway_domain_name" "legacy" { # want API004
  domain_name              = "api.example.com"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
}

resource "aws_api_gateway_domain_name" "old_tls" {
  domain_name              = "old.example.com"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
  security_policy          = "TLS_1_0" # want API004
}
