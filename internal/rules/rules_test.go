package rules

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/deps"
	"github.com/slsguard/slsguard/internal/deps/vulndb"
	"github.com/slsguard/slsguard/internal/load"
	"github.com/slsguard/slsguard/internal/rule"
	"github.com/slsguard/slsguard/internal/secrets"
)

var (
	scannerOnce = sync.OnceValues(secrets.NewScanner)
	vulnDBDir   string
	vulnDBOnce  sync.Once
)

func testScanner(t *testing.T) *secrets.Scanner {
	s, err := scannerOnce()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testVulnDB imports the OSV records written for the fixtures
// (testdata/osv) into a fresh database, once per test run.
func testVulnDB(t *testing.T) *deps.DB {
	vulnDBOnce.Do(func() {
		dir, err := os.MkdirTemp("", "slsguard-osv")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := vulndb.Import(dir, filepath.Join("testdata", "osv"), vulndb.ImportOptions{Now: fixtureNow}); err != nil {
			t.Fatalf("import fixture advisories: %v", err)
		}
		vulnDBDir = dir
	})
	db, err := deps.OpenDB(vulnDBDir)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

var update = flag.Bool("update", false, "rewrite generated documentation")

// fixtureNow is the date fixtures are judged at.
var fixtureNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// formatSuffix maps rule formats to fixture file name parts.
var formatSuffix = map[string]string{
	"sam":            ".sam.yaml",
	"cloudformation": ".cfn.yaml",
	"serverless":     ".sls.yml",
	"terraform":      ".tf",
}

var idPattern = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,4}[0-9]{3}$`)

func TestCatalog(t *testing.T) {
	seen := map[string]bool{}
	var prev string
	for _, r := range All() {
		if !idPattern.MatchString(r.ID) {
			t.Errorf("rule ID %q does not match %s", r.ID, idPattern)
		}
		if seen[r.ID] {
			t.Errorf("rule %s listed twice", r.ID)
		}
		seen[r.ID] = true
		if r.ID < prev {
			t.Errorf("rule %s listed after %s: keep All in ID order", r.ID, prev)
		}
		prev = r.ID
		if r.Title == "" || r.Rationale == "" || r.Remediation == "" || r.Category == "" || r.Check == nil {
			t.Errorf("rule %s lacks a title, rationale, remediation, category or check", r.ID)
		}
		if len(r.References) == 0 {
			t.Errorf("rule %s has no references", r.ID)
		}
		for _, ref := range r.References {
			if !strings.HasPrefix(ref, "https://") {
				t.Errorf("rule %s: reference %q is not an https URL", r.ID, ref)
			}
		}
		if len(r.Formats) == 0 {
			t.Errorf("rule %s names no input formats", r.ID)
		}
		for _, f := range r.Formats {
			suf, ok := formatSuffix[f]
			if !ok {
				t.Errorf("rule %s: unknown format %q", r.ID, f)
				continue
			}
			for _, kind := range []string{"bad", "good"} {
				matches, _ := filepath.Glob(filepath.Join("testdata", r.ID, kind+"*"+suf))
				if len(matches) == 0 {
					t.Errorf("rule %s has no %s fixture for %s (testdata/%s/%s*%s)", r.ID, kind, f, r.ID, kind, suf)
				}
			}
		}
	}
}

// TestFixtures runs each rule on its fixtures: a bad fixture must report
// exactly on the lines marked "# want <ID>", a good fixture nowhere.
func TestFixtures(t *testing.T) {
	for _, r := range All() {
		files, _ := filepath.Glob(filepath.Join("testdata", r.ID, "*"))
		for _, file := range files {
			if !isFixture(file) {
				continue
			}
			t.Run(r.ID+"/"+filepath.Base(file), func(t *testing.T) {
				got := runFixture(t, r, file)
				want := wantLines(t, file, r.ID)
				if strings.HasPrefix(filepath.Base(file), "bad") && len(want) == 0 {
					t.Fatalf("bad fixture %s has no '# want %s' marker", file, r.ID)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s on %s: finding lines differ (-want +got):\n%s", r.ID, file, diff)
				}
			})
		}
	}
}

func runFixture(t *testing.T, r *rule.Rule, file string) []string {
	t.Helper()
	res, err := load.Load([]string{file}, load.Options{})
	if err != nil {
		t.Fatalf("load %s: %v", file, err)
	}
	for _, p := range res.Problems {
		t.Errorf("load problem: %v", p)
	}
	if len(res.Apps) != 1 {
		t.Fatalf("load %s: got %d applications, want 1", file, len(res.Apps))
	}
	opts := rule.Options{Now: fixtureNow, Root: ".", Secrets: testScanner(t), Vulns: testVulnDB(t)}
	if strings.Contains(file, "region") {
		opts.Regions = []string{"eu-west-1"}
	}
	pass := rule.NewPass(r, res.Apps[0], opts)
	r.Check(pass)
	var lines []string
	for _, f := range pass.Findings() {
		if f.Loc.Line == 0 && !isArchive(f.Loc.File) {
			t.Errorf("finding without a line: %+v", f)
		}
		if f.Message == "" {
			t.Errorf("finding without a message at line %d", f.Loc.Line)
		}
		lines = append(lines, filepath.ToSlash(f.Loc.File)+":"+strconv.Itoa(f.Loc.Line))
	}
	sort.Strings(lines)
	return lines
}

// isFixture reports whether a testdata entry is a template fixture (not a
// fixture's code directory or a data file).
func isFixture(file string) bool {
	for _, suf := range formatSuffix {
		if strings.HasSuffix(file, suf) {
			return true
		}
	}
	return false
}

// wantLines collects the "want <ID>" markers of a fixture and of the files
// in its code directory (the directory named like the fixture without its
// suffix, e.g. bad-exec/ for bad-exec.sam.yaml), as "file:line". A marker
// "want <ID> at path:line" in the fixture stands for a finding in a file
// that cannot hold comments (a JSON lockfile), path relative to the
// fixture's directory.
func wantLines(t *testing.T, file, id string) []string {
	t.Helper()
	files := []string{file}
	stem := strings.SplitN(filepath.Base(file), ".", 2)[0]
	codeDir := filepath.Join(filepath.Dir(file), stem)
	filepath.WalkDir(codeDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range strings.Split(string(data), "\n") {
			for _, part := range strings.Split(l, "want ")[1:] {
				if !strings.HasPrefix(part, id) || len(part) > len(id) && isIDChar(part[len(id)]) {
					continue
				}
				if at, ok := strings.CutPrefix(strings.TrimSpace(part[len(id):]), "at "); ok {
					out = append(out, filepath.ToSlash(filepath.Join(filepath.Dir(file), strings.Fields(at)[0])))
					continue
				}
				out = append(out, filepath.ToSlash(f)+":"+strconv.Itoa(i+1))
			}
		}
	}
	sort.Strings(out)
	return out
}

// isArchive reports whether a file is a zip archive, whose findings are
// about a member and carry no line of the archive.
func isArchive(file string) bool {
	ext := strings.ToLower(filepath.Ext(file))
	return ext == ".zip" || ext == ".jar"
}

func isIDChar(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' }

// TestDocs checks that docs/rules matches the catalog; -update rewrites it.
func TestDocs(t *testing.T) {
	dir := filepath.Join("..", "..", "docs", "rules")
	files := map[string]string{"README.md": Index(All())}
	for _, r := range All() {
		files[r.ID+".md"] = Markdown(r)
	}
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		old, _ := filepath.Glob(filepath.Join(dir, "*.md"))
		for _, f := range old {
			os.Remove(f)
		}
		for name, content := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	for name, content := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("docs/rules/%s is missing: run go test ./internal/rules -run TestDocs -update", name)
			continue
		}
		if string(got) != content {
			t.Errorf("docs/rules/%s is out of date: run go test ./internal/rules -run TestDocs -update", name)
		}
	}
	present, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	for _, p := range present {
		if _, ok := files[filepath.Base(p)]; !ok {
			t.Errorf("docs/rules/%s belongs to no rule", filepath.Base(p))
		}
	}
}
