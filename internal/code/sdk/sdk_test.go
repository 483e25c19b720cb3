package sdk

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// summary renders a call as "line service:op actions params | unresolved".
func summary(c Call) string {
	var ps []string
	for _, p := range c.Params {
		ps = append(ps, p.Name+"="+p.Value())
	}
	s := strconv.Itoa(c.Line) + " " + strings.Join(c.Actions, ",") + " [" + strings.Join(ps, " ") + "]"
	if c.Unresolved != "" {
		s = strconv.Itoa(c.Line) + " unresolved " + c.Service + "." + c.Operation + ": " + c.Unresolved
	}
	return s
}

func itoa(i int) string {
	return strings.TrimSpace(strings.Repeat(" ", 0) + string(rune('0'+i/10)) + string(rune('0'+i%10)))
}

func TestExtractFile(t *testing.T) {
	tests := []struct {
		file, entry string
		want        []string
	}{
		{"v2.js", "handler", []string{
			"15 s3:PutObject,s3:PutObjectAcl [Bucket=env BUCKET ACL=private]",
			"16 s3:ListBucket [Bucket=env BUCKET]",
			"17 sqs:SendMessage [QueueUrl=env QUEUE_URL]",
			"18 lambda:InvokeFunction [FunctionName=env WORKER]",
			"19 s3:GetObject [Bucket=static-assets]",
			"20 dynamodb:BatchWriteItem [TableName=orders]",
			"22 unresolved s3.s3[op]: the method is chosen at run time",
		}},
		{"v3.ts", "handler", []string{
			"13 s3:GetObject [Bucket=env BUCKET]",
			"14 s3:ListBucket [Bucket=env BUCKET]",
			"17 secretsmanager:GetSecretValue [SecretId=env SECRET_ARN]",
			"18 dynamodb:DeleteItem,dynamodb:PutItem [TableName=a TableName=a]",
			"19 s3:PutObject [Bucket=uploads]",
			"20 unresolved s3.send: the command is built elsewhere",
		}},
		{"boto.py", "handler", []string{
			"16 s3:GetObject [Bucket=env BUCKET]",
			"17 s3:ListBucket []",
			"18 ssm:GetParametersByPath [Path=/app/config WithDecryption=True]",
			"19 dynamodb:PutItem [TableName=env TABLE]",
			"21 s3:GetObject [Bucket=env BUCKET]",
			"22 s3:PutObject,s3:PutObjectAcl [Bucket=env BUCKET ACL=ExtraArgs]",
			"23 unresolved s3.getattr: the method is chosen at run time",
			"24 sns:Publish [TopicArn=env TOPIC]",
			"29 s3:PutObject [Bucket=env BUCKET]",
		}},
		{"unknown.js", "handler", []string{
			"6 dynamodb:PutItem [TableName=orders]",
			"7 sns:Publish [TopicArn=env TOPIC_ARN]",
			"8 unresolved .startJob: unknown client getJobs()",
			"15 dynamodb:GetItem [TableName=orders]",
			"16 s3:GetObject [Bucket=env BUCKET]",
		}},
		{"services.js", "handler", []string{
			"6 rekognition:DetectLabels,s3:GetObject [Bucket=env IMAGES Name=event.key]",
		}},
		{"iface.go", "", []string{
			"17 dynamodb:PutItem [TableName=env TABLE]",
		}},
		{"main.go", "", []string{
			"22 s3:GetObject [Bucket=env BUCKET]",
			"26 sqs:SendMessage [QueueUrl=env QUEUE_URL]",
			"27 s3:ListBucket [Bucket=logs]",
		}},
	}
	for _, tt := range tests {
		src, err := os.ReadFile(filepath.Join("testdata", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		res, err := ExtractFile(tt.file, src, tt.entry)
		if err != nil {
			t.Fatalf("ExtractFile(%q): %v", tt.file, err)
		}
		var got []string
		for _, c := range res.Calls {
			got = append(got, summary(c))
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ExtractFile(%q) calls (-want +got):\n%s", tt.file, diff)
		}
	}
}

func TestPascalAndPrefix(t *testing.T) {
	for in, want := range map[string]string{"putObject": "PutObject", "list_objects_v2": "ListObjectsV2", "PutCommand": "Put", "get_item": "GetItem"} {
		if got := pascal(in); got != want {
			t.Errorf("pascal(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"DynamoDB": "dynamodb", "StepFunctions": "states", "sfn": "states", "cloudwatch-logs": "logs",
		"EventBridge": "events", "SESv2": "ses", "CognitoIdentityServiceProvider": "cognito-idp", "SecretsManager": "secretsmanager", "nosuch": ""} {
		if got := ServicePrefix(in); got != want {
			t.Errorf("ServicePrefix(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzExtractFile(f *testing.F) {
	names := []string{"v2.js", "v3.ts", "boto.py", "main.go", "unknown.js", "iface.go", "services.js"}
	for i, n := range names {
		src, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), src)
	}
	f.Fuzz(func(t *testing.T, lang uint8, src []byte) {
		name := names[int(lang)%len(names)]
		res, err := ExtractFile(name, src, "handler")
		if err != nil {
			return
		}
		for _, c := range res.Calls {
			if c.Line <= 0 || (c.Unresolved == "" && len(c.Actions) == 0 && c.Note == "") {
				t.Fatalf("call without position or actions: %+v", c)
			}
		}
	})
}

func TestExtractDir(t *testing.T) {
	tests := []struct {
		dir, handler, runtime string
		want                  []string
		libs                  []string
	}{
		{"dir-js", "index.sender", "nodejs22.x", []string{
			"lib/sender.ts:5 dynamodb:PutItem [TableName=env TABLE]",
			"lib/sender.ts:6 sqs:SendMessage [QueueUrl=env QUEUE_URL]",
			"lib/sender.ts:7 sns:Publish [TopicArn=env TOPIC]",
		}, nil},
		{"dir-py", "app.handler", "python3.12", []string{
			"app.py:7 dynamodb:PutItem [TableName=env TABLE]",
			"helpers.py:5 sns:Publish [TopicArn=arn:aws:sns:eu-west-1:123456789012:t]",
		}, []string{"pynamodb"}},
		{"dir-go", "bin/create", "go1.x", []string{
			"todos/create.go:11 dynamodb:PutItem [TableName=env TABLE]",
		}, nil},
		{"dir-go", "bin/list", "go1.x", []string{
			"todos/list.go:10 dynamodb:Scan []",
		}, nil},
	}
	for _, tt := range tests {
		res := Extract(filepath.Join("testdata", tt.dir), tt.handler, tt.runtime)
		if len(res.Errors) > 0 {
			t.Errorf("Extract(%s, %s): %v", tt.dir, tt.handler, res.Errors)
		}
		var got, libs []string
		for _, c := range res.Calls {
			got = append(got, c.File+":"+summary(c))
		}
		for _, l := range res.Libraries {
			libs = append(libs, l.Name)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Extract(%s, %s) calls (-want +got):\n%s", tt.dir, tt.handler, diff)
		}
		if diff := cmp.Diff(tt.libs, libs); diff != "" {
			t.Errorf("Extract(%s, %s) libraries (-want +got):\n%s", tt.dir, tt.handler, diff)
		}
	}
}
