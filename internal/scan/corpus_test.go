package scan

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// corpusDir is the shared corpus of real applications, beside the
// repository; tests over it skip when it is absent.
func corpusDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(dir, "EXPECTED.json")); err != nil {
		t.Skipf("corpus not found at %s (%v): skipping corpus checks", dir, err)
	}
	return dir
}

type expected struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Title string `json:"title"`
	Loc   string `json:"loc"`
}

// wantedLines parses "template.yaml:17-21,34-38; src/x.js:39" into the
// lines of the first file named.
func wantedLines(loc string) (string, map[int]bool) {
	first := strings.TrimSpace(strings.Split(loc, ";")[0])
	file, spec, ok := strings.Cut(first, ":")
	lines := map[int]bool{}
	if !ok {
		return file, lines
	}
	for _, part := range strings.Split(spec, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, _ := strconv.Atoi(strings.TrimSpace(lo))
		b := a
		if isRange {
			b, _ = strconv.Atoi(strings.TrimSpace(hi))
		}
		for l := a; l <= b && l-a < 1000; l++ {
			lines[l] = true
		}
	}
	return file, lines
}

// TestExpectedCorpus checks that the documented iac, iam and secret
// vulnerabilities of the SAM/CloudFormation apps are reported where the
// apps' authors document them.
func TestExpectedCorpus(t *testing.T) {
	dir := corpusDir(t)
	data, err := os.ReadFile(filepath.Join(dir, "EXPECTED.json"))
	if err != nil {
		t.Fatal(err)
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		t.Fatal(err)
	}
	// Which rules may report each entry: the test fails if none of them
	// reports on a documented line.
	rulesFor := map[string][]string{
		"SG-01": {"API006"}, "SG-04": {"IAM007"}, "SG-05": {"S3001"}, "SG-07": {"FN008"}, "SG-08": {"FN003"},
		"SGP-02": {"IAM007"}, "SGP-03": {"FN008"},
		"CFN-01": {"SEC001"},
	}
	for _, app := range []string{"serverless-goat", "serverless-goat-python", "cfngoat"} {
		var entries []expected
		if err := json.Unmarshal(all[app], &entries); err != nil {
			t.Fatal(err)
		}
		res, err := Run(Options{Paths: []string{filepath.Join(dir, app)}, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatalf("scan %s: %v", app, err)
		}
		for _, e := range entries {
			if e.Kind != "iac" && e.Kind != "iam" && e.Kind != "secret" {
				continue
			}
			ids, ok := rulesFor[e.ID]
			if !ok {
				// Entries that name a whole file (cfngoat's catalogue of
				// non-serverless resources) have no single location.
				continue
			}
			file, lines := wantedLines(e.Loc)
			found := false
			for _, f := range res.Findings {
				if f.Loc.File == file && lines[f.Loc.Line] && contains(ids, f.RuleID) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s %s (%s at %s): no finding of %v on those lines", app, e.ID, e.Title, e.Loc, ids)
			}
		}
	}
}

// TestOrdinaryCorpusLoads loads the ordinary example apps: nothing may
// crash, and every problem must be about a file's content.
func TestOrdinaryCorpusLoads(t *testing.T) {
	dir := corpusDir(t)
	for _, app := range []string{"aws-lambda-developer-guide", "serverless-examples"} {
		res, err := Run(Options{Paths: []string{filepath.Join(dir, app)}, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatalf("scan %s: %v", app, err)
		}
		for _, p := range res.Problems {
			if strings.Contains(p.Message, "internal error") {
				t.Errorf("%s: loader crashed: %v", app, p)
			}
		}
		t.Logf("%s: %d applications, %d findings, %d problems", app, len(res.Apps), len(res.Findings), len(res.Problems))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
