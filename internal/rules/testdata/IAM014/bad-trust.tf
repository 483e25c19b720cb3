resource "aws_iam_role" "partner" {
  name = "partner"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = ["lambda.amazonaws.com"]
          AWS     = ["arn:aws:iam::111122223333:role/partner-integration"] # want IAM014
        }
        Action = ["sts:AssumeRole", "sts:TagSession"]
      },
      {
        Effect    = "Allow"
        Principal = { AWS = "*" } # want IAM014
        Action    = "sts:AssumeRole"
        Condition = {
          StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" }
        }
      },
    ]
  })
}

resource "aws_lambda_function" "partner" {
  function_name = "partner"
  runtime       = "python3.13"
  handler       = "partner.handler"
  filename      = "partner.zip"
  role          = aws_iam_role.partner.arn
}

data "aws_iam_policy_document" "ops_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
  statement {
    actions = ["sts:AssumeRoleWithSAML"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::123456789012:saml-provider/CorpIdP"] # want IAM014
    }
    condition {
      test     = "StringEquals"
      variable = "SAML:aud"
      values   = ["https://signin.aws.amazon.com/saml"]
    }
  }
}

resource "aws_iam_role" "ops" {
  name               = "ops"
  assume_role_policy = data.aws_iam_policy_document.ops_trust.json
}

resource "aws_lambda_function" "ops" {
  function_name = "ops"
  runtime       = "python3.13"
  handler       = "ops.handler"
  filename      = "ops.zip"
  role          = aws_iam_role.ops.arn
}
