data "aws_iam_policy_document" "config" {
  statement {
    actions = [
      "ssm:GetParameter",
      "ssm:GetParameterByPath", # want IAM013
    ]
    resources = ["arn:aws:ssm:eu-west-1:123456789012:parameter/orders/*"]
  }
}

resource "aws_iam_policy" "config" {
  name   = "config-read"
  policy = data.aws_iam_policy_document.config.json
}

resource "aws_iam_role" "orders" {
  name = "orders"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  managed_policy_arns = [aws_iam_policy.config.arn]
}

resource "aws_iam_role_policy" "tables" {
  name = "tables"
  role = aws_iam_role.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = [
        "dynamo:GetItem", # want IAM013
        "dynamodb:Query",
      ]
      Resource = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"
    }]
  })
}

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  runtime       = "python3.13"
  handler       = "orders.handler"
  filename      = "orders.zip"
  role          = aws_iam_role.orders.arn
}

# Not used by a function, but the typo is just as wrong.
resource "aws_iam_role" "replication" {
  name = "replication"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "s3.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  inline_policy {
    name = "replicate"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect = "Allow"
        Action = [
          "s3:ReplicateObject",
          "s3:ReplicateDeletes", # want IAM013
        ]
        Resource = "arn:aws:s3:::orders-replica-123456789012/*"
      }]
    })
  }
}
