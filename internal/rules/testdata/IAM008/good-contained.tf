# Used by the pipeline, not by a function.
resource "aws_iam_role" "build" {
  name = "build"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "codebuild.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  inline_policy {
    name = "deploy"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "lambda:CreateFunction", "lambda:UpdateFunctionCode"], Resource = "*" }]
    })
  }
}

resource "aws_iam_role" "audit" {
  name = "audit"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
}

data "aws_iam_policy_document" "audit" {
  statement {
    actions   = ["iam:GetRole", "iam:ListRoles", "iam:ListAttachedRolePolicies"]
    resources = ["*"]
  }
  statement {
    actions = ["sts:AssumeRole"]
    resources = [
      "arn:aws:iam::111122223333:role/audit-read",
      "arn:aws:iam::444455556666:role/audit-read",
    ]
  }
  statement {
    actions   = ["lambda:UpdateFunctionCode"]
    resources = ["*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["lambda:UpdateFunctionCode"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "audit" {
  name   = "audit"
  role   = aws_iam_role.audit.id
  policy = data.aws_iam_policy_document.audit.json
}

resource "aws_lambda_function" "audit" {
  function_name = "audit"
  runtime       = "python3.13"
  handler       = "audit.handler"
  filename      = "audit.zip"
  role          = aws_iam_role.audit.arn
}
