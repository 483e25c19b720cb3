resource "aws_iam_role" "share" {
  name = "share"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]

  inline_policy {
    name = "share"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Effect   = "Allow"
          Action   = "rds:DescribeDBSnapshots"
          Resource = "*"
        },
        { # want IAM010
          Effect   = "Allow"
          Action   = ["rds:ModifyDBSnapshotAttribute", "s3:PutBucketAcl"]
          Resource = ["arn:aws:rds:*:*:snapshot:*", "arn:aws:s3:::*"]
        },
      ]
    })
  }
}

resource "aws_lambda_function" "share" {
  function_name = "share"
  runtime       = "python3.13"
  handler       = "share.handler"
  filename      = "share.zip"
  role          = aws_iam_role.share.arn
}

resource "aws_iam_policy" "trust" {
  name = "trust"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ # want IAM010
      Effect   = "Allow"
      Action   = "iam:UpdateAssumeRolePolicy"
      Resource = "arn:aws:iam::*:role/*"
    }]
  })
}

resource "aws_iam_role" "onboarding" {
  name = "onboarding"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_policy_attachment" "trust" {
  name       = "trust"
  roles      = [aws_iam_role.onboarding.name]
  policy_arn = aws_iam_policy.trust.arn
}

resource "aws_lambda_function" "onboarding" {
  function_name = "onboarding"
  runtime       = "python3.13"
  handler       = "onboarding.handler"
  filename      = "onboarding.zip"
  role          = aws_iam_role.onboarding.arn
}
