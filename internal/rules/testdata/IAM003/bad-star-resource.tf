data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "queues" {
  statement { # want IAM003
    sid       = "SendResults"
    actions   = ["sqs:SendMessage", "sqs:DeleteMessage"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "queues" {
  name   = "queue-writer"
  policy = data.aws_iam_policy_document.queues.json
}

resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = data.aws_iam_policy_document.trust.json
  managed_policy_arns = [
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    aws_iam_policy.queues.arn,
  ]

  inline_policy {
    name = "tables"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Effect   = "Allow"
          Action   = "dynamodb:GetItem"
          Resource = "arn:aws:dynamodb:eu-west-1:123456789012:table/jobs"
        },
        { # want IAM003
          Effect   = "Allow"
          Action   = ["dynamodb:PutItem", "dynamodb:BatchWriteItem"]
          Resource = ["arn:aws:dynamodb:eu-west-1:123456789012:table/jobs", "*"]
        },
      ]
    })
  }
}

resource "aws_iam_role_policy" "notify" {
  name   = "notify"
  role   = aws_iam_role.worker.id
  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Effect": "Allow", "Action": "sns:Publish", "Resource": "arn:aws:sns:eu-west-1:123456789012:results"}
      ]
    }
  JSON
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "worker.handler"
  s3_bucket     = "artifacts-123456789012"
  s3_key        = "worker.zip"
  role          = aws_iam_role.worker.arn
}
