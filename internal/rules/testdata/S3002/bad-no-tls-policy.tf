resource "aws_s3_bucket" "data" { # want S3002
  bucket = "data"
}
