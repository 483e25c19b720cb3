package deps

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slsguard/slsguard/internal/deps/osv"
	"github.com/slsguard/slsguard/internal/deps/vulndb"
)

// corpusDir is ../shared/corpus from the repository root.
func corpusDir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "osv")); err != nil {
		t.Skipf("corpus not found at %s: %v", dir, err)
	}
	return dir
}

var (
	corpusDBOnce sync.Once
	corpusDBDir  string
	corpusDBErr  error
)

// corpusDB imports the corpus's Go and PyPI advisories once per test
// binary.
func corpusDB(t testing.TB, corpus string) *DB {
	t.Helper()
	corpusDBOnce.Do(func() {
		corpusDBDir, corpusDBErr = os.MkdirTemp("", "slsguard-corpus-db-")
		if corpusDBErr != nil {
			return
		}
		for _, src := range []string{"osv/golang-vulndb/data/osv", "osv/pypa-advisory-database/vulns", "osv/nodejs-security-wg/vuln/npm"} {
			if _, corpusDBErr = vulndb.Import(corpusDBDir, filepath.Join(corpus, src), vulndb.ImportOptions{Now: time.Unix(0, 0)}); corpusDBErr != nil {
				return
			}
		}
	})
	if corpusDBErr != nil {
		t.Fatal(corpusDBErr)
	}
	db, err := OpenDB(corpusDBDir)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestMain(m *testing.M) {
	code := m.Run()
	if corpusDBDir != "" {
		os.RemoveAll(corpusDBDir)
	}
	os.Exit(code)
}

func findVuln(vs []Vuln, file, name, version, id string) *Vuln {
	for i, v := range vs {
		if filepath.ToSlash(v.Package.Loc.File) == file && osv.NormalizeName("PyPI", v.Package.Name) == name && v.Package.Version == version {
			for _, x := range v.IDs {
				if x == id {
					return &vs[i]
				}
			}
		}
	}
	return nil
}

func TestCorpusKnownVulnerabilities(t *testing.T) {
	corpus := corpusDir(t)
	db := corpusDB(t, corpus)
	inv, problems := Collect(context.Background(), corpus, []string{"dvfaas", "terragoat", "serverless-goat"})
	if len(problems) > 0 {
		t.Errorf("problems: %v", problems)
	}
	vs, err := db.Match(inv.Packages())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, version, id, file string
		alsoIDs                 []string
		fixed                   string
	}{
		{"pyyaml", "3.13", "PYSEC-2018-49", "dvfaas/Pipfile.lock", []string{"CVE-2017-18342", "GHSA-rprw-h62v-c2w7"}, "5.1"},
		{"pyyaml", "3.13", "PYSEC-2021-142", "dvfaas/insecure_deserialization/insecure-deserialization/vendor/PyYAML-3.13.dist-info/METADATA", []string{"CVE-2020-14343"}, "5.4"},
		{"django", "1.2", "PYSEC-2010-12", "terragoat/packages/requirements.txt", []string{"CVE-2010-3082"}, "1.2.2"},
		// A legacy Node.js security working group advisory, converted.
		{"node-uuid", "1.4.3", "NSWG-ECO-93", "serverless-goat/src/api/convert/package-lock.json", []string{"CVE-2015-8851"}, "1.4.4"},
	}
	for _, tt := range tests {
		v := findVuln(vs, filepath.ToSlash(filepath.Join(corpus, tt.file)), tt.name, tt.version, tt.id)
		if v == nil {
			t.Errorf("%s==%s: %s not reported in %s", tt.name, tt.version, tt.id, tt.file)
			continue
		}
		for _, id := range tt.alsoIDs {
			if !containsString(v.IDs, id) {
				t.Errorf("%s on %s==%s: ids %v lack alias %s", tt.id, tt.name, tt.version, v.IDs, id)
			}
		}
		if v.Fixed != tt.fixed {
			t.Errorf("%s on %s==%s: fixed %q, want %q", tt.id, tt.name, tt.version, v.Fixed, tt.fixed)
		}
		if v.Package.Loc.Line == 0 {
			t.Errorf("%s on %s==%s: location %s has no line", tt.id, tt.name, tt.version, v.Package.Loc)
		}
	}
}

// TestCorpusExpectedPyPI compares every row of the independent oracle
// EXPECTED-deps-pypi.tsv (lockfile, package==version, PYSEC ids) with what
// slsguard matches.
func TestCorpusExpectedPyPI(t *testing.T) {
	corpus := corpusDir(t)
	f, err := os.Open(filepath.Join(corpus, "EXPECTED-deps-pypi.tsv"))
	if err != nil {
		t.Skipf("corpus oracle not found: %v", err)
	}
	defer f.Close()
	db := corpusDB(t, corpus)
	inv, _ := Collect(context.Background(), corpus, []string{"dvfaas", "terragoat"})
	vs, err := db.Match(inv.Packages())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, v := range vs {
		rel, _ := filepath.Rel(corpus, v.Package.Loc.File)
		key := filepath.ToSlash(rel) + " " + osv.NormalizeName("PyPI", v.Package.Name) + "==" + v.Package.Version
		for _, id := range v.IDs {
			if strings.HasPrefix(id, "PYSEC-") {
				got[key] = append(got[key], id)
			}
		}
	}
	sc := bufio.NewScanner(f)
	rows := 0
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 3 {
			continue
		}
		rows++
		file := cols[0]
		if strings.HasSuffix(file, ".dist-info") {
			file += "/METADATA"
		}
		name, version, _ := strings.Cut(cols[1], "==")
		key := file + " " + osv.NormalizeName("PyPI", name) + "==" + version
		want := []string{}
		if cols[2] != "-" {
			var groups [][]json.RawMessage
			if err := json.Unmarshal([]byte(cols[2]), &groups); err != nil {
				t.Fatalf("oracle row %q: %v", sc.Text(), err)
			}
			for _, g := range groups {
				var id string
				json.Unmarshal(g[0], &id)
				want = append(want, id)
			}
		}
		have := append([]string{}, got[key]...)
		sort.Strings(want)
		sort.Strings(have)
		if diff := cmp.Diff(want, have); diff != "" {
			t.Errorf("%s (-oracle +slsguard):\n%s", key, diff)
		}
	}
	if rows == 0 {
		t.Error("oracle has no rows")
	}
}
