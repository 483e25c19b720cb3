package testgen

import (
	"fmt"
	"os"
	"path/filepath"
)

// WriteServerlessTree writes n generated serverless.yml services under
// dir, the same application as SAM(i) written for the Serverless
// Framework.
func WriteServerlessTree(dir string, n int) error {
	return writeTree(dir, n, "serverless.yml", Serverless)
}

// WriteTerraformTree writes n generated Terraform modules under dir, the
// same application as SAM(i) written in HCL.
func WriteTerraformTree(dir string, n int) error {
	return writeTree(dir, n, "main.tf", Terraform)
}

func writeTree(dir string, n int, name string, gen func(int) string) error {
	for i := 0; i < n; i++ {
		d := filepath.Join(dir, fmt.Sprintf("svc%04d", i))
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(d, name), []byte(gen(i)), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Serverless returns the i-th generated serverless.yml.
func Serverless(i int) string {
	return fmt.Sprintf(`service: svc%[1]d
frameworkVersion: "3"
provider:
  name: aws
  runtime: %[2]s
  memorySize: 256
  timeout: 15
  environment:
    STAGE: ${sls:stage}
    TABLE: !Ref Table
functions:
  authorizer:
    handler: auth.handler
  create:
    handler: create.handler
    iamRoleStatements:
      - Effect: Allow
        Action: [dynamodb:PutItem, dynamodb:UpdateItem]
        Resource: !GetAtt Table.Arn
      - Effect: Allow
        Action: sqs:SendMessage
        Resource: !GetAtt Queue.Arn
    events:
      - http:
          path: items
          method: post
          authorizer: authorizer
  read:
    handler: read.handler
    environment:
      API_TOKEN: tok_%[1]d_9fKx2LmQ8rTz4VbN7wYc
    iamRoleStatements:
      - Effect: Allow
        Action: [dynamodb:GetItem, dynamodb:Query]
        Resource: !GetAtt Table.Arn
    events:
      - http:
          path: items/{id}
          method: get
          authorizer: authorizer
      - http:
          path: health
          method: get
  worker:
    handler: worker.handler
    timeout: 900
    iamRoleStatements:
      - Effect: Allow
        Action: [dynamodb:UpdateItem, dynamodb:GetItem]
        Resource: !GetAtt Table.Arn
      - Effect: Allow
        Action: s3:*
        Resource: !Sub "${Bucket.Arn}/*"
    events:
      - sqs:
          arn: !GetAtt Queue.Arn
      - s3:
          bucket: svc%[1]d-uploads
          event: s3:ObjectCreated:*
resources:
  Resources:
    Table:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
        KeySchema: [{AttributeName: id, KeyType: HASH}]
    Queue:
      Type: AWS::SQS::Queue
    Bucket:
      Type: AWS::S3::Bucket
`, i, runtimeOf(i))
}

// Terraform returns the i-th generated Terraform module.
func Terraform(i int) string {
	return fmt.Sprintf(`variable "stage" {
  default = "prod"
}

locals {
  name = "svc%[1]d-${var.stage}"
}

resource "aws_dynamodb_table" "table" {
  name         = "${local.name}-items"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_sqs_queue" "queue" {
  name = "${local.name}-jobs"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "${local.name}-uploads"
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "fn" {
  for_each           = toset(["create", "read", "worker"])
  name               = "${local.name}-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "create" {
  role = aws_iam_role.fn["create"].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["dynamodb:PutItem", "dynamodb:UpdateItem"], Resource = aws_dynamodb_table.table.arn },
      { Effect = "Allow", Action = "sqs:SendMessage", Resource = aws_sqs_queue.queue.arn },
    ]
  })
}

resource "aws_iam_role_policy" "worker" {
  role = aws_iam_role.fn["worker"].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["dynamodb:UpdateItem", "dynamodb:GetItem"], Resource = aws_dynamodb_table.table.arn },
      { Effect = "Allow", Action = "s3:*", Resource = "${aws_s3_bucket.uploads.arn}/*" },
    ]
  })
}

resource "aws_lambda_function" "fn" {
  for_each      = { create = 15, read = 15, worker = 900 }
  function_name = "${local.name}-${each.key}"
  role          = aws_iam_role.fn[each.key].arn
  handler       = "${each.key}.handler"
  runtime       = "%[2]s"
  memory_size   = 256
  timeout       = each.value
  filename      = "build/${each.key}.zip"
  environment {
    variables = {
      STAGE     = var.stage
      TABLE     = aws_dynamodb_table.table.name
      API_TOKEN = "tok_%[1]d_9fKx2LmQ8rTz4VbN7wYc"
    }
  }
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.queue.arn
  function_name    = aws_lambda_function.fn["worker"].arn
}

resource "aws_api_gateway_rest_api" "api" {
  name = local.name
}

resource "aws_api_gateway_resource" "items" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "items"
}

resource "aws_api_gateway_method" "create" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.items.id
  http_method   = "POST"
  authorization = "AWS_IAM"
}

resource "aws_api_gateway_integration" "create" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_resource.items.id
  http_method             = aws_api_gateway_method.create.http_method
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.fn["create"].invoke_arn
}
`, i, runtimeOf(i))
}

func runtimeOf(i int) string {
	runtimes := []string{"nodejs22.x", "python3.12", "nodejs18.x", "python3.9", "java21"}
	return runtimes[i%len(runtimes)]
}
