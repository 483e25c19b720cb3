resource "aws_iam_role" "support" {
  name = "support"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
}

data "aws_iam_policy_document" "password_reset" {
  statement { # want IAM011
    sid       = "ResetConsolePasswords"
    actions   = ["iam:GetLoginProfile", "iam:UpdateLoginProfile"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "password_reset" {
  name   = "password-reset"
  role   = aws_iam_role.support.id
  policy = data.aws_iam_policy_document.password_reset.json
}

resource "aws_lambda_function" "support" {
  function_name = "support"
  runtime       = "python3.13"
  handler       = "support.handler"
  filename      = "support.zip"
  role          = aws_iam_role.support.arn
}

resource "aws_iam_role" "puller" {
  name = "puller"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "ecr" {
  role       = aws_iam_role.puller.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly" # want IAM011
}

resource "aws_lambda_function" "puller" {
  function_name = "puller"
  runtime       = "python3.13"
  handler       = "puller.handler"
  filename      = "puller.zip"
  role          = aws_iam_role.puller.arn
}
