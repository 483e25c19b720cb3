resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}

resource "aws_sqs_queue" "failed" {
  name = "ingest-failed"
}

resource "aws_lambda_function" "ingest" {
  function_name = "ingest"
  filename      = "app.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "arn:aws:iam::123456789012:role/app"

  dead_letter_config {
    target_arn = aws_sqs_queue.failed.arn
  }
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  lambda_function {
    lambda_function_arn = aws_lambda_function.ingest.arn
    events              = ["s3:ObjectCreated:*"]
  }
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_lambda_function" "notify" {
  function_name = "notify"
  filename      = "app.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "arn:aws:iam::123456789012:role/app"
}

resource "aws_lambda_function_event_invoke_config" "notify" {
  function_name = aws_lambda_function.notify.function_name

  destination_config {
    on_failure {
      destination = aws_sqs_queue.failed.arn
    }
  }
}

resource "aws_sns_topic_subscription" "notify" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.notify.arn
}
