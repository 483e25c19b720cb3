package scan

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slsguard/slsguard/internal/deps"
	"github.com/slsguard/slsguard/internal/deps/vulndb"
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
		"SG-01": {"API006"}, "SG-02": {"CODE001"}, "SG-04": {"IAM007"}, "SG-05": {"S3001"}, "SG-07": {"FN008"}, "SG-08": {"FN003"},
		"SGP-01": {"CODE001"}, "SGP-02": {"IAM007"}, "SGP-03": {"FN008"},
		"CFN-01": {"SEC001"},
		"TG-01":  {"SEC001"},
		"DVF-01": {"CODE003"}, "DVF-02": {"CODE004"}, "DVF-03": {"CODE008"}, "DVF-04": {"SEC004"},
		"AVL-01": {"CODE001"},
		"BL-01":  {"CODE012"},
	}
	// Entries whose documented location names no line: any finding of
	// the rule in that file counts.
	fileOnly := map[string]string{"BL-01": "files/bad-lambda-dev-970b43c9-7b83-4ce3-aab0-cabc834cc8eb.zip"}
	for _, app := range []string{"serverless-goat", "serverless-goat-python", "cfngoat", "terragoat", "dvfaas", "aws-vulnerable-lambda", "bad-lambda"} {
		var entries []expected
		if err := json.Unmarshal(all[app], &entries); err != nil {
			t.Fatal(err)
		}
		res, err := Run(Options{Paths: []string{filepath.Join(dir, app)}, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatalf("scan %s: %v", app, err)
		}
		for _, e := range entries {
			switch e.Kind {
			case "iac", "iam", "secret", "code", "code+iam":
			default:
				continue
			}
			ids, ok := rulesFor[e.ID]
			if !ok {
				// Entries that name a whole file (cfngoat's catalogue of
				// non-serverless resources) have no single location.
				continue
			}
			file, lines := wantedLines(e.Loc)
			only, anyLine := fileOnly[e.ID]
			if anyLine {
				file = only
			}
			found := false
			for _, f := range res.Findings {
				if f.Loc.File == file && (anyLine || lines[f.Loc.Line]) && contains(ids, f.RuleID) {
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

// TestExpectedDependencies imports the corpus's advisories into a fresh
// database and checks the documented vulnerable packages are reported.
func TestExpectedDependencies(t *testing.T) {
	dir := corpusDir(t)
	db := t.TempDir()
	for _, src := range []string{"osv/golang-vulndb/data/osv", "osv/pypa-advisory-database/vulns", "osv/nodejs-security-wg/vuln/npm"} {
		if _, err := vulndb.Import(db, filepath.Join(dir, src), vulndb.ImportOptions{}); err != nil {
			t.Fatalf("import %s: %v", src, err)
		}
	}
	vulns, err := deps.OpenDB(db)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ app, file, message string }{
		{"serverless-goat", "src/api/convert/package-lock.json", "node-uuid 1.4.3"},
		// The PyYAML the function ships, vendored into its directory (the
		// repository's Pipfile.lock belongs to no function; slsguard deps
		// reports it, see internal/deps).
		{"dvfaas", "insecure_deserialization/insecure-deserialization/vendor/PyYAML-3.13.dist-info", "PyYAML 3.13"},
	}
	for _, tc := range tests {
		res, err := Run(Options{Paths: []string{filepath.Join(dir, tc.app)}, Rules: []string{"DEP001"}, Vulns: vulns, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range res.Findings {
			if strings.HasPrefix(f.Loc.File, tc.file) && strings.Contains(strings.ToLower(f.Message), strings.ToLower(tc.message)) {
				found = true
			}
		}
		if !found {
			var got []string
			for _, f := range res.Findings {
				got = append(got, f.Loc.String()+" "+f.Message)
			}
			t.Errorf("%s: no DEP001 for %s in %s; got %d findings: %.600s", tc.app, tc.message, tc.file, len(got), strings.Join(got, "\n"))
		}
	}
}
