package tf

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/model"
)

// loadSrc writes files into a temporary module directory and loads it.
func loadSrc(t *testing.T, files map[string]string, opts Options) *model.App {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	app, problems, err := LoadModule(dir, dir, opts)
	if err != nil {
		t.Fatalf("LoadModule: %v", err)
	}
	for _, p := range problems {
		t.Errorf("problem: %v", p)
	}
	return app
}

func fn(t *testing.T, app *model.App, id string) *model.Function {
	t.Helper()
	for _, f := range app.Functions {
		if f.ID == id {
			return f
		}
	}
	var ids []string
	for _, f := range app.Functions {
		ids = append(ids, f.ID)
	}
	t.Fatalf("no function %s among %v", id, ids)
	return nil
}

// sv summarises a value for comparison: its text, origin and line.
type sv struct {
	V      string
	Origin string
	Line   int
	Ref    string
}

func summary[T any](v model.Value[T]) sv {
	return sv{V: v.Text(), Origin: v.Origin.String(), Line: v.Loc.Line, Ref: v.RefTarget}
}

const lambdaBase = `
resource "aws_iam_role" "app" {
  name = "app-role"
  assume_role_policy = "{}"
}
`

func TestLambdaFunction(t *testing.T) {
	tests := []struct {
		name string
		src  string
		get  func(*model.Function) sv
		want sv
	}{
		{"runtime", `resource "aws_lambda_function" "f" {
  runtime = "python3.12"
}`, func(f *model.Function) sv { return summary(f.Runtime) }, sv{"python3.12", "explicit", 7, ""}},
		{"default timeout", `resource "aws_lambda_function" "f" {
}`, func(f *model.Function) sv { return summary(f.Timeout) }, sv{"3", "default", 6, ""}},
		{"memory from arithmetic", `resource "aws_lambda_function" "f" {
  memory_size = 2 * 512
}`, func(f *model.Function) sv { return summary(f.Memory) }, sv{"1024", "explicit", 7, ""}},
		{"code from filename", `resource "aws_lambda_function" "f" {
  filename = "build/app.zip"
}`, func(f *model.Function) sv { return summary(f.Code) }, sv{"build/app.zip", "explicit", 7, ""}},
		{"code from s3", `resource "aws_lambda_function" "f" {
  s3_bucket = "artifacts"
  s3_key    = "app/v1.zip"
}`, func(f *model.Function) sv { return summary(f.Code) }, sv{"s3://artifacts/app/v1.zip", "explicit", 7, ""}},
		{"code from image", `resource "aws_lambda_function" "f" {
  image_uri = "123.dkr.ecr.eu-west-1.amazonaws.com/app:1"
}`, func(f *model.Function) sv { return summary(f.Code) }, sv{"123.dkr.ecr.eu-west-1.amazonaws.com/app:1", "explicit", 7, ""}},
		{"role reference", `resource "aws_lambda_function" "f" {
  role = aws_iam_role.app.arn
}`, func(f *model.Function) sv { return summary(f.RoleRef) }, sv{"the arn of aws_iam_role.app", "unresolved", 7, "aws_iam_role.app"}},
		{"unreserved concurrency", `resource "aws_lambda_function" "f" {
  reserved_concurrent_executions = -1
}`, func(f *model.Function) sv { return summary(f.ReservedConcurrency) }, sv{"0", "unset", 0, ""}},
		{"reserved concurrency", `resource "aws_lambda_function" "f" {
  reserved_concurrent_executions = 5
}`, func(f *model.Function) sv { return summary(f.ReservedConcurrency) }, sv{"5", "explicit", 7, ""}},
		{"dead letter", `resource "aws_lambda_function" "f" {
  dead_letter_config {
    target_arn = "arn:aws:sqs:eu-west-1:123456789012:dlq"
  }
}`, func(f *model.Function) sv { return summary(f.DeadLetter) }, sv{"arn:aws:sqs:eu-west-1:123456789012:dlq", "explicit", 8, ""}},
		{"tracing", `resource "aws_lambda_function" "f" {
  tracing_config {
    mode = "Active"
  }
}`, func(f *model.Function) sv { return summary(f.Tracing) }, sv{"Active", "explicit", 8, ""}},
		{"function name", `resource "aws_lambda_function" "f" {
  function_name = "orders-${"api"}"
}`, func(f *model.Function) sv { return summary(f.Name) }, sv{"orders-api", "explicit", 7, ""}},
		{"layer", `resource "aws_lambda_function" "f" {
  layers = [aws_lambda_layer_version.deps.arn]
}
resource "aws_lambda_layer_version" "deps" {
  layer_name = "deps"
}`, func(f *model.Function) sv { return summary(f.Layers[0]) }, sv{"the arn of aws_lambda_layer_version.deps", "unresolved", 7, "aws_lambda_layer_version.deps"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			app := loadSrc(t, map[string]string{"main.tf": lambdaBase + tc.src}, Options{})
			got := tc.get(fn(t, app, "f"))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s\nsource:\n%s", tc.name, diff, tc.src)
			}
		})
	}
}

func TestEnvironmentAndRole(t *testing.T) {
	app := loadSrc(t, map[string]string{"main.tf": lambdaBase + `
resource "aws_dynamodb_table" "orders" {
  name = "orders"
}
resource "aws_lambda_function" "f" {
  role = aws_iam_role.app.arn
  environment {
    variables = {
      TABLE = aws_dynamodb_table.orders.name
      ARN   = aws_dynamodb_table.orders.arn
      "LEVEL" = "debug"
    }
  }
}
`}, Options{})
	f := fn(t, app, "f")
	var got []string
	for _, e := range f.Env {
		got = append(got, e.Name.V+"="+e.Value.Text()+"@"+itoa(e.Value.Loc.Line)+" ref="+e.Value.RefTarget)
	}
	want := []string{
		"TABLE=orders@14 ref=aws_dynamodb_table.orders",
		"ARN=the arn of aws_dynamodb_table.orders@15 ref=aws_dynamodb_table.orders",
		"LEVEL=debug@16 ref=",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("environment (-want +got):\n%s", diff)
	}
	if f.Role == nil || f.Role.ID != "aws_iam_role.app" || f.Role.Name.V != "app-role" {
		t.Errorf("role = %+v, want aws_iam_role.app named app-role", f.Role)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
