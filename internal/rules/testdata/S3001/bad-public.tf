resource "aws_s3_bucket" "site" {
  bucket = "site"
  acl    = "public-read" # want S3001
}

resource "aws_s3_bucket" "assets" {
  bucket = "assets"
}

resource "aws_s3_bucket_acl" "assets" {
  bucket = aws_s3_bucket.assets.id
  acl    = "public-read-write" # want S3001
}

resource "aws_s3_bucket_public_access_block" "assets" {
  bucket                  = aws_s3_bucket.assets.id
  block_public_acls       = false # want S3001
  ignore_public_acls      = false
  block_public_policy     = true
  restrict_public_buckets = true
}

data "aws_iam_policy_document" "public" {
  statement { # want S3001
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.assets.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "assets" {
  bucket = aws_s3_bucket.assets.id
  policy = data.aws_iam_policy_document.public.json
}
