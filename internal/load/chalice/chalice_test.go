package chalice

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/slsguard/slsguard/internal/model"
)

// val renders a value with its origin and line, so that one string
// checks content and provenance.
func val[T any](v model.Value[T]) string {
	switch v.Origin {
	case model.Unset:
		return "-"
	case model.Unresolved:
		return "?" + v.Symbol
	}
	s := fmt.Sprint(v.V)
	if v.Origin == model.Defaulted {
		s += "(default)"
	}
	if v.Loc.Line > 0 {
		s += fmt.Sprintf("@%d", v.Loc.Line)
	}
	return s
}

// summary renders an application as sorted lines.
func summary(app *model.App) []string {
	var out []string
	for _, f := range app.Functions {
		out = append(out, fmt.Sprintf("fn %s name=%s handler=%s runtime=%s timeout=%s memory=%s region=%s tracing=%s concurrency=%s",
			f.ID, val(f.Name), val(f.Handler), val(f.Runtime), val(f.Timeout), val(f.Memory), val(f.Region), val(f.Tracing), val(f.ReservedConcurrency)))
		for _, e := range f.Env {
			out = append(out, fmt.Sprintf("env %s %s=%s", f.ID, e.Name.V, val(e.Value)))
		}
		if f.VPC != nil {
			out = append(out, fmt.Sprintf("vpc %s %d subnets %d groups", f.ID, len(f.VPC.SubnetIDs), len(f.VPC.SecurityGroups)))
		}
		for _, l := range f.Layers {
			out = append(out, "layer "+f.ID+" "+l.V)
		}
		if f.URL != nil {
			out = append(out, fmt.Sprintf("url %s auth=%s cors=%d", f.ID, val(f.URL.AuthType), len(f.URL.CORSOrigins)))
		}
		if f.Role != nil {
			out = append(out, fmt.Sprintf("fnrole %s %s", f.ID, f.Role.ID))
		}
		for _, t := range f.Triggers {
			out = append(out, fmt.Sprintf("trigger %s %s %s %s", f.ID, t.ID, t.Kind, val(t.Source)))
		}
	}
	for _, r := range app.Roles {
		var acts []string
		for _, s := range r.Statements {
			for _, a := range s.Action {
				acts = append(acts, a.V)
			}
		}
		out = append(out, fmt.Sprintf("role %s implicit=%v external=%v arn=%s trust=%d actions=%s",
			r.ID, r.Implicit, r.External, val(r.ARN), len(r.Trust), strings.Join(acts, ",")))
	}
	for _, a := range app.APIs {
		out = append(out, fmt.Sprintf("api %s %s endpoint=%s key=%s", a.ID, a.Kind, val(a.EndpointType), val(a.APIKeyRequired)))
		for _, az := range a.Authorizers {
			out = append(out, fmt.Sprintf("authorizer %s %s %s", a.ID, az.Name.V, az.Type))
		}
		for _, r := range a.Routes {
			out = append(out, fmt.Sprintf("route %s %s %s auth=%s fn=%s", a.ID, r.Method.V, r.Path.V, val(r.Auth), r.FunctionID))
		}
	}
	for _, d := range app.Domains {
		out = append(out, fmt.Sprintf("domain %s %s api=%s tls=%s", d.ID, val(d.Name), d.APIID, val(d.SecurityPolicy)))
	}
	slices.Sort(out)
	return out
}

func TestLoad(t *testing.T) {
	allDefault := "timeout=60(default)@%d memory=128(default)@%d"
	tests := []struct {
		dir      string
		want     []string
		problems []string
	}{
		{
			dir: "plain",
			want: []string{
				"fn APIHandler name=plain-app-dev(default)@6 handler=app.app(default)@6 runtime=- " + fmt.Sprintf(allDefault, 6, 6) + " region=- tracing=- concurrency=-",
				"api RestAPI rest endpoint=EDGE(default)@6 key=-",
				"route RestAPI GET /hello/{name} auth=NONE(default)@6 fn=APIHandler",
				"trigger APIHandler RestAPI:GET /hello/{name} api-rest GET /hello/{name}@6",
				"fnrole APIHandler DefaultRole",
				"role DefaultRole implicit=true external=false arn=- trust=1 actions=logs:CreateLogGroup,logs:CreateLogStream,logs:PutLogEvents",
			},
		},
		{
			dir: "full",
			want: []string{
				"fn APIHandler name=shop-prod(default)@23 handler=app.app(default)@23 runtime=- timeout=30@8 memory=512@13 region=- tracing=Active@16 concurrency=10@15",
				"env APIHandler LOG_LEVEL=info@5",
				"env APIHandler UPLOADS_BUCKET=prod-uploads@21",
				"env APIHandler JOBS_QUEUE=prod-jobs@22",
				"vpc APIHandler 2 subnets 1 groups",
				"layer APIHandler arn:aws:lambda:eu-west-1:123456789012:layer:deps:1",
				"api RestAPI rest endpoint=REGIONAL@12 key=-",
				"route RestAPI GET / auth=NONE(default)@23 fn=APIHandler",
				"route RestAPI GET /orders auth=AWS_IAM@28 fn=APIHandler",
				"route RestAPI POST /orders auth=AWS_IAM@28 fn=APIHandler",
				"route RestAPI GET /me auth=ShopPool@33 fn=APIHandler",
				"route RestAPI DELETE /admin/{id} auth=TokenAuth@38 fn=APIHandler",
				"route RestAPI PUT /token auth=token_check@43 fn=APIHandler",
				"authorizer RestAPI ShopPool COGNITO",
				"domain RestAPIDomain api.shop.example@35 api=RestAPI tls=TLS_1_0@37",
				"authorizer RestAPI TokenAuth LAMBDA",
				"authorizer RestAPI token_check LAMBDA",
				"fn token_check name=shop-prod-token_check(default)@18 handler=app.token_check(default)@18 runtime=- timeout=30@8 memory=512@13 region=- tracing=Active@16 concurrency=10@15",
				"fn worker name=shop-prod-worker(default)@48 handler=app.worker_fn(default)@48 runtime=- timeout=300@26 memory=512@13 region=- tracing=Active@16 concurrency=10@15",
				"env worker WORKER_ONLY=1@29",
				"fnrole worker arn:aws:iam::123456789012:role/worker-role",
				"role arn:aws:iam::123456789012:role/worker-role implicit=false external=true arn=arn:aws:iam::123456789012:role/worker-role@28 trust=0 actions=",
				"role DefaultRole implicit=true external=false arn=- trust=1 actions=dynamodb:*,logs:*",
				"trigger on_upload on_upload:on_s3_event s3 prod-uploads@21",
				"trigger on_order on_order:on_sns_message sns orders@8",
				"trigger on_job on_job:on_sqs_message sqs prod-jobs@22",
				"trigger every_five every_five:schedule schedule rate(5 minutes)@68",
				"trigger nightly nightly:schedule schedule cron(0 3 * * ? *)@73",
				"trigger hourly hourly:schedule schedule rate(1 hour)@78",
				`trigger on_ec2 on_ec2:on_cw_event eventbridge {"source": ["aws.ec2"]}@83`,
				"trigger on_click on_click:on_kinesis_record kinesis clicks@88",
				"trigger on_change on_change:on_dynamodb_record dynamodb-stream ?environment variable CHANGES_ARN",
				"fn nightly name=shop-prod-nightly(default)@73 handler=app.nightly_job(default)@73 runtime=- timeout=30@8 memory=512@13 region=- tracing=Active@16 concurrency=10@15",
				"api WebsocketAPI websocket endpoint=REGIONAL(default)@98 key=-",
				"route WebsocketAPI ANY $connect auth=NONE(default)@98 fn=websocket_connect",
				"route WebsocketAPI ANY $default auth=NONE(default)@103 fn=websocket_message",
				"route WebsocketAPI ANY $disconnect auth=NONE(default)@108 fn=websocket_disconnect",
				"fn websocket_message name=shop-prod-websocket_message(default)@103 handler=app.message(default)@103 runtime=- timeout=30@8 memory=512@13 region=- tracing=Active@16 concurrency=10@15",
			},
		},
		{
			dir: "sample",
			want: []string{
				"trigger on_doc on_doc:on_s3_event s3 ?placeholder <bucket name> in config-sample.json",
				"role ExternalRole implicit=false external=true arn=?placeholder <ARN of a role> in config-sample.json trust=0 actions=",
			},
			problems: []string{"sample/.chalice/config-sample.json: the project has no .chalice/config.json: settings are read from the sample configuration, which may differ from what is deployed"},
		},
		{
			dir: "misc",
			want: []string{
				"fn APIHandler name=misc-app-dev(default)@14 handler=app.app(default)@14 runtime=- timeout=60(default)@14 memory=1024@6 region=- tracing=- concurrency=-",
				"fn TokenGate name=misc-app-dev-TokenGate(default)@9 handler=app.gate(default)@9 runtime=- timeout=60(default)@9 memory=128(default)@9 region=- tracing=- concurrency=-",
				"fn helper name=misc-app-dev-helper(default)@24 handler=app.helper(default)@24 runtime=- timeout=60(default)@24 memory=128(default)@24 region=- tracing=- concurrency=-",
				"authorizer RestAPI TokenGate LAMBDA",
				"route RestAPI GET /private auth=TokenGate@14 fn=APIHandler",
				"route RestAPI PATCH /extra auth=NONE(default)@19 fn=APIHandler",
			},
		},
		{
			dir: "blueprints",
			want: []string{
				"route RestAPI GET /v1/items auth=AWS_IAM@6 fn=APIHandler",
				"fn jobs_consume name=bp-app-dev-jobs_consume(default)@6 handler=chalicelib.jobs.consume(default)@6 runtime=- timeout=60(default)@6 memory=128(default)@6 region=- tracing=- concurrency=-",
				"trigger jobs_consume jobs_consume:on_sqs_message sqs work@6",
			},
		},
		{
			dir: "autogen_off",
			want: []string{
				"role DefaultRole implicit=true external=false arn=- trust=1 actions=s3:GetObject",
				"route RestAPI POST / auth=NONE(default)@6 fn=APIHandler",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			app, probs, err := Load("testdata", tt.dir)
			if err != nil {
				t.Fatalf("Load(%s): %v", tt.dir, err)
			}
			got := summary(app)
			var missing []string
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					missing = append(missing, w)
				}
			}
			if len(missing) > 0 {
				t.Errorf("Load(%s) lacks:\n%s\ngot:\n%s", tt.dir, strings.Join(missing, "\n"), strings.Join(got, "\n"))
			}
			var ps []string
			for _, p := range probs {
				ps = append(ps, p.Error())
			}
			if diff := cmp.Diff(tt.problems, ps); diff != "" {
				t.Errorf("Load(%s) problems (-want +got):\n%s", tt.dir, diff)
			}
		})
	}
}

func TestLooks(t *testing.T) {
	tests := map[string]bool{
		"from chalice import Chalice\napp = Chalice(app_name='a')\n": true,
		"import chalice\napp = chalice.Chalice(app_name='a')\n":      true,
		"from flask import Flask\napp = Flask(__name__)\n":           false,
		"from chalice import Blueprint\nbp = Blueprint(__name__)\n":  false,
	}
	for src, want := range tests {
		if got := Looks([]byte(src)); got != want {
			t.Errorf("Looks(%q) = %v, want %v", src, got, want)
		}
	}
}
