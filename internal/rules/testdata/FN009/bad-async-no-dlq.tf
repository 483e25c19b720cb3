resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}

resource "aws_lambda_function" "ingest" {
  function_name = "ingest"
  filename      = "app.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "arn:aws:iam::123456789012:role/app"
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  lambda_function { # want FN009
    lambda_function_arn = aws_lambda_function.ingest.arn
    events              = ["s3:ObjectCreated:*"]
  }
}
