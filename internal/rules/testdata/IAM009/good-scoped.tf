resource "aws_secretsmanager_secret" "api_key" {
  name = "payments/api-key"
}

resource "aws_sqs_queue" "events" {
  name = "payment-events"
}

resource "aws_iam_role" "payments" {
  name = "payments"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
}

data "aws_iam_policy_document" "payments" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.api_key.arn]
  }
  statement {
    actions = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = [
      "arn:aws:s3:::payments-reports-123456789012/*",
      "arn:aws:s3:::payments-config-123456789012/settings.json",
    ]
  }
  statement {
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
    resources = [aws_sqs_queue.events.arn]
  }
}

resource "aws_iam_role_policy" "payments" {
  name   = "payments"
  role   = aws_iam_role.payments.id
  policy = data.aws_iam_policy_document.payments.json
}

resource "aws_lambda_function" "payments" {
  function_name = "payments"
  runtime       = "python3.13"
  handler       = "payments.handler"
  filename      = "payments.zip"
  role          = aws_iam_role.payments.arn
}
