# The thumbnails application: a function triggered by uploads to a bucket,
# also reachable through an open function URL.
variable "runtime" {
  type    = string
  default = "python3.12"
}

resource "aws_s3_bucket" "ImagesBucket" {
  bucket = "images-bucket"
}

resource "aws_iam_role" "thumb" {
  name = "thumb"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "thumb" {
  name   = "images"
  role   = aws_iam_role.thumb.name
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": ["s3:GetObject", "s3:PutObject"],
          "Resource": "${aws_s3_bucket.ImagesBucket.arn}/*"
        }
      ]
    }
  EOT
}

resource "aws_lambda_function" "thumb" {
  function_name = "thumb"
  memory_size   = 256
  timeout       = 30
  filename      = "thumb.zip"
  handler       = "thumb.handler"
  runtime       = var.runtime
  role          = aws_iam_role.thumb.arn
}

resource "aws_lambda_permission" "s3" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.thumb.function_name
  principal     = "s3.amazonaws.com"
  source_arn    = aws_s3_bucket.ImagesBucket.arn
}

resource "aws_s3_bucket_notification" "images" {
  bucket = aws_s3_bucket.ImagesBucket.id

  lambda_function {
    lambda_function_arn = aws_lambda_function.thumb.arn
    events              = ["s3:ObjectCreated:*"]
  }

  depends_on = [aws_lambda_permission.s3]
}

resource "aws_lambda_function_url" "thumb" {
  function_name      = aws_lambda_function.thumb.function_name
  authorization_type = "NONE"

  cors {
    allow_origins = ["*"]
  }
}
