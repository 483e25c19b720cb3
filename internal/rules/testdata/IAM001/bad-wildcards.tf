data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "app" {
  statement {
    actions = [
      "s3:GetObject",
      "dynamodb:*", # want IAM001
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy" "app" {
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.app.json
}

resource "aws_iam_role_policy" "admin" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*" # want IAM001
      Resource = "*"
    }]
  })
}

resource "aws_iam_policy" "queues" {
  name = "queues"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      NotAction = ["iam:*"] # want IAM001
      Resource  = "*"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "queues" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.queues.arn
}

resource "aws_lambda_function" "app" {
  function_name = "app"
  filename      = "app.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = aws_iam_role.app.arn
}
