package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

const openFunction = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Open:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      FunctionUrlConfig:
        AuthType: NONE
`

const quietFunction = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Q:
    Type: AWS::Logs::LogGroup
`

func writeTree(t *testing.T, files map[string]string) string {
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

func TestScanExitCodes(t *testing.T) {
	open := writeTree(t, map[string]string{"template.yaml": openFunction})
	quiet := writeTree(t, map[string]string{"template.yaml": quietFunction})
	empty := writeTree(t, map[string]string{"README.md": "nothing here"})
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"high finding fails by default", []string{"scan", open}, ExitFindings},
		{"fail-on none", []string{"scan", open, "--fail-on", "none"}, ExitOK},
		{"fail-on critical", []string{"scan", open, "--fail-on", "critical"}, ExitOK},
		{"only low findings", []string{"scan", quiet}, ExitOK},
		{"fail-on low", []string{"scan", quiet, "--fail-on", "low"}, ExitFindings},
		{"rule filter", []string{"scan", open, "--rule", "CWL001"}, ExitOK},
		{"skip rule", []string{"scan", open, "--skip-rule", "FN001,FN007"}, ExitOK},
		{"unknown rule", []string{"scan", open, "--rule", "NOPE001"}, ExitUsage},
		{"unknown format", []string{"scan", open, "--format", "xml"}, ExitUsage},
		{"bad severity", []string{"scan", open, "--severity", "urgent"}, ExitUsage},
		{"missing path", []string{"scan", filepath.Join(open, "missing")}, ExitUsage},
		{"no application", []string{"scan", empty}, ExitUsage},
		{"unknown flag", []string{"scan", "--frobnicate"}, ExitUsage},
	}
	for _, tc := range tests {
		code, out, errs := run(t, tc.args...)
		if code != tc.want {
			t.Errorf("%s: slsguard %v = %d, want %d\nstdout: %s\nstderr: %s", tc.name, tc.args, code, tc.want, out, errs)
		}
	}
}

func TestScanJSONAndSeverityFilter(t *testing.T) {
	dir := writeTree(t, map[string]string{"template.yaml": openFunction, "logs.yaml": quietFunction})
	_, out, _ := run(t, "scan", dir, "--format", "json", "--severity", "medium")
	var rep struct {
		SchemaVersion string
		Findings      []struct {
			Rule     string
			Severity string
			Location struct {
				File string
				Line int
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("JSON output does not parse: %v\n%s", err, out)
	}
	if rep.SchemaVersion != "1" {
		t.Errorf("schemaVersion = %q, want 1", rep.SchemaVersion)
	}
	var got []string
	for _, f := range rep.Findings {
		if f.Severity == "low" || f.Severity == "info" {
			t.Errorf("finding %s of severity %s shown with --severity medium", f.Rule, f.Severity)
		}
		got = append(got, f.Rule+"@"+f.Location.File)
	}
	if !hasString(got, "FN001@template.yaml") {
		t.Errorf("findings %v lack FN001 at template.yaml (paths relative to the scanned directory)", got)
	}
}

func TestScanSeveralFormats(t *testing.T) {
	dir := writeTree(t, map[string]string{"template.yaml": openFunction})
	sarif := filepath.Join(t.TempDir(), "out.sarif")
	code, out, errs := run(t, "scan", dir, "--format", "sarif="+sarif, "--format", "table", "--fail-on", "none")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "FN001") || !strings.Contains(out, "function Open") {
		t.Errorf("table output lacks the finding grouped by function:\n%s", out)
	}
	data, err := os.ReadFile(sarif)
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string
		Runs    []struct {
			Results []struct{ RuleID string }
		}
	}
	if err := json.Unmarshal(data, &log); err != nil || log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
		t.Errorf("SARIF file: err=%v version=%q runs=%d", err, log.Version, len(log.Runs))
	}
}

func TestBrokenFileDoesNotStopScan(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"good/template.yaml":   openFunction,
		"broken/template.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A: [unclosed\n",
	})
	code, out, _ := run(t, "scan", dir, "--fail-on", "none")
	if code != ExitOK {
		t.Errorf("exit %d, want 0", code)
	}
	if !strings.Contains(out, "broken/template.yaml") || !strings.Contains(out, "FN001") {
		t.Errorf("want the broken file reported as a problem and the good one scanned:\n%s", out)
	}
}

func TestRulesExplain(t *testing.T) {
	code, out, _ := run(t, "rules", "explain", "IAM001")
	if code != ExitOK || !strings.Contains(out, "# IAM001") || !strings.Contains(out, "How to fix it") {
		t.Errorf("rules explain IAM001 = %d:\n%s", code, out)
	}
	code, out, _ = run(t, "rules")
	if code != ExitOK || !strings.Contains(out, "FN003") {
		t.Errorf("rules = %d:\n%s", code, out)
	}
	if code, _, _ := run(t, "rules", "explain", "XX999"); code != ExitUsage {
		t.Errorf("rules explain XX999 = %d, want %d", code, ExitUsage)
	}
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestInitAndConfig(t *testing.T) {
	dir := writeTree(t, map[string]string{"template.yaml": openFunction})
	if code, out, errs := run(t, "init", dir); code != ExitOK || !strings.Contains(out, ".slsguard.yaml") {
		t.Fatalf("init = %d: %s %s", code, out, errs)
	}
	if code, _, _ := run(t, "init", dir); code != ExitUsage {
		t.Errorf("second init = %d, want %d (file exists)", code, ExitUsage)
	}
	cfg := "rules:\n  disable: [FN001, FN007]\noutput:\n  fail_on: high\n"
	if err := os.WriteFile(filepath.Join(dir, ".slsguard.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := run(t, "scan", dir); code != ExitOK {
		t.Errorf("scan with FN001 disabled by the config = %d, want 0\n%s%s", code, out, errs)
	}
	if err := os.WriteFile(filepath.Join(dir, ".slsguard.yaml"), []byte("rulez: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, "scan", dir)
	if code != ExitUsage || !strings.Contains(errs, "rulez") || !strings.Contains(errs, ".slsguard.yaml") {
		t.Errorf("scan with an unknown config key = %d, stderr %q; want exit 2 naming the key and file", code, errs)
	}
}

func TestBaselineFlags(t *testing.T) {
	dir := writeTree(t, map[string]string{"template.yaml": openFunction})
	base := filepath.Join(t.TempDir(), "baseline.json")
	if code, _, errs := run(t, "scan", dir, "--write-baseline", base); code != ExitFindings {
		t.Fatalf("first scan = %d: %s", code, errs)
	}
	if code, out, errs := run(t, "scan", dir, "--baseline", base); code != ExitOK {
		t.Errorf("scan against its own baseline = %d, want 0\n%s%s", code, out, errs)
	}
}

func TestScanParameters(t *testing.T) {
	tmpl := `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Runtime:
    Type: String
    Default: python3.13
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: !Ref Runtime
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/r
`
	dir := writeTree(t, map[string]string{
		"template.yaml": tmpl,
		"params.json":   `[{"ParameterKey": "Runtime", "ParameterValue": "python3.7"}]`,
		"params.txt":    "# comment\nRuntime=nodejs12.x\n",
	})
	tests := []struct {
		args []string
		want string // a runtime FN003 must name, or "" for none
	}{
		{nil, ""},
		{[]string{"--param", "Runtime=python3.8"}, "python3.8"},
		{[]string{"--params-file", filepath.Join(dir, "params.json")}, "python3.7"},
		{[]string{"--params-file", filepath.Join(dir, "params.txt")}, "nodejs12.x"},
		{[]string{"--params-file", filepath.Join(dir, "params.json"), "--param", "Runtime=go1.x"}, "go1.x"},
	}
	for _, tc := range tests {
		args := append([]string{"scan", filepath.Join(dir, "template.yaml"), "--rule", "FN003", "--fail-on", "none", "--format", "json"}, tc.args...)
		code, out, errs := run(t, args...)
		if code != ExitOK {
			t.Fatalf("%v: exit %d: %s", tc.args, code, errs)
		}
		has := strings.Contains(out, `"rule": "FN003"`)
		if (tc.want == "") == has || (tc.want != "" && !strings.Contains(out, "runtime "+tc.want)) {
			t.Errorf("%v: want FN003 about %q, got:\n%s", tc.args, tc.want, out)
		}
	}
	if code, _, _ := run(t, "scan", dir, "--param", "NoEquals"); code != ExitUsage {
		t.Errorf("--param without = : exit %d, want %d", code, ExitUsage)
	}
}
