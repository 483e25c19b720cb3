package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGitHubGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   *Input
	}{
		{"sample", sampleInput()},
		{"empty", emptyInput()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := render(t, func(b *bytes.Buffer) error { return Write(b, "github", tc.in) })
			golden(t, "github/"+tc.name+".txt", []byte(got))
		})
	}
}

func TestGitHubCommands(t *testing.T) {
	got := render(t, func(b *bytes.Buffer) error { return GitHub(b, sampleInput()) })
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	want := []string{
		"::error file=examples/app/template.yaml,line=30,col=7,title=IAM001 Role allows every action::role ApiRole allows \"*\" on <all> resources & more",
		"::error file=examples/app/template.yaml,line=18,col=24,title=SEC001 Secret stored in a function's environment variables::environment variable DB_PASSWORD of ApiFunction holds a secret (Tr0u…b1a01c48)",
		"::error file=examples/app/template.yaml,line=19,col=22,title=SEC001 Secret stored in a function's environment variables::environment variable API_TOKEN of ApiFunction holds a secret (ghp_…0f3a)",
		"::warning file=examples/app/template.yaml,line=40,col=9,title=API001 Route has no authorization::route GET /orders/{id} has no authorizer: 50%25 of routes, line1%0Aline2, a:b",
		"::notice file=examples/app/svc/serverless.yml,line=5,col=11,title=REG001 Unintended region::service deploys to eu-west-3",
		"::warning file=examples/app/broken/template.yaml,line=3,col=1,title=slsguard could not read an input::yaml: mapping values are not allowed here",
		"slsguard: 5 findings (1 critical, 2 high, 1 medium, 1 info) in 2 applications, 3 functions; 1 suppressed; 1 problem with inputs",
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("GitHub output (-want +got):\n%s", diff)
	}
	if strings.Contains(got, "WorkerFunction") {
		t.Errorf("suppressed finding appears in annotations:\n%s", got)
	}
}

func TestGitHubEscaping(t *testing.T) {
	for _, tc := range []struct {
		in, data, prop string
	}{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"k:v,w", "k:v,w", "k%3Av%2Cw"},
		{"%0A", "%250A", "%250A"},
	} {
		if got := ghData(tc.in); got != tc.data {
			t.Errorf("ghData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := ghProperty(tc.in); got != tc.prop {
			t.Errorf("ghProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
}

func TestRepoPath(t *testing.T) {
	for _, tc := range []struct{ root, file, want string }{
		{".", "template.yaml", "template.yaml"},
		{"", "a/b.yml", "a/b.yml"},
		{"examples/app", "template.yaml", "examples/app/template.yaml"},
		{"./examples/app/", "src/h.js", "examples/app/src/h.js"},
		{"/abs/root", "t.yaml", "/abs/root/t.yaml"},
	} {
		if got := repoPath(tc.root, tc.file); got != tc.want {
			t.Errorf("repoPath(%q, %q) = %q, want %q", tc.root, tc.file, got, tc.want)
		}
	}
}

// FuzzGitHub checks that no message, title or path can end a workflow
// command early or start another one: each finding stays on one line and
// the properties hold no unescaped separator.
func FuzzGitHub(f *testing.F) {
	f.Add("msg", "title", "file.yaml")
	f.Add("a\nb::error::x", "t:i,t", "d,ir/f:le%")
	f.Fuzz(func(t *testing.T, msg, title, file string) {
		in := sampleInput()
		in.Problems = nil
		in.Findings = in.Findings[:1]
		in.Findings[0].Message = msg
		in.Findings[0].Title = title
		in.Findings[0].Loc.File = file
		got := render(t, func(b *bytes.Buffer) error { return GitHub(b, in) })
		lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
		if len(lines) != 2 {
			t.Fatalf("want 2 lines, got %d:\n%s", len(lines), got)
		}
		cmdLine := strings.TrimPrefix(lines[0], "::error ")
		props, _, ok := strings.Cut(cmdLine, "::")
		if !ok {
			t.Fatalf("no message separator in %q", lines[0])
		}
		for _, kv := range strings.Split(props, ",") {
			k, _, _ := strings.Cut(kv, "=")
			if k != "file" && k != "line" && k != "col" && k != "title" {
				t.Errorf("properties %q: unexpected key %q: a value is not escaped", props, k)
			}
		}
	})
}
