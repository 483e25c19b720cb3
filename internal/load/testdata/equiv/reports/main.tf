# The reports application: two scheduled functions sharing one role.
resource "aws_iam_role" "ReportsRole" {
  name = "reports"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonS3FullAccess"]
}

locals {
  functions = {
    daily  = "rate(1 day)"
    weekly = "rate(7 days)"
  }
}

resource "aws_lambda_function" "daily" {
  function_name = "daily"
  filename      = "reports.zip"
  handler       = "daily.handler"
  runtime       = "python3.8"
  timeout       = 900
  memory_size   = 256
  role          = aws_iam_role.ReportsRole.arn

  environment {
    variables = {
      DB_PASSWORD = "Sup3rS3cretPassw0rd!"
    }
  }
}

resource "aws_lambda_function" "weekly" {
  function_name = "weekly"
  filename      = "reports.zip"
  handler       = "weekly.handler"
  runtime       = "python3.8"
  timeout       = 900
  memory_size   = 256
  role          = aws_iam_role.ReportsRole.arn
}

resource "aws_cloudwatch_event_rule" "schedule" {
  for_each            = local.functions
  name                = "reports-${each.key}"
  schedule_expression = each.value
}

resource "aws_cloudwatch_event_target" "daily" {
  rule = aws_cloudwatch_event_rule.schedule["daily"].name
  arn  = aws_lambda_function.daily.arn
}

resource "aws_cloudwatch_event_target" "weekly" {
  rule = aws_cloudwatch_event_rule.schedule["weekly"].name
  arn  = aws_lambda_function.weekly.arn
}

resource "aws_lambda_permission" "events" {
  for_each      = local.functions
  action        = "lambda:InvokeFunction"
  function_name = each.key
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.schedule[each.key].arn
}
