package sls

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchService is a typical service: a few functions with http, httpApi,
// sqs, s3 and schedule events, shared and per-function IAM, variables
// with defaults and one ${file()} inclusion.
const benchService = `service: svc-NUM

provider:
  name: aws
  runtime: nodejs22.x
  stage: ${opt:stage, 'dev'}
  region: ${opt:region, 'eu-west-1'}
  memorySize: 512
  logRetentionInDays: 14
  environment:
    TABLE: ${self:service}-${sls:stage}-orders
    SECRET: ${ssm:/svc-NUM/secret}
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [dynamodb:GetItem, dynamodb:Query]
          Resource: !GetAtt Table.Arn

custom: ${file(./config.yml)}

functions:
  list:
    handler: src/list.handler
    events:
      - http: GET /orders
      - httpApi: GET /v2/orders
  get:
    handler: src/get.handler
    timeout: ${self:custom.timeout}
    events:
      - http:
          path: /orders/{id}
          method: get
          authorizer: aws_iam
  create:
    handler: src/create.handler
    iamRoleStatements:
      - Effect: Allow
        Action: dynamodb:PutItem
        Resource: !GetAtt Table.Arn
    events:
      - http: POST /orders
  worker:
    handler: src/worker.handler
    events:
      - sqs: !GetAtt Queue.Arn
      - s3: uploads-NUM
      - schedule: rate(1 hour)

resources:
  Resources:
    Table:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: PAY_PER_REQUEST
    Queue:
      Type: AWS::SQS::Queue
`

// writeBenchTree writes n services under dir and returns their paths.
func writeBenchTree(tb testing.TB, dir string, n int) []string {
	tb.Helper()
	var paths []string
	for i := 0; i < n; i++ {
		svc := filepath.Join(dir, "services", "svc"+itoa(i))
		if err := os.MkdirAll(svc, 0o755); err != nil {
			tb.Fatal(err)
		}
		p := filepath.Join(svc, "serverless.yml")
		if err := os.WriteFile(p, []byte(strings.ReplaceAll(benchService, "NUM", itoa(i))), 0o644); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(svc, "config.yml"), []byte("timeout: 20\nalarms: true\n"), 0o644); err != nil {
			tb.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// BenchmarkLoadTree loads a generated tree of 1,000 services (read from
// disk and loaded, one after the other).
func BenchmarkLoadTree(b *testing.B) {
	dir := b.TempDir()
	paths := writeBenchTree(b, dir, 1000)
	var size int64
	for _, p := range paths {
		st, _ := os.Stat(p)
		size += st.Size()
	}
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			app, problems, err := Load(p, data, Options{Dir: filepath.Dir(p), Root: dir})
			if err != nil || len(problems) > 0 || len(app.Functions) != 4 {
				b.Fatalf("Load(%s) = %v functions, %v, %v", p, len(app.Functions), problems, err)
			}
		}
	}
}

// BenchmarkLoadOne loads one such service from memory.
func BenchmarkLoadOne(b *testing.B) {
	dir := b.TempDir()
	p := writeBenchTree(b, dir, 1)[0]
	data, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Load(p, data, Options{Dir: filepath.Dir(p)}); err != nil {
			b.Fatal(err)
		}
	}
}
