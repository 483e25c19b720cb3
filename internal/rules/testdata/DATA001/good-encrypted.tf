resource "aws_kms_key" "data" {
  description         = "application data"
  enable_key_rotation = true
}

resource "aws_sns_topic" "events" {
  name              = "events"
  kms_master_key_id = aws_kms_key.data.arn
}

resource "aws_kinesis_stream" "clicks" {
  name            = "clicks"
  shard_count     = 1
  encryption_type = "KMS"
  kms_key_id      = aws_kms_key.data.arn
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.data.arn
  }
}
