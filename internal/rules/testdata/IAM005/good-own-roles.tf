resource "aws_iam_role" "fn" {
  for_each = toset(["import", "export"])
  name     = "fn-${each.key}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_lambda_function" "import" {
  function_name = "import"
  filename      = "app.zip"
  handler       = "import.handler"
  runtime       = "python3.12"
  role          = aws_iam_role.fn["import"].arn
}

resource "aws_lambda_function" "export" {
  function_name = "export"
  filename      = "app.zip"
  handler       = "export.handler"
  runtime       = "python3.12"
  role          = aws_iam_role.fn["export"].arn
}
