package tf

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/model"
)

const triggerFns = `resource "aws_lambda_function" "f" {
  function_name = "f"
}
`

func triggers(app *model.App) []string {
	var out []string
	for _, t := range app.Triggers {
		out = append(out, t.FunctionID+" "+string(t.Kind)+" "+t.Source.Text()+"@"+itoa(t.Loc.Line))
	}
	return out
}

func TestTriggers(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"sqs mapping", `resource "aws_sqs_queue" "q" {}
resource "aws_lambda_event_source_mapping" "m" {
  event_source_arn = aws_sqs_queue.q.arn
  function_name    = aws_lambda_function.f.arn
}`, []string{"f sqs the arn of aws_sqs_queue.q@5"}},
		{"stream mapping by ARN", `resource "aws_lambda_event_source_mapping" "m" {
  event_source_arn  = "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks"
  function_name     = "f"
  starting_position = "LATEST"
}`, []string{"f kinesis arn:aws:kinesis:eu-west-1:123456789012:stream/clicks@4"}},
		{"dynamodb stream", `resource "aws_dynamodb_table" "t" {
  name = "t"
}
resource "aws_lambda_event_source_mapping" "m" {
  event_source_arn = aws_dynamodb_table.t.stream_arn
  function_name    = aws_lambda_function.f.function_name
}`, []string{"f dynamodb-stream the stream_arn of aws_dynamodb_table.t@7"}},
		{"s3 notification", `resource "aws_s3_bucket" "b" {
  bucket = "uploads"
}
resource "aws_s3_bucket_notification" "n" {
  bucket = aws_s3_bucket.b.id
  lambda_function {
    lambda_function_arn = aws_lambda_function.f.arn
    events              = ["s3:ObjectCreated:*"]
  }
}`, []string{"f s3 aws_s3_bucket.b@9"}},
		{"sns subscription", `resource "aws_sns_topic" "t" {}
resource "aws_sns_topic_subscription" "s" {
  topic_arn = aws_sns_topic.t.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.f.arn
}`, []string{"f sns the arn of aws_sns_topic.t@5"}},
		{"eventbridge pattern", `resource "aws_cloudwatch_event_rule" "r" {
  event_pattern = jsonencode({ source = ["aws.ec2"] })
}
resource "aws_cloudwatch_event_target" "t" {
  rule = aws_cloudwatch_event_rule.r.name
  arn  = aws_lambda_function.f.arn
}`, []string{`f eventbridge {"source":["aws.ec2"]}@7`}},
		{"scheduler", `resource "aws_scheduler_schedule" "s" {
  schedule_expression = "rate(5 minutes)"
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = aws_lambda_function.f.arn
    role_arn = "arn:aws:iam::123456789012:role/scheduler"
  }
}`, []string{"f schedule rate(5 minutes)@4"}},
		{"function url", `resource "aws_lambda_function_url" "u" {
  function_name      = aws_lambda_function.f.function_name
  authorization_type = "AWS_IAM"
}`, []string{"f function-url AWS_IAM@4"}},
		{"http api quick create", `resource "aws_apigatewayv2_api" "a" {
  name          = "a"
  protocol_type = "HTTP"
  target        = aws_lambda_function.f.arn
}`, []string{"f api-http ANY $default@4"}},
		{"openapi body", `resource "aws_api_gateway_rest_api" "a" {
  name = "a"
  body = jsonencode({
    openapi = "3.0.1"
    paths = {
      "/items" = {
        get = {
          security = [{ cognito = [] }]
          x-amazon-apigateway-integration = {
            uri = aws_lambda_function.f.invoke_arn
          }
        }
      }
    }
  })
}`, []string{"f api-rest GET /items@10"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			app := loadSrc(t, map[string]string{"main.tf": triggerFns + tc.src}, Options{})
			if diff := cmp.Diff(tc.want, triggers(app)); diff != "" {
				t.Errorf("triggers (-want +got):\n%s\nsource:\n%s", diff, tc.src)
			}
		})
	}
}

func TestArchiveCode(t *testing.T) {
	app := loadSrc(t, map[string]string{"main.tf": `data "archive_file" "src" {
  type        = "zip"
  source_dir  = "${path.module}/src"
  output_path = "build/app.zip"
}
resource "aws_lambda_function" "f" {
  filename         = data.archive_file.src.output_path
  source_code_hash = data.archive_file.src.output_base64sha256
}`}, Options{})
	if got := summary(fn(t, app, "f").Code); got != (sv{"./src", "explicit", 7, ""}) {
		t.Errorf("code = %+v, want the archive's source directory ./src at line 7", got)
	}
}

func TestAPIs(t *testing.T) {
	app := loadSrc(t, map[string]string{"main.tf": triggerFns + `
resource "aws_api_gateway_rest_api" "a" {
  name = "a"
}
resource "aws_api_gateway_resource" "items" {
  rest_api_id = aws_api_gateway_rest_api.a.id
  parent_id   = aws_api_gateway_rest_api.a.root_resource_id
  path_part   = "items"
}
resource "aws_api_gateway_resource" "item" {
  rest_api_id = aws_api_gateway_rest_api.a.id
  parent_id   = aws_api_gateway_resource.items.id
  path_part   = "{id}"
}
resource "aws_api_gateway_method" "get" {
  rest_api_id      = aws_api_gateway_rest_api.a.id
  resource_id      = aws_api_gateway_resource.item.id
  http_method      = "GET"
  authorization    = "CUSTOM"
  authorizer_id    = "abc"
  api_key_required = true
}
resource "aws_api_gateway_integration" "get" {
  rest_api_id = aws_api_gateway_rest_api.a.id
  resource_id = aws_api_gateway_method.get.resource_id
  http_method = aws_api_gateway_method.get.http_method
  uri         = aws_lambda_function.f.invoke_arn
}
resource "aws_api_gateway_stage" "prod" {
  rest_api_id = aws_api_gateway_rest_api.a.id
  stage_name  = "prod"
}
resource "aws_api_gateway_usage_plan" "p" {
  name = "p"
  api_stages {
    api_id = aws_api_gateway_rest_api.a.id
    stage  = aws_api_gateway_stage.prod.stage_name
  }
  throttle_settings {
    rate_limit = 10
  }
}
resource "aws_wafv2_web_acl_association" "w" {
  resource_arn = aws_api_gateway_stage.prod.arn
  web_acl_arn  = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/x/y"
}
`}, Options{})
	if len(app.APIs) != 1 {
		t.Fatalf("got %d APIs, want 1", len(app.APIs))
	}
	a := app.APIs[0]
	var routes []string
	for _, r := range a.Routes {
		routes = append(routes, r.Method.V+" "+r.Path.V+" auth="+r.Auth.V+" key="+strings.ToLower(r.APIKeyRequired.Text())+" fn="+r.FunctionID)
	}
	want := []string{"GET /items/{id} auth=CUSTOM:abc key=true fn=f"}
	if diff := cmp.Diff(want, routes); diff != "" {
		t.Errorf("routes (-want +got):\n%s", diff)
	}
	got := []bool{a.WAF.V, a.Throttle.V, a.UsagePlan.V, len(a.Stages) == 1 && a.Stages[0].Name.V == "prod"}
	if diff := cmp.Diff([]bool{true, true, true, true}, got); diff != "" {
		t.Errorf("WAF, throttle, usage plan, stage (-want +got):\n%s", diff)
	}
	if a.EndpointType.V != "EDGE" || a.EndpointType.Origin != model.Defaulted {
		t.Errorf("endpoint type = %+v, want the EDGE default", a.EndpointType)
	}
}

func TestStores(t *testing.T) {
	app := loadSrc(t, map[string]string{"main.tf": `
resource "aws_s3_bucket" "b" {
  bucket = "b"
  acl    = "public-read"
  website {
    index_document = "index.html"
  }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "e" {
  bucket = aws_s3_bucket.b.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "alias/app"
    }
  }
}
resource "aws_ssm_parameter" "p" {
  name  = "/app/x"
  type  = "SecureString"
  value = "v"
}
resource "aws_cloudwatch_log_group" "l" {
  name              = "/aws/lambda/f"
  retention_in_days = 14
}
resource "aws_kms_key" "k" {
  enable_key_rotation = true
}
`}, Options{})
	var got []string
	for _, s := range app.Stores {
		got = append(got, string(s.Kind)+" "+s.ID+" name="+s.Name.V+" enc="+s.Encrypted.Text()+" kms="+s.KMSKey.V+
			" acl="+s.ACL.V+" retention="+s.Retention.Text()+" rotation="+s.KeyRotation.Text())
	}
	want := []string{
		"s3 aws_s3_bucket.b name=b enc=true kms=alias/app acl=PublicRead retention=0 rotation=false",
		"ssm aws_ssm_parameter.p name=/app/x enc=true kms= acl= retention=0 rotation=false",
		"logs aws_cloudwatch_log_group.l name=/aws/lambda/f enc=false kms= acl= retention=14 rotation=false",
		"kms aws_kms_key.k name=k enc=false kms= acl= retention=0 rotation=true",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stores (-want +got):\n%s", diff)
	}
	if !app.Stores[0].Website {
		t.Error("bucket b: Website = false, want true")
	}
}
