resource "aws_sns_topic" "events" { # want DATA001
  name = "events"
}

resource "aws_kinesis_stream" "clicks" { # want DATA001
  name        = "clicks"
  shard_count = 1
}

resource "aws_sqs_queue" "jobs" {
  name                    = "jobs"
  sqs_managed_sse_enabled = false # want DATA001
}

resource "aws_dynamodb_table" "orders" { # want DATA001
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}
