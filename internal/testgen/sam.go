// Package testgen generates realistic applications for benchmarks and
// scale tests: trees of templates with functions, APIs, tables, queues,
// buckets, policies and events in typical proportions.
package testgen

import (
	"fmt"
	"os"
	"path/filepath"
)

// WriteSAMTree writes n generated SAM applications under dir, one per
// sub-directory.
func WriteSAMTree(dir string, n int) error {
	for i := 0; i < n; i++ {
		d := filepath.Join(dir, fmt.Sprintf("svc%04d", i))
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(d, "template.yaml"), []byte(SAM(i)), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// SAM returns the i-th generated template.
func SAM(i int) string {
	rt := runtimeOf(i)
	return fmt.Sprintf(`AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Description: generated service %[1]d
Parameters:
  Stage:
    Type: String
    Default: prod
Globals:
  Function:
    Runtime: %[2]s
    MemorySize: 256
    Timeout: 15
    Environment:
      Variables:
        STAGE: !Ref Stage
        TABLE: !Ref Table
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Stage
      Auth:
        DefaultAuthorizer: Jwt
        Authorizers:
          Jwt:
            FunctionArn: !GetAtt Authorizer.Arn
  Authorizer:
    Type: AWS::Serverless::Function
    Properties:
      Handler: auth.handler
      CodeUri: src/auth/
  Create:
    Type: AWS::Serverless::Function
    Properties:
      Handler: create.handler
      CodeUri: src/create/
      Policies:
        - DynamoDBWritePolicy:
            TableName: !Ref Table
        - SQSSendMessagePolicy:
            QueueName: !GetAtt Queue.QueueName
      Events:
        Post:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /items
            Method: post
  Read:
    Type: AWS::Serverless::Function
    Properties:
      Handler: read.handler
      CodeUri: src/read/
      Environment:
        Variables:
          API_TOKEN: tok_%[1]d_9fKx2LmQ8rTz4VbN7wYc
      Policies:
        - DynamoDBReadPolicy:
            TableName: !Ref Table
      Events:
        Get:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /items/{id}
            Method: get
        Health:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /health
            Method: get
            Auth:
              Authorizer: NONE
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: worker.handler
      CodeUri: src/worker/
      Timeout: 900
      Role: !GetAtt WorkerRole.Arn
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt Queue.Arn
        Uploads:
          Type: S3
          Properties:
            Bucket: !Ref Bucket
            Events: s3:ObjectCreated:*
  WorkerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
      Policies:
        - PolicyName: worker
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [dynamodb:UpdateItem, dynamodb:GetItem]
                Resource: !GetAtt Table.Arn
              - Effect: Allow
                Action: s3:*
                Resource: !Sub "${Bucket.Arn}/*"
              - Effect: Allow
                Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]
                Resource: !GetAtt Queue.Arn
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
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 30
`, i, rt)
}
