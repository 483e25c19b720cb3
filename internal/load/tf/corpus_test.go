package tf

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
	"github.com/slsguard/slsguard/internal/rules"
)

// corpusDir returns ../shared/corpus/<name> relative to the repository
// root, or skips the test when the corpus is absent.
func corpusDir(t testing.TB, name string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "..", "shared", "corpus", name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not found at %s: %v", dir, err)
	}
	return dir
}

// runRules runs the whole catalog on an application.
func runRules(app *model.App) []finding.Finding {
	var out []finding.Finding
	for _, r := range withProviderRules(rules.All()) {
		p := rule.NewPass(r, app, rule.Options{Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
		r.Check(p)
		out = append(out, p.Findings()...)
	}
	return out
}

func hasFinding(fs []finding.Finding, ruleID, loc string) bool {
	for _, f := range fs {
		if f.RuleID == ruleID && strings.HasPrefix(f.Loc.String(), loc) {
			return true
		}
	}
	return false
}

// TestTerragoat loads every Terraform directory of terragoat and finds
// its documented Lambda issues: AWS keys in the environment and an
// end-of-life runtime.
func TestTerragoat(t *testing.T) {
	root := corpusDir(t, "terragoat")
	dirs := map[string]bool{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".tf") {
			dirs[filepath.Dir(p)] = true
		}
		return nil
	})
	if len(dirs) == 0 {
		t.Fatal("no Terraform directory in terragoat")
	}
	var aws *model.App
	for dir := range dirs {
		app, problems, err := LoadModule(root, dir, Options{})
		if err != nil {
			t.Errorf("load %s: %v", dir, err)
			continue
		}
		for _, p := range problems {
			t.Errorf("problem in %s: %v", dir, p)
		}
		if filepath.Base(dir) == "aws" {
			aws = app
		}
	}
	if aws == nil {
		t.Fatal("terraform/aws was not loaded")
	}
	fs := runRules(aws)
	for _, want := range []struct{ rule, loc string }{
		{"SEC001", "terraform/aws/lambda.tf:45"},
		{"SEC001", "terraform/aws/lambda.tf:46"},
		{"FN003", "terraform/aws/lambda.tf:41"},
	} {
		if !hasFinding(fs, want.rule, want.loc) {
			t.Errorf("no %s finding at %s", want.rule, want.loc)
		}
	}
	for _, f := range fs {
		if f.RuleID == "SEC001" && strings.Contains(f.Message, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") {
			t.Errorf("finding prints a secret in full: %s", f.Message)
		}
	}
}

// TestBadLambda loads bad-lambda: a Python function behind an API
// Gateway proxy without authorization, with a role able to list and read
// secrets.
func TestBadLambda(t *testing.T) {
	root := corpusDir(t, "bad-lambda")
	app, problems, err := LoadModule(root, root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// lambda.tf uses Terraform 0.11 block syntax (quoted argument names in
	// tags), which current Terraform rejects: one real parse problem.
	if len(problems) != 1 || problems[0].Loc.File != "lambda.tf" {
		t.Errorf("problems = %v, want one in lambda.tf", problems)
	}
	f := fn(t, app, "bad-lambda")
	if f.Role == nil || f.Role.ID != "aws_iam_role.lambda_iam" {
		t.Fatalf("role of bad-lambda = %+v, want aws_iam_role.lambda_iam", f.Role)
	}
	var actions []string
	for _, s := range f.Role.Statements {
		for _, a := range s.Action {
			actions = append(actions, a.V)
		}
	}
	if !strings.Contains(strings.Join(actions, " "), "secretsmanager:ListSecrets") {
		t.Errorf("role actions %v lack secretsmanager:ListSecrets from iam.tf", actions)
	}
	fs := runRules(app)
	for _, want := range []struct{ rule, loc string }{
		{"API001", "apigateway.tf:12"},
		{"API001", "apigateway.tf:29"},
		{"FN003", "lambda.tf:8"},
		{"FN007", "apigateway.tf"},
	} {
		if !hasFinding(fs, want.rule, want.loc) {
			t.Errorf("no %s finding at %s", want.rule, want.loc)
		}
	}
}

// TestSadcloud switches sadcloud's misconfiguration toggles that the
// catalog covers on and off.
func TestSadcloud(t *testing.T) {
	root := corpusDir(t, "sadcloud")
	tests := []struct {
		module, toggle, rule, resource string
	}{
		{"s3", "s3_public", "S3001", "aws_s3_bucket.public[0]"},
		{"s3", "s3_getobject_only", "S3001", "aws_s3_bucket.getonly[0]"},
	}
	for _, tc := range tests {
		for _, on := range []bool{true, false} {
			value := "false"
			if on {
				value = "true"
			}
			app, problems, err := LoadModule(root, filepath.Join(root, "modules", "aws", tc.module), Options{Vars: map[string]string{tc.toggle: value}})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Errorf("problem: %v", p)
			}
			found := false
			for _, f := range runRules(app) {
				found = found || f.RuleID == tc.rule && f.Resource == tc.resource
			}
			if found != on {
				t.Errorf("%s=%s: %s on %s found = %v, want %v", tc.toggle, value, tc.rule, tc.resource, found, on)
			}
		}
	}
}

// TestSadcloudLoads loads every sadcloud module with every toggle on.
func TestSadcloudLoads(t *testing.T) {
	root := corpusDir(t, "sadcloud")
	dirs, _ := filepath.Glob(filepath.Join(root, "modules", "aws", "*"))
	sort.Strings(dirs)
	for _, d := range dirs {
		vars := map[string]string{}
		src, _ := os.ReadFile(filepath.Join(d, "variables.tf"))
		for _, line := range strings.Split(string(src), "\n") {
			if name, ok := strings.CutPrefix(strings.TrimSpace(line), "variable \""); ok {
				vars[strings.SplitN(name, "\"", 2)[0]] = "true"
			}
		}
		if _, problems, err := LoadModule(root, d, Options{Vars: vars}); err != nil || len(problems) > 0 {
			t.Errorf("load %s: %v %v", d, err, problems)
		}
	}
}
