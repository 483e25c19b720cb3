package tf

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// benchModule is a typical small service: two functions with their own
// roles and policy documents, a table, a queue, an HTTP API with routes
// and a REST API method, and variables.
const benchModule = `variable "stage" {
  default = "prod"
}

locals {
  name    = "svc%[1]d-${var.stage}"
  runtime = "nodejs22.x"
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_dynamodb_table" "items" {
  name         = "${local.name}-items"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_sqs_queue" "jobs" {
  name = "${local.name}-jobs"
}

resource "aws_iam_role" "api" {
  name               = "${local.name}-api"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy" "api" {
  role = aws_iam_role.api.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]
      Resource = [aws_dynamodb_table.items.arn, "${aws_dynamodb_table.items.arn}/index/*"]
    }]
  })
}

resource "aws_lambda_function" "api" {
  function_name = "${local.name}-api"
  filename      = "build/api.zip"
  handler       = "src/api.handler"
  runtime       = local.runtime
  memory_size   = 256
  timeout       = 10
  role          = aws_iam_role.api.arn
  environment {
    variables = {
      TABLE = aws_dynamodb_table.items.name
      QUEUE = aws_sqs_queue.jobs.url
    }
  }
}

resource "aws_iam_role" "worker" {
  name               = "${local.name}-worker"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy" "worker" {
  role   = aws_iam_role.worker.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage"], "Resource": "${aws_sqs_queue.jobs.arn}"},
    {"Effect": "Allow", "Action": "dynamodb:UpdateItem", "Resource": "${aws_dynamodb_table.items.arn}"}
  ]
}
EOF
}

resource "aws_lambda_function" "worker" {
  function_name = "${local.name}-worker"
  filename      = "build/worker.zip"
  handler       = "src/worker.handler"
  runtime       = local.runtime
  role          = aws_iam_role.worker.arn
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.arn
  batch_size       = 10
}

resource "aws_apigatewayv2_api" "http" {
  name          = local.name
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "api" {
  api_id           = aws_apigatewayv2_api.http.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.api.invoke_arn
}

resource "aws_apigatewayv2_route" "routes" {
  for_each  = toset(["GET /items", "POST /items", "GET /items/{id}"])
  api_id    = aws_apigatewayv2_api.http.id
  route_key = each.key
  target    = "integrations/${aws_apigatewayv2_integration.api.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true
}

resource "aws_lambda_permission" "http" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.api.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*/*"
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/lambda/${aws_lambda_function.api.function_name}"
  retention_in_days = 30
}
`

// writeBenchTree writes n modules, one directory each.
func writeBenchTree(tb testing.TB, n int) (string, []string) {
	tb.Helper()
	root := tb.TempDir()
	dirs := make([]string, n)
	for i := range dirs {
		dirs[i] = filepath.Join(root, fmt.Sprintf("svc%04d", i))
		if err := os.MkdirAll(dirs[i], 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dirs[i], "main.tf"), []byte(fmt.Sprintf(benchModule, i)), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return root, dirs
}

// BenchmarkLoad1000Modules loads a tree of 1,000 modules, one after the
// other on one goroutine.
func BenchmarkLoad1000Modules(b *testing.B) {
	root, dirs := writeBenchTree(b, 1000)
	b.ResetTimer()
	for b.Loop() {
		for _, d := range dirs {
			app, problems, err := LoadModule(root, d, Options{})
			if err != nil || len(problems) > 0 || len(app.Functions) != 2 {
				b.Fatalf("load %s: %v %v", d, err, problems)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "µs/module")
}

// BenchmarkLoad1000ModulesParallel loads the same tree with one worker per
// CPU, as discovery does.
func BenchmarkLoad1000ModulesParallel(b *testing.B) {
	root, dirs := writeBenchTree(b, 1000)
	workers := runtime.GOMAXPROCS(0)
	b.ResetTimer()
	for b.Loop() {
		next := make(chan string)
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for d := range next {
					if _, _, err := LoadModule(root, d, Options{}); err != nil {
						b.Error(err)
					}
				}
			})
		}
		for _, d := range dirs {
			next <- d
		}
		close(next)
		wg.Wait()
	}
}

// TestBenchModule checks that the benchmark's module is modelled fully, so
// that the benchmark measures real work.
func TestBenchModule(t *testing.T) {
	root, dirs := writeBenchTree(t, 1)
	app, problems, err := LoadModule(root, dirs[0], Options{})
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	api := fn(t, app, "api")
	if len(api.Triggers) != 3 || api.Role == nil || len(api.Role.Statements) != 1 || api.Name.V != "svc0-prod-api" {
		t.Errorf("api: %d triggers, role %+v, name %q; want 3 routes, one statement, svc0-prod-api", len(api.Triggers), api.Role, api.Name.V)
	}
	worker := fn(t, app, "worker")
	if len(worker.Triggers) != 1 || worker.Role == nil || len(worker.Role.Statements) != 2 {
		t.Errorf("worker: %d triggers, role %+v; want the SQS mapping and two statements", len(worker.Triggers), worker.Role)
	}
}
