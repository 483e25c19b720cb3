package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
)

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadRejectsUnknownKeys(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, FileName, "rules:\n  disable: [TRG001]\nregoins: [eu-west-1]\n")
	_, err := Load(p)
	if err == nil {
		t.Fatal("Load accepted an unknown key")
	}
	for _, want := range []string{p, "regoins", "line 3"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestLoadAndFind(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, FileName, "rules:\n  severity:\n    API005: info\nregions: [eu-west-1]\nparams: {Stage: prod}\n")
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := Find(sub); got != p {
		t.Errorf("Find(%s) = %q, want %q", sub, got, p)
	}
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.Rules.Severity["API005"] != finding.Info || c.Regions[0] != "eu-west-1" || c.Params["Stage"] != "prod" {
		t.Errorf("Load = %+v", c)
	}
	if _, err := Load(write(t, dir, "bad.yaml", "rules:\n  severity:\n    API005: urgent\n")); err == nil {
		t.Error("Load accepted an unknown severity")
	}
}

func TestStarterParses(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(write(t, dir, FileName, Starter)); err != nil {
		t.Errorf("the starter file does not load: %v", err)
	}
}

func TestIgnoreExpiryAndReasons(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "ignore.yaml", `ignore:
  - rule: IAM005
    resource: SharedRole
    reason: two report jobs on purpose
    expires: 2027-01-31
  - rule: FN003
    path: legacy/*.yaml
    reason: being retired
    expires: 2026-10-01
  - rule: CWL001
`)
	ig, err := LoadIgnore(p)
	if err != nil {
		t.Fatal(err)
	}
	fs := []finding.Finding{
		{RuleID: "IAM005", Resource: "SharedRole", Loc: model.Location{File: "t.yaml"}},
		{RuleID: "IAM005", Resource: "OtherRole", Loc: model.Location{File: "t.yaml"}},
		{RuleID: "FN003", Resource: "Old", Loc: model.Location{File: "legacy/t.yaml"}},
		{RuleID: "CWL001", Resource: "Logs", Loc: model.Location{File: "t.yaml"}},
	}
	problems := ig.Apply(fs, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
	want := []bool{true, false, false, true}
	for i, f := range fs {
		if (f.Suppressed != nil) != want[i] {
			t.Errorf("finding %s/%s suppressed = %v, want %v", f.RuleID, f.Resource, f.Suppressed != nil, want[i])
		}
	}
	var msgs []string
	for _, p := range problems {
		msgs = append(msgs, p.Message)
	}
	joined := strings.Join(msgs, "\n")
	if !strings.Contains(joined, "entry 2 (FN003) expired on 2026-10-01") || !strings.Contains(joined, "entry 3 (CWL001) gives no reason") {
		t.Errorf("problems:\n%s", joined)
	}
	if _, err := LoadIgnore(write(t, dir, "bad.yaml", "ignore:\n  - rule: X\n    expires: soon\n")); err == nil {
		t.Error("LoadIgnore accepted a bad date")
	}
}
