resource "aws_cloudwatch_log_group" "app" { # want CWL001
  name = "/aws/lambda/app"
}

resource "aws_cloudwatch_log_group" "forever" { # want CWL001
  name              = "/aws/lambda/forever"
  retention_in_days = 0
}
