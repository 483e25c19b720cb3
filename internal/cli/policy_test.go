package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestPolicyCommand(t *testing.T) {
	app := filepath.Join("..", "policy", "testdata", "app")
	trail := filepath.Join("..", "policy", "testdata", "trail.json")
	tests := []struct {
		name     string
		args     []string
		code     int
		want     []string
		wantNot  []string
		wantErrs string
	}{
		{"sam", []string{"policy", app, "--format", "sam"}, ExitOK,
			[]string{"Notify:\n  Properties:\n    Policies:\n", "- SNSPublishMessagePolicy:", "- dynamodb:PutItem"}, []string{"logs:"}, ""},
		{"json", []string{"policy", app, "--function", "Notify"}, ExitOK,
			[]string{`"function": "Notify"`, `"status": "analysed"`}, nil, ""},
		{"explain", []string{"policy", app, "--explain", "Notify"}, ExitOK,
			[]string{"unused  dynamodb:Scan", "used    sns:Publish", "MISSING dynamodb:PutItem", "from SAM policy template DynamoDBReadPolicy at ",
				"runtime sqs:ReceiveMessage"}, nil, ""},
		{"cloudtrail", []string{"policy", app, "--cloudtrail", trail, "--cloudtrail-only", "--format", "serverless"}, ExitOK,
			[]string{"arn:aws:dynamodb:eu-west-1:123456789012:table/app-Orders-1X", "# Notify (observed in CloudTrail)"}, []string{"${Orders}"}, ""},
		{"bad format", []string{"policy", app, "--format", "yaml"}, ExitUsage, nil, nil, "--format"},
		{"unknown function", []string{"policy", app, "--function", "Nope"}, ExitUsage, nil, nil, "no function"},
		{"only without trail", []string{"policy", app, "--cloudtrail-only"}, ExitUsage, nil, nil, "needs --cloudtrail"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(t, tt.args...)
			if code != tt.code {
				t.Fatalf("slsguard %v = %d, want %d\nstdout:\n%s\nstderr:\n%s", tt.args, code, tt.code, out, errs)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("slsguard %v: output lacks %q:\n%s", tt.args, w, out)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(out, w) {
					t.Errorf("slsguard %v: output has %q:\n%s", tt.args, w, out)
				}
			}
			if !strings.Contains(errs, tt.wantErrs) {
				t.Errorf("slsguard %v: stderr %q lacks %q", tt.args, errs, tt.wantErrs)
			}
		})
	}
}
