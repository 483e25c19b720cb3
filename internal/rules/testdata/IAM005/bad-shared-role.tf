resource "aws_iam_role" "shared" { # want IAM005
  name = "shared"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
}

resource "aws_lambda_function" "fn" {
  for_each      = toset(["import", "export"])
  function_name = each.key
  filename      = "app.zip"
  handler       = "${each.key}.handler"
  runtime       = "python3.12"
  role          = aws_iam_role.shared.arn
}
