resource "aws_kms_key" "events" {
  description         = "events"
  enable_key_rotation = true
}

resource "aws_sns_topic" "events" {
  name              = "events"
  kms_master_key_id = aws_kms_key.events.arn
}

resource "aws_iam_role" "events" {
  name = "events"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

data "aws_iam_policy_document" "events" {
  statement {
    actions   = ["kms:CreateGrant", "kms:RetireGrant"]
    resources = [aws_kms_key.events.arn]
  }
  statement {
    actions   = ["sns:SetTopicAttributes", "sns:AddPermission"]
    resources = [aws_sns_topic.events.arn]
  }
  statement {
    actions   = ["s3:PutBucketPolicy"]
    resources = ["*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["s3:PutBucketPolicy"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "events" {
  name   = "events"
  role   = aws_iam_role.events.id
  policy = data.aws_iam_policy_document.events.json
}

resource "aws_lambda_function" "events" {
  function_name = "events"
  runtime       = "python3.13"
  handler       = "events.handler"
  filename      = "events.zip"
  role          = aws_iam_role.events.arn
}
