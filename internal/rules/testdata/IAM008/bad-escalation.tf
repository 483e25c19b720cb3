locals {
  lambda_trust = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_policy" "trust_editor" {
  name = "trust-editor"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ # want IAM008
      Effect   = "Allow"
      Action   = "iam:UpdateAssumeRolePolicy"
      Resource = "*"
    }]
  })
}

resource "aws_iam_role" "automation" {
  name               = "automation"
  assume_role_policy = local.lambda_trust
}

resource "aws_iam_role_policy_attachment" "trust_editor" {
  role       = aws_iam_role.automation.name
  policy_arn = aws_iam_policy.trust_editor.arn
}

data "aws_iam_policy_document" "automation" {
  statement { # want IAM008
    actions   = ["sts:AssumeRole"]
    resources = ["*"]
  }
  statement { # want IAM008
    actions   = ["iam:GetRolePolicy", "iam:PutRolePolicy"]
    resources = ["arn:aws:iam::123456789012:role/*"]
  }
  statement { # want IAM008
    actions   = ["ec2:RunInstances", "iam:PassRole"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "automation" {
  name   = "automation"
  role   = aws_iam_role.automation.id
  policy = data.aws_iam_policy_document.automation.json
}

resource "aws_lambda_function" "automation" {
  function_name = "automation"
  runtime       = "python3.13"
  handler       = "automation.handler"
  filename      = "automation.zip"
  timeout       = 300
  role          = aws_iam_role.automation.arn
}
