variable "legacy_runtime" {
  type    = string
  default = "python3.8"
}

resource "aws_lambda_function" "old_node" {
  function_name = "old-node"
  filename      = "app.zip"
  handler       = "index.handler"
  runtime       = "nodejs12.x" # want FN003
  role          = "arn:aws:iam::123456789012:role/app"
}

resource "aws_lambda_function" "old_python" {
  function_name = "old-python"
  filename      = "app.zip"
  handler       = "app.handler"
  runtime       = var.legacy_runtime # want FN003
  role          = "arn:aws:iam::123456789012:role/app"
}
