package policy

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slsguard/slsguard/internal/load"
	"github.com/slsguard/slsguard/internal/rule"
)

// writeApp writes a SAM application of n functions, each with its own
// table, bucket and queue, a CRUD policy, a bucket policy and code that
// writes the table and reads the bucket.
func writeApp(tb testing.TB, dir string, n int) {
	var t strings.Builder
	t.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nTransform: AWS::Serverless-2016-10-31\nResources:\n")
	for i := range n {
		fmt.Fprintf(&t, `  T%[1]d:
    Type: AWS::Serverless::SimpleTable
  B%[1]d:
    Type: AWS::S3::Bucket
  Q%[1]d:
    Type: AWS::SQS::Queue
  F%[1]d:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: fn%[1]d/
      Environment:
        Variables:
          TABLE: !Ref T%[1]d
          BUCKET: !Ref B%[1]d
          QUEUE: !Ref Q%[1]d
      Policies:
        - DynamoDBCrudPolicy:
            TableName: !Ref T%[1]d
        - S3ReadPolicy:
            BucketName: !Ref B%[1]d
        - SQSSendMessagePolicy:
            QueueName: !GetAtt Q%[1]d.QueueName
`, i)
		code := filepath.Join(dir, fmt.Sprintf("fn%d", i))
		if err := os.MkdirAll(code, 0o755); err != nil {
			tb.Fatal(err)
		}
		src := "const AWS = require('aws-sdk');\nconst db = new AWS.DynamoDB.DocumentClient();\nconst s3 = new AWS.S3();\n" +
			"exports.handler = async (e) => {\n  const o = await s3.getObject({ Bucket: process.env.BUCKET, Key: e.key }).promise();\n" +
			"  await db.put({ TableName: process.env.TABLE, Item: { id: e.key } }).promise();\n  return o;\n};\n"
		if err := os.WriteFile(filepath.Join(code, "index.js"), []byte(src), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "template.yaml"), []byte(t.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func BenchmarkAnalyze500(b *testing.B) {
	dir := b.TempDir()
	writeApp(b, dir, 500)
	res, err := load.Load([]string{dir}, load.Options{})
	if err != nil || len(res.Apps) != 1 {
		b.Fatalf("load: %v", err)
	}
	app := res.Apps[0]
	pass := rule.NewPass(&rule.Rule{}, app, rule.Options{Root: res.Root})
	dirs := make([]string, len(app.Functions))
	for i, f := range app.Functions {
		dirs[i], _, _ = pass.CodeDir(f)
	}
	b.ResetTimer()
	for b.Loop() {
		unused := 0
		for i, f := range app.Functions {
			a := Analyze(app, f, dirs[i])
			unused += len(a.UnusedActionNames())
			if len(a.Missing) != 0 || a.Status != Analysed {
				b.Fatalf("%s: status %s, missing %v", f.ID, a.Status, a.Missing)
			}
		}
		b.ReportMetric(float64(unused)/500, "unused-actions/fn")
	}
}
