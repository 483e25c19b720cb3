resource "aws_iam_role" "support" {
  name = "support"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  inline_policy {
    name = "support"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Effect   = "Allow"
          Action   = ["iam:GetLoginProfile", "iam:ListAccessKeys", "iam:GetAccessKeyLastUsed"]
          Resource = "*"
        },
        {
          Effect   = "Allow"
          Action   = "rds-db:connect"
          Resource = "arn:aws:rds-db:eu-west-1:123456789012:dbuser:db-ABCDEFGHIJKLMNOPQRSTUVWXYZ/support_ro"
        },
      ]
    })
  }
}

resource "aws_lambda_function" "support" {
  function_name = "support"
  runtime       = "python3.13"
  handler       = "support.handler"
  filename      = "support.zip"
  role          = aws_iam_role.support.arn
}

# Creates keys, but no function uses it.
resource "aws_iam_role" "identity_admin" {
  name = "identity-admin"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:role/identity-admin" }, Action = "sts:AssumeRole" }]
  })
  inline_policy {
    name = "keys"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "iam:CreateAccessKey", Resource = "*" }]
    })
  }
}
