package sls

import (
	"fmt"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/model"
)

func load(t *testing.T, src string, opts Options) *model.App {
	t.Helper()
	if opts.Dir == "" {
		opts.Dir = t.TempDir()
	}
	app, problems, err := Load("serverless.yml", []byte(src), opts)
	if err != nil {
		t.Fatalf("Load:\n%s\nerror: %v", src, err)
	}
	for _, p := range problems {
		t.Errorf("problem: %v", p)
	}
	return app
}

const head = "service: shop\nprovider:\n  name: aws\n  runtime: nodejs22.x\n"

// triggerSummary is "function kind source @line" per trigger, sorted.
func triggerSummary(app *model.App) []string {
	var out []string
	for _, tr := range app.Triggers {
		out = append(out, fmt.Sprintf("%s %s %s @%d", tr.FunctionID, tr.Kind, tr.Source.Text(), tr.Loc.Line))
	}
	sort.Strings(out)
	return out
}

func TestExternalAPIs(t *testing.T) {
	src := head + "  apiGateway:\n    restApiId: abc123\n    restApiRootResourceId: root\n  httpApi:\n    id: def456\n" +
		"functions:\n  fn:\n    handler: h.handler\n    events:\n      - http: GET /a\n      - httpApi: POST /b\n"
	app := load(t, src, Options{})
	want := []string{"fn api-http POST /b @15", "fn api-rest GET /a @14"}
	if diff := cmp.Diff(want, triggerSummary(app)); diff != "" {
		t.Errorf("triggers (-want +got):\n%s", diff)
	}
	if len(app.APIs) != 0 {
		t.Errorf("got %d APIs, want none: they belong to another stack", len(app.APIs))
	}
}

// TestIntrinsicsKept checks that substituting variables keeps the
// CloudFormation short forms they are written in.
func TestIntrinsicsKept(t *testing.T) {
	src := head + "custom:\n  queue: Jobs\nfunctions:\n  fn:\n    handler: h.handler\n    environment:\n" +
		"      QUEUE_URL: !Ref ${self:custom.queue}\n      TOPIC: !Sub 'arn:aws:sns:${AWS::Region}:${AWS::AccountId}:${self:service}-topic'\n" +
		"resources:\n  Resources:\n    Jobs: {Type: AWS::SQS::Queue}\n"
	app := load(t, src, Options{Region: "eu-west-1"})
	got := map[string]string{}
	for _, e := range app.Functions[0].Env {
		got[e.Name.V] = e.Value.Text() + "|" + e.Value.RefTarget
	}
	want := map[string]string{
		"QUEUE_URL": "the URL of queue Jobs|Jobs",
		"TOPIC":     "arn:aws:sns:eu-west-1:${AWS::AccountId}:shop-topic|",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("environment (-want +got):\n%s", diff)
	}
}

func TestEvents(t *testing.T) {
	tests := []struct {
		name   string
		events string
		want   []string
	}{
		{"http short", "      - http: GET /orders", []string{"fn api-rest GET /orders @9"}},
		{"http long", "      - http:\n          path: orders/{id}\n          method: delete", []string{"fn api-rest DELETE /orders/{id} @9"}},
		{"httpApi", "      - httpApi: 'POST /orders'\n      - httpApi: '*'", []string{"fn api-http ANY $default @10", "fn api-http POST /orders @9"}},
		{"httpApi long", "      - httpApi:\n          method: get\n          path: /items/{id}", []string{"fn api-http GET /items/{id} @9"}},
		{"websocket", "      - websocket: $connect\n      - websocket:\n          route: sendMessage", []string{"fn api-websocket ANY $connect @9", "fn api-websocket ANY sendMessage @10"}},
		{"s3 new bucket", "      - s3: photos", []string{"fn s3 S3BucketPhotos @9"}},
		{"s3 existing", "      - s3:\n          bucket: legacy-photos\n          existing: true", []string{"fn s3 legacy-photos @9"}},
		{"sqs", "      - sqs: arn:aws:sqs:us-east-1:123456789012:jobs", []string{"fn sqs arn:aws:sqs:us-east-1:123456789012:jobs @9"}},
		{"sqs ref", "      - sqs:\n          arn: !GetAtt Jobs.Arn\n          batchSize: 5", []string{"fn sqs the Arn of Jobs @9"}},
		{"dynamodb stream", "      - stream:\n          type: dynamodb\n          arn: !GetAtt Table.StreamArn", []string{"fn dynamodb-stream the StreamArn of Table @9"}},
		{"kinesis stream", "      - stream: arn:aws:kinesis:us-east-1:123456789012:stream/clicks", []string{"fn kinesis arn:aws:kinesis:us-east-1:123456789012:stream/clicks @9"}},
		{"sns topic", "      - sns: alerts", []string{"fn sns the ARN of SNSTopicAlerts @9"}},
		{"sns arn", "      - sns: arn:aws:sns:us-east-1:123456789012:alerts", []string{"fn sns arn:aws:sns:us-east-1:123456789012:alerts @9"}},
		{"schedule", "      - schedule: rate(5 minutes)", []string{"fn schedule rate(5 minutes) @9"}},
		{"schedule rates", "      - schedule:\n          rate:\n            - rate(1 hour)\n            - cron(0 1 * * ? *)", []string{"fn schedule cron(0 1 * * ? *) @9", "fn schedule rate(1 hour) @9"}},
		{"eventBridge", "      - eventBridge:\n          pattern:\n            source: [orders]", []string{"fn eventbridge {source: [orders]} @9"}},
		{"iot", "      - iot:\n          sql: SELECT * FROM 'a/b'", []string{"fn iot SELECT * FROM 'a/b' @9"}},
		{"cognito", "      - cognitoUserPool:\n          pool: users\n          trigger: PreSignUp", []string{"fn cognito users @9"}},
		{"cloudwatchLog", "      - cloudwatchLog: /aws/lambda/other", []string{"fn cloudwatch-logs /aws/lambda/other @9"}},
		{"msk", "      - msk:\n          arn: arn:aws:kafka:us-east-1:123456789012:cluster/c/1\n          topic: t", []string{"fn kafka arn:aws:kafka:us-east-1:123456789012:cluster/c/1 @9"}},
		{"kafka", "      - kafka:\n          topic: t\n          bootstrapServers: [b1:9092]", []string{"fn kafka  @9"}},
		{"activemq", "      - activemq:\n          arn: arn:aws:mq:us-east-1:123456789012:broker:b:1\n          queue: q", []string{"fn mq arn:aws:mq:us-east-1:123456789012:broker:b:1 @9"}},
		{"alb", "      - alb:\n          listenerArn: arn:aws:elasticloadbalancing:l\n          priority: 1", []string{"fn alb arn:aws:elasticloadbalancing:l @9"}},
		{"alexa", "      - alexaSkill", []string{"fn alexa  @9"}},
	}
	resources := "\nresources:\n  Resources:\n    Jobs: {Type: AWS::SQS::Queue}\n    Table: {Type: AWS::DynamoDB::Table}\n"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := head + "functions:\n  fn:\n    handler: h.handler\n    events:\n" + tt.events + "\n" + resources
			app := load(t, src, Options{})
			got := triggerSummary(app)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("triggers of\n%s\n(-want +got):\n%s", src, diff)
			}
		})
	}
}

// TestAPIPlugins checks the settings plugins add to the REST API: WAF
// association and stage throttling.
func TestAPIPlugins(t *testing.T) {
	src := head + "custom:\n  associateWaf:\n    name: shop-acl\n  apiGatewayThrottling:\n    maxRequestsPerSecond: 100\n" +
		"functions:\n  fn:\n    handler: h.handler\n    events:\n      - http: GET /a\n"
	app := load(t, src, Options{})
	if len(app.APIs) != 1 {
		t.Fatalf("got %d APIs, want 1", len(app.APIs))
	}
	a := app.APIs[0]
	if !a.WAF.V || !a.Throttle.V || a.Throttle.Loc.Line != 9 {
		t.Errorf("API WAF = %+v, throttle = %+v; want both on, throttle at line 9", a.WAF, a.Throttle)
	}
}

func TestLayers(t *testing.T) {
	src := head + "layers:\n  deps:\n    path: layer\nfunctions:\n  fn:\n    handler: h.handler\n    layers:\n      - !Ref DepsLambdaLayer\n"
	app := load(t, src, Options{})
	layers := app.Functions[0].Layers
	if len(layers) != 1 || layers[0].RefTarget != "DepsLambdaLayer" {
		t.Errorf("layers = %+v, want the service's layer DepsLambdaLayer", layers)
	}
}

func TestS3BucketSettings(t *testing.T) {
	src := head + "  s3:\n    photos:\n      name: shop-photos\n      accessControl: PublicRead\n" +
		"functions:\n  fn:\n    handler: h.handler\n    events:\n      - s3: photos\n"
	app := load(t, src, Options{})
	if len(app.Stores) < 1 {
		t.Fatalf("no stores")
	}
	var got []string
	for _, s := range app.Stores {
		if s.Kind == "s3" {
			got = append(got, s.ID+" "+s.Name.V+" "+s.ACL.V+" @"+itoa(s.ACL.Loc.Line))
		}
	}
	if diff := cmp.Diff([]string{"S3BucketPhotos shop-photos PublicRead @8"}, got); diff != "" {
		t.Errorf("buckets (-want +got):\n%s", diff)
	}
}

func TestWebsocketAuth(t *testing.T) {
	src := head + "functions:\n  auth:\n    handler: a.h\n  ws:\n    handler: h.handler\n    events:\n" +
		"      - websocket:\n          route: $connect\n          authorizer: auth\n      - websocket: $default\n"
	app := load(t, src, Options{})
	var got []string
	for _, a := range app.APIs {
		for _, r := range a.Routes {
			got = append(got, r.Path.V+" "+r.Auth.V+" "+r.Auth.Origin.String())
		}
	}
	want := []string{"$connect CUSTOM explicit", "$default CUSTOM default"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("routes (-want +got):\n%s", diff)
	}
}
