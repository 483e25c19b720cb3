package scan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const suppressed = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Open:    # slsguard:ignore FN001 public webhook, verified by signature in code
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.13
      Role: arn:aws:iam::123456789012:role/r
  OpenUrl:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Open.Arn
      AuthType: NONE
  Logs:
    Type: AWS::Logs::LogGroup
    Metadata:
      slsguard:
        ignore:
          - id: CWL001
            reason: kept by the audit exporter
  Logs2:
    Type: AWS::Logs::LogGroup   # slsguard:ignore CWL001
`

func TestSuppressions(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "template.yaml"), []byte(suppressed), 0o644); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	res, err := Run(Options{Paths: []string{dir}, Rules: []string{"FN001", "CWL001"}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range res.Findings {
		state := "active"
		if f.Suppressed != nil {
			state = f.Suppressed.Kind + ":" + f.Suppressed.Reason
		}
		got[f.RuleID+"/"+f.Resource] = state
	}
	want := map[string]string{
		"FN001/Open":   "inline:public webhook, verified by signature in code",
		"CWL001/Logs":  "metadata:kept by the audit exporter",
		"CWL001/Logs2": "active",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %q, want %q", k, got[k], w)
		}
	}
	// Logs2's marker is on its Type line: neither the finding's line nor the
	// resource's first line, so it does not apply.
	res2, err := Run(Options{Paths: []string{dir}, Rules: []string{"FN001", "CWL001"}, NoIgnore: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res2.Findings {
		if f.Suppressed != nil {
			t.Errorf("--no-ignore: %s still suppressed", f.RuleID)
		}
	}
}

func TestSuppressionWithoutReasonIsReported(t *testing.T) {
	dir := t.TempDir()
	src := strings.Replace(suppressed, "FN001 public webhook, verified by signature in code", "FN001", 1)
	if err := os.WriteFile(filepath.Join(dir, "template.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(Options{Paths: []string{dir}, Rules: []string{"FN001"}, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range res.Problems {
		if strings.Contains(p.Message, "gives no reason") && p.Loc.Line == 3 {
			found = true
		}
	}
	if !found {
		t.Errorf("problems %v lack the reasonless suppression at line 3", res.Problems)
	}
}

func TestSuppressionsInTerraformAndCode(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"tf/main.tf": `resource "aws_lambda_function" "open" {
  function_name = "open"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/r"
  filename      = "open.zip"
}

resource "aws_lambda_function_url" "open" { # slsguard:ignore FN001 signed webhook, checked in code
  function_name      = aws_lambda_function.open.function_name
  authorization_type = "NONE"
}
`,
		"sam/template.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Ping:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs24.x
      Handler: index.handler
      CodeUri: src/
`,
		"sam/src/index.js": `const { execSync } = require("child_process");
exports.handler = async (event) => {
  // slsguard:ignore-next-line is not a thing; the marker goes on the line itself
  return execSync("ping -c 1 " + event.host).toString(); // slsguard:ignore CODE001 host is validated by the authorizer
};
`,
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Run(Options{Paths: []string{dir}, Rules: []string{"FN001", "CODE001"}, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range res.Findings {
		state := "active"
		if f.Suppressed != nil {
			state = f.Suppressed.Reason
		}
		got[f.RuleID] = state
	}
	want := map[string]string{"FN001": "signed webhook, checked in code", "CODE001": "host is validated by the authorizer"}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %q, want suppressed with %q (all: %v)", k, got[k], w, got)
		}
	}
}
