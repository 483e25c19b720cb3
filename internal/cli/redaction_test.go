package cli

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slsguard/slsguard/internal/report"
)

// secretValues are planted in every place a secret can hide; none may
// appear whole in any report.
var secretValues = []string{
	"AKIAZ7Q2W4E6R8T0Y2U4",                      // AWS access key ID
	"q8Vx2LmN4pR7sT1uW3yZ5aB7cD9eF1gH3jK5mN7p",  // AWS secret access key
	"sk_live_51HxQ2vKZ9m3LwT8pR4sN7yB2cD6fG0hJ", // Stripe-shaped key
	"Tr0ub4dor-and-3-horses-staple",             // password by name
	"ghp_4fT9kL2mQ7rS1vX8zB3nC6dE0gH5jK9pL2wY",  // GitHub token
	"P0stgr3s-S3cret-Pw",                        // password inside a connection string
}

func secretTree(t *testing.T) string {
	t.Helper()
	files := map[string]string{
		"sam/template.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Parameters:
  ApiKey:
    Type: String
    NoEcho: true
    Default: sk_live_51HxQ2vKZ9m3LwT8pR4sN7yB2cD6fG0hJ
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      CodeUri: src/
      Environment:
        Variables:
          AWS_ACCESS_KEY_ID: AKIAZ7Q2W4E6R8T0Y2U4
          AWS_SECRET_ACCESS_KEY: q8Vx2LmN4pR7sT1uW3yZ5aB7cD9eF1gH3jK5mN7p
          DB_PASSWORD: Tr0ub4dor-and-3-horses-staple
          DATABASE_URL: postgres://app:P0stgr3s-S3cret-Pw@db.internal:5432/app
  Token:
    Type: AWS::SecretsManager::Secret
    Properties:
      SecretString: ghp_4fT9kL2mQ7rS1vX8zB3nC6dE0gH5jK9pL2wY
`,
		"sam/src/app.py": `GITHUB_TOKEN = "ghp_4fT9kL2mQ7rS1vX8zB3nC6dE0gH5jK9pL2wY"
AWS_SECRET = "q8Vx2LmN4pR7sT1uW3yZ5aB7cD9eF1gH3jK5mN7p"

def handler(event, context):
    return {"ok": True}
`,
		"sam/src/.env": "DB_PASSWORD=Tr0ub4dor-and-3-horses-staple\nSTRIPE_KEY=sk_live_51HxQ2vKZ9m3LwT8pR4sN7yB2cD6fG0hJ\n",
		"sls/serverless.yml": `service: leaky
provider:
  name: aws
  runtime: nodejs22.x
  environment:
    STRIPE_KEY: sk_live_51HxQ2vKZ9m3LwT8pR4sN7yB2cD6fG0hJ
functions:
  hello:
    handler: handler.hello
    environment:
      DB_PASSWORD: Tr0ub4dor-and-3-horses-staple
`,
		"tf/main.tf": `resource "aws_lambda_function" "leaky" {
  function_name = "leaky"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/leaky"
  filename      = "leaky.zip"
  environment {
    variables = {
      AWS_ACCESS_KEY_ID     = "AKIAZ7Q2W4E6R8T0Y2U4"
      AWS_SECRET_ACCESS_KEY = "q8Vx2LmN4pR7sT1uW3yZ5aB7cD9eF1gH3jK5mN7p"
    }
  }
}
`,
	}
	dir := writeTree(t, files)
	// A deployment package with a secret inside.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("settings.py")
	w.Write([]byte("TOKEN = \"ghp_4fT9kL2mQ7rS1vX8zB3nC6dE0gH5jK9pL2wY\"\n"))
	zw.Close()
	if err := os.WriteFile(filepath.Join(dir, "tf", "leaky.zip"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestNoSecretInAnyFormat scans files full of secrets and greps every
// report format for the values.
func TestNoSecretInAnyFormat(t *testing.T) {
	dir := secretTree(t)
	out := t.TempDir()
	args := []string{"scan", dir, "--fail-on", "none"}
	for _, f := range report.Formats {
		args = append(args, "--format", f+"="+filepath.Join(out, "report."+f))
	}
	code, stdout, stderr := run(t, args...)
	if code != ExitOK {
		t.Fatalf("scan exit %d: %s", code, stderr)
	}
	reports := map[string]string{"stdout": stdout, "stderr": stderr}
	for _, f := range report.Formats {
		data, err := os.ReadFile(filepath.Join(out, "report."+f))
		if err != nil {
			t.Fatal(err)
		}
		reports[f] = string(data)
	}
	// The table on standard output as well.
	_, table, _ := run(t, "scan", dir, "--fail-on", "none")
	reports["table"] = table
	for name, text := range reports {
		for _, secret := range secretValues {
			if strings.Contains(text, secret) {
				t.Errorf("%s output contains the secret %s…", name, secret[:4])
			}
		}
	}
	// The secrets were found, redacted: the check above is not vacuous.
	for _, rule := range []string{"SEC001", "SEC003", "SEC004"} {
		if !strings.Contains(reports["json"], `"rule": "`+rule+`"`) {
			t.Errorf("JSON report has no %s finding", rule)
		}
	}
	if !strings.Contains(reports["json"], "…") {
		t.Error("JSON report shows no redacted value")
	}
}
