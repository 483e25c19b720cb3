resource "aws_iam_role" "orders" {
  name = "orders"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  inline_policy {
    name = "orders"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["ssm:GetParametersByPath", "dynamodb:GetItem", "dynamodb:Query", "sqs:SendMessage", "s3:Get*"]
        Resource = "*"
      }]
    })
  }
}

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  runtime       = "python3.13"
  handler       = "orders.handler"
  filename      = "orders.zip"
  role          = aws_iam_role.orders.arn
}
