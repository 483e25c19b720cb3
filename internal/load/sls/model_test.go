package sls

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/load/cfn"
	"github.com/slsguard/slsguard/internal/model"
)

func TestFunctionModel(t *testing.T) {
	src := `service: shop
provider:
  name: aws
  runtime: python3.12
  region: eu-west-1
  kmsKeyArn: arn:aws:kms:eu-west-1:1:key/k
  tracing:
    lambda: true
  environment:
    STAGE: ${sls:stage}
    DB_PASSWORD: ${ssm:/shop/db}
    OVERRIDE: provider
functions:
  api:
    handler: api.handler
    memorySize: 512
    reservedConcurrency: 5
    layers:
      - arn:aws:lambda:eu-west-1:1:layer:deps:3
    environment:
      OVERRIDE: function
      TOKEN: ${env:TOKEN}
    vpc:
      subnetIds: [subnet-1]
      securityGroupIds: [sg-1]
    onError: arn:aws:sns:eu-west-1:1:dlq
  worker:
    handler: worker.handler
    image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/worker:1
    destinations:
      onFailure: arn:aws:sqs:eu-west-1:1:failed
`
	app := load(t, src, Options{Env: map[string]string{"TOKEN": "t0k3n"}})
	if app.Format != "serverless" || app.Name != "shop" || app.Region.V != "eu-west-1" {
		t.Errorf("app = %s %s %s, want serverless shop eu-west-1", app.Format, app.Name, app.Region.V)
	}
	type fn struct {
		ID, Name, Runtime, Code, Tracing, DLQ, OnFailure, KMS string
		Memory, Timeout, Reserved                             int
		MemoryOrigin, TimeoutOrigin                           model.Origin
		Env                                                   map[string]string
		VPC                                                   bool
		Line                                                  int
	}
	var got []fn
	for _, f := range app.Functions {
		env := map[string]string{}
		for _, e := range f.Env {
			env[e.Name.V] = e.Value.V + "|" + e.Value.Origin.String() + "|" + e.Value.Symbol + "|" + e.Value.RefTarget
		}
		got = append(got, fn{f.ID, f.Name.V, f.Runtime.V, f.Code.V, f.Tracing.V, f.DeadLetter.V, f.OnFailure.V, f.EnvKMSKey.V,
			f.Memory.V, f.Timeout.V, f.ReservedConcurrency.V, f.Memory.Origin, f.Timeout.Origin, env, f.VPC != nil, f.Loc.Line})
	}
	env := func(override, token string) map[string]string {
		m := map[string]string{
			"STAGE":       "dev|explicit||",
			"DB_PASSWORD": "${ssm:/shop/db}|unresolved|SSM parameter /shop/db|ssm:/shop/db",
			"OVERRIDE":    override,
		}
		if token != "" {
			m["TOKEN"] = token
		}
		return m
	}
	want := []fn{
		{"api", "shop-dev-api", "python3.12", ".", "Active", "arn:aws:sns:eu-west-1:1:dlq", "", "arn:aws:kms:eu-west-1:1:key/k",
			512, 6, 5, model.Explicit, model.Defaulted, env("function|explicit||", "t0k3n|explicit||env:TOKEN"), true, 14},
		{"worker", "shop-dev-worker", "", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/worker:1", "Active", "", "arn:aws:sqs:eu-west-1:1:failed", "arn:aws:kms:eu-west-1:1:key/k",
			1024, 6, 0, model.Defaulted, model.Defaulted, env("provider|explicit||", ""), false, 27},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("functions (-want +got):\n%s", diff)
	}
}

func TestAPIModel(t *testing.T) {
	src := head + `  apiGateway:
    resourcePolicy:
      - Effect: Allow
        Principal: '*'
        Action: execute-api:Invoke
        Resource: execute-api:/*
  httpApi:
    authorizers:
      jwt:
        issuerUrl: https://issuer
        audience: [a]
      custom:
        type: request
        functionName: auth
functions:
  auth:
    handler: auth.h
  api:
    handler: api.h
    url:
      authorizer: aws_iam
    events:
      - http: GET /open
      - http: {path: /iam, method: get, authorizer: aws_iam}
      - http: {path: /token, method: get, authorizer: auth}
      - http: {path: /pool, method: get, authorizer: {arn: 'arn:aws:cognito-idp:us-east-1:1:userpool/p'}}
      - http: {path: /key, method: get, private: true}
      - httpApi: {method: get, path: /jwt, authorizer: {name: jwt}}
      - httpApi: {method: get, path: /lambda, authorizer: {name: custom}}
      - httpApi: {method: get, path: /iam, authorizer: {type: aws_iam}}
`
	app := load(t, src, Options{})
	var got []string
	for _, a := range app.APIs {
		for _, r := range a.Routes {
			auth := r.Auth.V
			if i := len("CUSTOM:"); len(auth) > i && auth[:i] == "CUSTOM:" {
				auth = "CUSTOM"
			}
			got = append(got, a.ID+" "+r.Method.V+" "+r.Path.V+" "+auth+" key="+r.APIKeyRequired.Text()+" fn="+r.FunctionID)
		}
	}
	want := []string{
		"ApiGatewayRestApi GET /open NONE key=false fn=api",
		"ApiGatewayRestApi GET /iam AWS_IAM key=false fn=api",
		"ApiGatewayRestApi GET /token CUSTOM key=false fn=api",
		"ApiGatewayRestApi GET /pool COGNITO_USER_POOLS:the name of PApiGatewayAuthorizer key=false fn=api",
		"ApiGatewayRestApi GET /key NONE key=true fn=api",
		"HttpApi GET /jwt JWT key=false fn=api",
		"HttpApi GET /lambda CUSTOM key=false fn=api",
		"HttpApi GET /iam AWS_IAM key=false fn=api",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("routes (-want +got):\n%s", diff)
	}
	var rest *model.API
	for _, a := range app.APIs {
		if a.ID == restAPIID {
			rest = a
		}
	}
	if rest == nil || len(rest.ResourcePolicy) != 1 || rest.EndpointType.V != "EDGE" {
		t.Errorf("REST API = %+v, want an EDGE API with one resource policy statement", rest)
	}
	if f := app.Functions[1]; f.URL == nil || f.URL.AuthType.V != "AWS_IAM" {
		t.Errorf("function URL of api = %+v, want AWS_IAM", f.URL)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, src   string
		unsupported bool
	}{
		{name: "azure", src: "service: x\nprovider:\n  name: azure\n", unsupported: true},
		{name: "not a service", src: "foo: bar\n"},
		{name: "broken YAML", src: "service: x\nprovider: [\n"},
		{name: "list", src: "- a\n- b\n"},
		{name: "empty", src: ""},
	}
	for _, tt := range tests {
		_, _, err := Load("dir/serverless.yml", []byte(tt.src), Options{Dir: t.TempDir()})
		if err == nil {
			t.Errorf("%s: Load(%q) succeeded, want an error", tt.name, tt.src)
			continue
		}
		if got := errors.Is(err, ErrUnsupportedProvider); got != tt.unsupported {
			t.Errorf("%s: Load(%q) = %v, unsupported provider %v, want %v", tt.name, tt.src, err, got, tt.unsupported)
		}
		if !containsStr(err.Error(), "dir/serverless.yml") {
			t.Errorf("%s: error %q does not name the file", tt.name, err)
		}
		var pe *cfn.ParseError
		if !errors.As(err, &pe) || pe.Loc.File != "dir/serverless.yml" {
			t.Errorf("%s: error %v is not a *cfn.ParseError naming the file", tt.name, err)
		}
	}
}

func containsStr(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestLooks(t *testing.T) {
	svc := []byte("service: x\nprovider:\n  name: aws\n")
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"serverless.yml", svc, true},
		{"a/b/serverless.yaml", svc, true},
		{"serverless.json", []byte(`{"service":"x","provider":{"name":"aws"}}`), true},
		{"bad-open-url.sls.yml", svc, true},
		{"template.yaml", svc, false},
		{"serverless.yml", []byte("foo: bar\n"), false},
	}
	for _, tt := range tests {
		if got := Looks(tt.name, tt.data); got != tt.want {
			t.Errorf("Looks(%q, %q) = %v, want %v", tt.name, tt.data, got, tt.want)
		}
	}
}

// TestInputOrigins checks which values are marked as coming from the
// user's options (RefTarget), so that secret checks judge only what the
// files hold.
func TestInputOrigins(t *testing.T) {
	src := head + `  environment:
    FROM_FILE_PARAM: ${param:secret}
    FROM_OPTION_PARAM: ${param:token}
    FALLBACK: ${opt:password, 'written-here'}
    OPTION: ${opt:password2}
    NESTED: ${self:custom.${opt:stage}}
params:
  default:
    secret: in-the-file
custom:
  prod: value
functions:
  fn:
    handler: h.handler
`
	app := load(t, src, Options{Stage: "prod", Params: map[string]string{"token": "given", "password2": "p"}})
	got := map[string]string{}
	for _, e := range app.Functions[0].Env {
		got[e.Name.V] = e.Value.V + "|" + e.Value.RefTarget
	}
	want := map[string]string{
		"FROM_FILE_PARAM":   "in-the-file|",
		"FROM_OPTION_PARAM": "given|param:token",
		"FALLBACK":          "written-here|",
		"OPTION":            "p|opt:password2",
		"NESTED":            "value|",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("environment (-want +got):\n%s", diff)
	}
}

func TestUnresolvedNumbers(t *testing.T) {
	src := head + "functions:\n  fn:\n    handler: h.handler\n    timeout: ${ssm:/shop/timeout}\n"
	app := load(t, src, Options{})
	got := app.Functions[0].Timeout
	if got.Origin != model.Unresolved || got.Symbol != "SSM parameter /shop/timeout" || got.Loc.Line != 8 {
		t.Errorf("timeout = %+v, want unresolved SSM parameter /shop/timeout at line 8", got)
	}
}

func TestJSONService(t *testing.T) {
	src := `{"service": "shop", "provider": {"name": "aws", "runtime": "python3.12"},
 "functions": {"fn": {"handler": "h.handler", "events": [{"http": "GET /a"}]}}}`
	app := load(t, src, Options{})
	if len(app.Functions) != 1 || app.Functions[0].ID != "fn" || len(app.Triggers) != 1 || app.Functions[0].Loc.Line != 2 {
		t.Errorf("functions %+v, triggers %d: want fn at line 2 with one trigger", app.Functions, len(app.Triggers))
	}
}

// TestConcurrentLoads loads services on several goroutines at once, as
// discovery does; run with -race it finds shared state.
func TestConcurrentLoads(t *testing.T) {
	src := head + "  environment:\n    SECRET: ${ssm:/x}\nfunctions:\n  fn:\n    handler: h.handler\n    events:\n      - http: GET /a\n      - sqs: arn:aws:sqs:us-east-1:1:q\n"
	dir := t.TempDir()
	done := make(chan int)
	for range 4 {
		go func() {
			app, _, err := Load("serverless.yml", []byte(src), Options{Dir: dir})
			if err != nil {
				done <- -1
				return
			}
			done <- len(app.Triggers)
		}()
	}
	for range 4 {
		if n := <-done; n != 2 {
			t.Errorf("a concurrent load gave %d triggers, want 2", n)
		}
	}
}

func TestErrorLines(t *testing.T) {
	tests := []struct {
		src      string
		wantLine int
		wantMsg  string
	}{
		{"service: x\nprovider:\n  name: aws\nfunctions: [\n", 4, "invalid YAML/JSON: did not find expected node content"},
		{"service: x\nprovider:\n  name: azure\n", 2, "provider azure is not supported: only AWS services are loaded"},
	}
	for _, tt := range tests {
		_, _, err := Load("serverless.yml", []byte(tt.src), Options{Dir: t.TempDir()})
		var pe *cfn.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Load(%q) = %v, want a *cfn.ParseError", tt.src, err)
			continue
		}
		if pe.Loc.Line != tt.wantLine || pe.Msg != tt.wantMsg {
			t.Errorf("Load(%q) error at line %d: %q, want line %d: %q", tt.src, pe.Loc.Line, pe.Msg, tt.wantLine, tt.wantMsg)
		}
	}
}

func TestRegion(t *testing.T) {
	fns := "functions:\n  fn:\n    handler: h.handler\n"
	tests := []struct {
		name, provider string
		opts           Options
		want           string
	}{
		{"from the file", "  region: eu-west-1\n", Options{}, "eu-west-1 explicit line 5"},
		{"from a variable", "  region: ${opt:region, 'eu-central-1'}\n", Options{}, "eu-central-1 explicit line 5"},
		{"from the option", "", Options{Region: "ap-south-1"}, "ap-south-1 explicit line 0"},
		{"unknown", "", Options{}, " unset line 0"},
	}
	for _, tt := range tests {
		app := load(t, head+tt.provider+fns, tt.opts)
		for _, v := range []model.String{app.Region, app.Functions[0].Region} {
			if got := fmt.Sprintf("%s %s line %d", v.V, v.Origin, v.Loc.Line); got != tt.want {
				t.Errorf("%s: region = %q, want %q", tt.name, got, tt.want)
			}
		}
	}
}
