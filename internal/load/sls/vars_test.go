package sls

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// resolveDoc resolves the variables of a service written in dir.
func resolveDoc(t *testing.T, dir, src string, opts Options) (*yaml.Node, *resolver) {
	t.Helper()
	budget := maxNodes
	root, err := parseYAML([]byte(src), &budget)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	opts.Dir = dir
	r, err := resolve(root, opts, &budget)
	if err != nil {
		t.Fatalf("resolve: %v", err)
	}
	return root, r
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestVariables(t *testing.T) {
	base := "service: shop\nprovider:\n  name: aws\n"
	tests := []struct {
		name  string
		src   string
		files map[string]string
		opts  Options
		want  string // custom.out after resolution, rendered
		// problem is a substring of the one expected problem, or "".
		problem string
	}{
		{name: "self", src: "custom:\n  a: hello\n  out: ${self:custom.a}", want: "hello"},
		{name: "self service", src: "custom:\n  out: ${self:service}-api", want: "shop-api"},
		{name: "interpolation", src: "custom:\n  a: x\n  out: pre-${self:custom.a}-${self:custom.a}", want: "pre-x-x"},
		{name: "nested address", src: "custom:\n  prod: {size: 3}\n  dev: {size: 1}\n  out: ${self:custom.${opt:stage}.size}", opts: Options{Stage: "prod"}, want: "3"},
		{name: "default stage", src: "custom:\n  out: ${opt:stage, 'dev'}", want: "dev"},
		{name: "stage option", src: "custom:\n  out: ${opt:stage, 'dev'}", opts: Options{Stage: "prod"}, want: "prod"},
		{name: "provider stage default", src: "custom:\n  out: ${self:provider.stage}", want: "dev"},
		{name: "provider stage set", src: "custom:\n  out: ${self:provider.stage}-${sls:stage}\nprovider:\n  name: aws\n  stage: ${opt:stage, 'qa'}", want: "qa-qa"},
		{name: "region", src: "custom:\n  out: ${aws:region}/${opt:region, self:provider.region}", opts: Options{Region: "eu-west-1"}, want: "eu-west-1/eu-west-1"},
		{name: "fallback chain", src: "custom:\n  fb: chained\n  out: ${env:NOPE, self:custom.missing, self:custom.fb}", want: "chained"},
		{name: "nested fallback", src: "custom:\n  fb: inner\n  out: ${opt:x, ${self:custom.fb}}", want: "inner"},
		{name: "numeric fallback", src: "custom:\n  out: ${opt:memory, 512}", want: "512"},
		{name: "env unresolved", src: "custom:\n  out: ${env:DB_HOST}", want: "${env:DB_HOST}"},
		{name: "env given", src: "custom:\n  out: ${env:DB_HOST}", opts: Options{Env: map[string]string{"DB_HOST": "db.local"}}, want: "db.local"},
		{name: "param option", src: "custom:\n  out: ${param:domain}", opts: Options{Params: map[string]string{"domain": "example.com"}}, want: "example.com"},
		{name: "params section", src: "params:\n  default: {domain: dev.example.com}\n  prod: {domain: example.com}\ncustom:\n  out: ${param:domain}", opts: Options{Stage: "prod"}, want: "example.com"},
		{name: "v4 stages params", src: "stages:\n  default: {params: {domain: dev.example.com}}\n  prod: {params: {domain: example.com}}\ncustom:\n  out: ${param:domain}", want: "dev.example.com"},
		{name: "ssm symbolic", src: "custom:\n  out: ${ssm:/db/password}", want: "${ssm:/db/password}"},
		{name: "ssm secrets manager", src: "custom:\n  out: ${ssm:/aws/reference/secretsmanager/db}", want: "${ssm:/aws/reference/secretsmanager/db}"},
		{name: "ssm keeps fallback unused", src: "custom:\n  out: ${ssm:/db/password, 'x'}", want: "${ssm:/db/password, 'x'}"},
		{name: "cf symbolic", src: "custom:\n  out: ${cf:network.VpcId}", want: "${cf:network.VpcId}"},
		{name: "strToBool", src: "custom:\n  out: ${strToBool(true)}", want: "true"},
		{name: "cloudformation placeholders kept", src: "custom:\n  out: !Sub '${AWS::Region}-${Bucket.Arn}-${self:service}'", want: "${AWS::Region}-${Bucket.Arn}-shop"},
		{name: "map substitution", src: "custom:\n  vpc: {subnetIds: [a, b]}\n  out: ${self:custom.vpc}", want: "{subnetIds:[a,b]}"},
		{name: "file whole", src: "custom:\n  out: ${file(./config.yml)}", files: map[string]string{"config.yml": "size: 2\n"}, want: "{size:2}"},
		{name: "file address", src: "custom:\n  out: ${file(./config.yml):db.host}", files: map[string]string{"config.yml": "db:\n  host: h1\n"}, want: "h1"},
		{name: "file with variables", src: "custom:\n  out: ${file(conf/${sls:stage}.yml):name}", files: map[string]string{"conf/dev.yml": "name: ${self:service}-dev\n"}, want: "shop-dev"},
		{name: "file relative to file", src: "custom:\n  out: ${file(conf/a.yml):b.x}", files: map[string]string{"conf/a.yml": "b: ${file(./b.yml)}\n", "conf/b.yml": "x: deep\n"}, want: "deep"},
		{name: "file text", src: "custom:\n  out: ${file(./key.pem)}", files: map[string]string{"key.pem": "PEM\n"}, want: "PEM"},
		{name: "file script", src: "custom:\n  out: ${file(./config.js):value}", want: "${file(./config.js):value}"},
		{name: "missing file with fallback", src: "custom:\n  out: ${file(./secrets.yml):key, 'none'}", want: "none"},
		{name: "missing file", src: "custom:\n  out: ${file(./secrets.yml):key}", want: "${file(./secrets.yml):key}", problem: "file or address not found"},
		{name: "missing self", src: "custom:\n  out: ${self:custom.nope}", want: "${self:custom.nope}", problem: "no value"},
		{name: "file outside tree", src: "custom:\n  out: ${file(../../etc/passwd)}", want: "${file(../../etc/passwd)}", problem: "outside the scanned tree"},
		{name: "file cycle", src: "custom:\n  out: ${file(./a.yml):x}", files: map[string]string{"a.yml": "x: ${file(./b.yml):y}\n", "b.yml": "y: ${file(./a.yml):x}\n"}, want: "${file(./a.yml):x}", problem: "includes itself"},
		{name: "self cycle", src: "custom:\n  a: ${self:custom.b}\n  b: ${self:custom.a}\n  out: ${self:custom.a}", want: "${self:custom.a}", problem: "cycle"},
		{name: "self reference to itself", src: "custom:\n  out: ${self:custom.out}", want: "${self:custom.out}", problem: "cycle"},
		{name: "alias and merge", src: "defaults: &d\n  size: 4\ncustom:\n  out:\n    <<: *d\n    name: m", want: "{name:m,size:4}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, tt.files)
			src := tt.src
			if !strings.Contains(src, "provider:") {
				src = base + src
			} else {
				src = "service: shop\n" + src
			}
			root, r := resolveDoc(t, dir, src, tt.opts)
			var b strings.Builder
			render(path(root, "custom", "out"), &b, 0)
			if b.String() != tt.want {
				t.Errorf("custom.out of\n%s\n= %q, want %q", src, b.String(), tt.want)
			}
			var msgs []string
			for _, p := range r.problems {
				msgs = append(msgs, p.msg)
			}
			switch {
			case tt.problem == "" && len(msgs) > 0:
				t.Errorf("unexpected problems: %q", msgs)
			case tt.problem != "" && (len(msgs) == 0 || !strings.Contains(strings.Join(msgs, "\n"), tt.problem)):
				t.Errorf("problems %q, want one containing %q", msgs, tt.problem)
			}
		})
	}
}

func TestVariablePositions(t *testing.T) {
	src := "service: shop\nprovider:\n  name: aws\ncustom:\n  rt: python3.12\n  out: ${self:custom.rt}\n"
	root, _ := resolveDoc(t, t.TempDir(), src, Options{})
	got := at(path(root, "custom", "out"))
	if want := (pos{6, 8}); got != want {
		t.Errorf("position of a substituted scalar = %v, want %v", got, want)
	}
}

func TestSyntax(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"${self:a}", []string{"${self:a}"}},
		{"x${AWS::Region}y${opt:stage}", []string{"${opt:stage}"}},
		{"${Bucket.Arn}", nil},
		{"${self:a.${opt:b}}-${file(./x.yml):k}", []string{"${self:a.${opt:b}}", "${file(./x.yml):k}"}},
		{"${opt:stage, 'a}b'}", []string{"${opt:stage, 'a}b'}"}},
		{"${cf.us-east-1:stack.Out}", []string{"${cf.us-east-1:stack.Out}"}},
		{"${unterminated", nil},
		{"don't ${self:a} it's", []string{"${self:a}"}},
		{"${opt:a, 'x'}-${opt:b, \"y}\"}", []string{"${opt:a, 'x'}", "${opt:b, \"y}\"}"}},
		{strings.Repeat("${", 1000) + "${self:a}", []string{"${self:a}"}},
	}
	for _, tt := range tests {
		var got []string
		from := 0
		for {
			s, e, ok := nextVar(tt.in, from)
			if !ok {
				break
			}
			got = append(got, tt.in[s:e])
			from = e
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("variables in %q (-want +got):\n%s", tt.in, diff)
		}
	}
}
