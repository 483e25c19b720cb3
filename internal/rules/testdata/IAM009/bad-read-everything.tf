resource "aws_iam_role" "diagnostics" {
  name = "diagnostics"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  managed_policy_arns = [
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess", # want IAM009
  ]
}

resource "aws_iam_role_policy" "diagnostics" {
  name = "diagnostics"
  role = aws_iam_role.diagnostics.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { # want IAM009
        Effect   = "Allow"
        Action   = ["logs:DescribeLogGroups", "logs:FilterLogEvents", "logs:GetLogEvents"]
        Resource = "*"
      },
      { # want IAM009
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = "arn:aws:s3:::*/*"
      },
    ]
  })
}

resource "aws_iam_role" "rotator" {
  name = "rotator"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "secrets" {
  name = "secrets"
  role = aws_iam_role.rotator.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ # want IAM009
      Effect   = "Allow"
      Action   = "secretsmanager:GetSecretValue"
      Resource = "*"
    }]
  })
}

resource "aws_lambda_function" "diagnostics" {
  function_name = "diagnostics"
  runtime       = "python3.13"
  handler       = "diagnostics.handler"
  filename      = "diagnostics.zip"
  role          = aws_iam_role.diagnostics.arn
}

resource "aws_lambda_function" "rotator" {
  function_name = "rotator"
  runtime       = "python3.13"
  handler       = "rotator.handler"
  filename      = "rotator.zip"
  role          = aws_iam_role.rotator.arn
}
