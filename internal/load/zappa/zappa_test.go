package zappa

import (
	"fmt"
	"os"
	"path/filepath"
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

func load(t *testing.T, name string) ([]string, []string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	app, probs, err := Load(name, data, "testdata")
	if err != nil {
		t.Fatalf("Load(%s): %v", name, err)
	}
	var ps []string
	for _, p := range probs {
		ps = append(ps, p.Error())
	}
	return summary(app), ps
}

func TestLoad(t *testing.T) {
	tests := []struct {
		file string
		// want lists lines that must be in the summary; problems all problems.
		want     []string
		problems []string
	}{
		{
			file: "lenient.json",
			want: []string{
				"fn dev name=testdata-dev(default)@3 handler=main.app@6 runtime=?the Python 3 version that runs zappa deploy timeout=30(default)@3 memory=512(default)@3 region=us-west-2@7 tracing=- concurrency=-",
				"api dev-api rest endpoint=EDGE(default)@3 key=-",
				"route dev-api ANY / auth=NONE(default)@3 fn=dev",
				"route dev-api ANY /{proxy+} auth=NONE(default)@3 fn=dev",
				"trigger dev dev:keep_warm schedule rate(4 minutes)(default)@3",
				"role testdata-dev-ZappaLambdaExecutionRole implicit=true external=false arn=- trust=1 actions=logs:*,lambda:InvokeFunction,xray:PutTraceSegments,xray:PutTelemetryRecords,ec2:AttachNetworkInterface,ec2:CreateNetworkInterface,ec2:DeleteNetworkInterface,ec2:DescribeInstances,ec2:DescribeNetworkInterfaces,ec2:DetachNetworkInterface,ec2:ModifyNetworkInterfaceAttribute,ec2:ResetNetworkInterfaceAttribute,s3:*,kinesis:*,sns:*,sqs:*,dynamodb:*,route53:*",
			},
			problems: []string{
				"lenient.json:2:5: " + msgComment,
				"lenient.json:6:35: missing comma: zappa's JSON reader rejects this file; read as if the comma were there",
				"lenient.json:7:27: trailing comma: zappa's JSON reader rejects it",
			},
		},
		{
			file: "full.json",
			want: []string{
				"fn prod name=shop-prod(default)@9 handler=shop.app@4 runtime=python3.12@5 timeout=90@11 memory=1024@12 region=eu-west-1@6 tracing=Active@18 concurrency=5@21",
				"env prod API_TOKEN=abc123@14",
				"env prod DB_HOST=db.internal@13",
				"vpc prod 1 subnets 1 groups",
				"layer prod arn:aws:lambda:eu-west-1:123456789012:layer:deps:3",
				"api prod-api rest endpoint=REGIONAL@17 key=true@16",
				"route prod-api ANY /{proxy+} auth=AWS_IAM@15 fn=prod",
				"trigger prod prod:event0 schedule cron(0 3 * * ? *)@28",
				"trigger prod prod:event1 s3 arn:aws:s3:::uploads@29",
				"trigger prod prod:event2 sns arn:aws:sns:eu-west-1:123456789012:orders@30",
				"trigger prod prod:event3 sqs arn:aws:sqs:eu-west-1:123456789012:jobs@31",
				"trigger prod prod:event4 kinesis arn:aws:kinesis:eu-west-1:123456789012:stream/clicks@32",
				"trigger prod prod:event5 dynamodb-stream arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2024@33",
				"fn worker name=testdata-worker(default)@36 handler=worker.handler@37 runtime=?the Python 3 version that runs zappa deploy timeout=30(default)@36 memory=512(default)@36 region=- tracing=- concurrency=-",
				"trigger worker worker:keep_warm schedule rate(10 minutes)@40",
				"fnrole worker arn:aws:iam::123456789012:role/service/worker-role",
				"role arn:aws:iam::123456789012:role/service/worker-role implicit=false external=true arn=arn:aws:iam::123456789012:role/service/worker-role@39 trust=0 actions=",
				"role prebuilt implicit=false external=true arn=- trust=0 actions=",
				"authorizer custom-api auth.check LAMBDA",
				"route custom-api ANY / auth=auth.check@46 fn=custom",
				"url custom auth=NONE@48 cors=1",
				"trigger custom custom-url function-url NONE@48",
				"authorizer cognito-api ZappaAuthorizer COGNITO",
				"domain cognito-api-domain api.example.com@54 api=cognito-api tls=-",
				"role testdata-cognito-ZappaLambdaExecutionRole implicit=true external=false arn=- trust=1 actions=s3:GetObject",
			},
		},
		{
			file: "zappa_settings.yml",
			want: []string{
				"fn dev name=testdata-dev(default)@1 handler=app.app@2 runtime=?the Python 3 version that runs zappa deploy timeout=15@4 memory=512(default)@1 region=us-east-1@3 tracing=- concurrency=-",
				"trigger dev dev:event0 schedule rate(1 minute)@7",
				"trigger dev dev:event1 sqs arn:aws:sqs:us-east-1:123456789012:inbox@10",
			},
		},
		{
			file: "zappa_settings.toml",
			want: []string{
				"fn dev name=testdata-dev(default)@1 handler=app.app@2 runtime=?the Python 3 version that runs zappa deploy timeout=30(default)@1 memory=256@4 region=us-east-2@3 tracing=- concurrency=-",
				"env dev MODE=test@8",
				"fnrole dev my-role",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, probs := load(t, tt.file)
			var missing []string
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					missing = append(missing, w)
				}
			}
			if len(missing) > 0 {
				t.Errorf("Load(%s) lacks:\n%s\ngot:\n%s", tt.file, strings.Join(missing, "\n"), strings.Join(got, "\n"))
			}
			if diff := cmp.Diff(tt.problems, probs); diff != "" {
				t.Errorf("Load(%s) problems (-want +got):\n%s", tt.file, diff)
			}
		})
	}
}

func TestLooks(t *testing.T) {
	for name, want := range map[string]bool{
		"zappa_settings.json": true, "a/zappa_settings.yml": true, "zappa_settings.yaml": true,
		"zappa_settings.toml": true, "settings.json": false, "zappa_settings.py": false,
	} {
		if got := Looks(name); got != want {
			t.Errorf("Looks(%q) = %v, want %v", name, got, want)
		}
	}
}
