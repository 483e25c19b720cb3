package report

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs (-want +got):\n%s", file, cmp.Diff(string(want), string(got)))
	}
}

// testRules are a small catalog with the fields every format shows.
func testRules() []*rule.Rule {
	return []*rule.Rule{
		{ID: "FN001", Title: "Function has no timeout", Severity: finding.Low, Category: "function",
			Rationale: "A function without a timeout runs up the bill.", Remediation: "Set `Timeout`.",
			References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html"}},
		{ID: "IAM001", Title: "Role allows every action", Severity: finding.Critical, Category: "iam",
			Rationale: "A wildcard action grants <everything>.", Remediation: "List the actions the code calls."},
		{ID: "SEC001", Title: "Secret stored in a function's environment variables", Severity: finding.High, Category: "secrets",
			Rationale: "Environment variables are readable by anyone who can read the function.", Remediation: "Use Secrets Manager."},
		{ID: "API001", Title: "Route has no authorization", Severity: finding.Medium, Category: "api",
			Rationale: "Anyone can call it.", Remediation: "Add an authorizer."},
		{ID: "REG001", Title: "Unintended region", Severity: finding.Info, Category: "region",
			Rationale: "Spread makes inventory hard.", Remediation: "Deploy to the intended regions."},
	}
}

// sampleInput covers every severity, a suppressed finding, a finding with no
// function, related locations, characters every format must escape, and a
// problem.
func sampleInput() *Input {
	loc := func(file string, line, col int) model.Location {
		return model.Location{File: file, Line: line, Column: col}
	}
	fs := []finding.Finding{
		{RuleID: "IAM001", Title: "Role allows every action", Severity: finding.Critical,
			Message: `role ApiRole allows "*" on <all> resources & more`, Loc: loc("template.yaml", 30, 7),
			App: "template.yaml", Resource: "ApiRole", Function: "ApiFunction", Key: "*", Fingerprint: "1111111111111111",
			Related: []finding.Related{{Loc: loc("template.yaml", 12, 3), Message: "ApiFunction uses this role"}}},
		{RuleID: "SEC001", Title: "Secret stored in a function's environment variables", Severity: finding.High,
			Message: "environment variable DB_PASSWORD of ApiFunction holds a secret (Tr0u…b1a01c48)", Loc: loc("template.yaml", 18, 24),
			App: "template.yaml", Resource: "ApiFunction", Function: "ApiFunction", Key: "DB_PASSWORD", Fingerprint: "2222222222222222"},
		{RuleID: "SEC001", Title: "Secret stored in a function's environment variables", Severity: finding.High,
			Message: "environment variable API_TOKEN of ApiFunction holds a secret (ghp_…0f3a)", Loc: loc("template.yaml", 19, 22),
			App: "template.yaml", Resource: "ApiFunction", Function: "ApiFunction", Key: "API_TOKEN", Fingerprint: "3333333333333333"},
		{RuleID: "API001", Title: "Route has no authorization", Severity: finding.Medium,
			Message: "route GET /orders/{id} has no authorizer: 50% of routes, line1\nline2, a:b", Loc: loc("template.yaml", 40, 9),
			App: "template.yaml", Resource: "OrdersApi", Key: "GET /orders/{id}", Fingerprint: "4444444444444444"},
		{RuleID: "FN001", Title: "Function has no timeout", Severity: finding.Low,
			Message: "function WorkerFunction has no timeout", Loc: loc("template.yaml", 50, 3),
			App: "template.yaml", Resource: "WorkerFunction", Function: "WorkerFunction", Fingerprint: "5555555555555555",
			Suppressed: &finding.Suppression{Kind: "inline", Reason: "runs a bounded batch", Loc: loc("template.yaml", 49, 3)}},
		{RuleID: "REG001", Title: "Unintended region", Severity: finding.Info,
			Message: "service deploys to eu-west-3", Loc: loc("svc/serverless.yml", 5, 11),
			App: "svc/serverless.yml", Resource: "provider", Fingerprint: "6666666666666666"},
	}
	return &Input{
		Root:    "examples/app",
		Version: "1.2.3",
		Apps: []*model.App{
			{Name: "orders", File: "template.yaml", Functions: []*model.Function{{ID: "ApiFunction"}, {ID: "WorkerFunction"}}},
			{Name: "svc", File: "svc/serverless.yml", Functions: []*model.Function{{ID: "hello"}}},
		},
		Findings: fs,
		Problems: []finding.Problem{{Loc: loc("broken/template.yaml", 3, 1), Message: "yaml: mapping values are not allowed here"}},
		Rules:    testRules(),
	}
}

// SampleInput gives the external tests (package report_test) the sample.
var SampleInput = sampleInput

// emptyInput is a clean scan of one application.
func emptyInput() *Input {
	return &Input{Root: ".", Version: "1.2.3", Rules: testRules(),
		Apps: []*model.App{{Name: "clean", File: "template.yaml", Functions: []*model.Function{{ID: "F"}}}}}
}

// manyInput has n findings spread over functions, for size limits.
func manyInput(n int) *Input {
	in := &Input{Root: ".", Version: "1.2.3", Rules: testRules(),
		Apps: []*model.App{{Name: "big", File: "template.yaml"}}}
	for i := 0; i < n; i++ {
		in.Findings = append(in.Findings, finding.Finding{
			RuleID: "SEC001", Title: "Secret stored in a function's environment variables", Severity: finding.Severity(i % 5),
			Message:  fmt.Sprintf("environment variable VAR_%d of Function%d holds a secret with a fairly long explanation of why", i, i%40),
			Loc:      model.Location{File: "template.yaml", Line: i + 1, Column: 3},
			App:      "template.yaml",
			Resource: fmt.Sprintf("Function%d", i%40), Function: fmt.Sprintf("Function%d", i%40),
			Key: fmt.Sprintf("VAR_%d", i), Fingerprint: fmt.Sprintf("%016x", i),
		})
	}
	return in
}

// render runs one format writer into a string.
func render(t *testing.T, write func(*bytes.Buffer) error) string {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
