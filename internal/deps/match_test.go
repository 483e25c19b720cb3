package deps

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slsguard/slsguard/internal/deps/vulndb"
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
)

// testRecords are written by hand for these tests: two records of one
// vulnerability that alias each other, a withdrawn one, and records with
// every kind of severity.
var testRecords = map[string]string{
	"PYSEC-2099-1.yaml": `id: PYSEC-2099-1
aliases: [CVE-2099-1]
affected:
- package: {ecosystem: PyPI, name: pyyaml}
  ranges:
  - type: ECOSYSTEM
    events: [{introduced: "0"}, {fixed: "4.1"}, {introduced: "5.0"}, {fixed: "5.1"}]
`,
	"GHSA-2099-aaaa.json": `{"id": "GHSA-2099-aaaa", "aliases": ["CVE-2099-1"],
  "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
  "affected": [{"package": {"ecosystem": "PyPI", "name": "PyYAML"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "4.2"}]}]}]}`,
	"PYSEC-2099-2.yaml": `id: PYSEC-2099-2
affected:
- package: {ecosystem: PyPI, name: PyYAML}
  versions: ["3.13"]
`,
	"PYSEC-2099-3.json": `{"id": "PYSEC-2099-3", "withdrawn": "2099-01-01T00:00:00Z",
  "affected": [{"package": {"ecosystem": "PyPI", "name": "pyyaml"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]}`,
	"GHSA-2099-bbbb.json": `{"id": "GHSA-2099-bbbb", "database_specific": {"severity": "LOW"},
  "affected": [{"package": {"ecosystem": "npm", "name": "@scope/pkg"},
    "ranges": [{"type": "SEMVER", "events": [{"introduced": "2.0.0"}, {"last_affected": "2.0.1"}]}]}]}`,
	"GO-2099-0001.json": `{"id": "GO-2099-0001", "aliases": ["CVE-2099-9", "GHSA-2099-cccc"],
  "affected": [{"package": {"ecosystem": "Go", "name": "example.com/mod"},
    "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.1.1"}]}]}]}`,
}

func testDB(t *testing.T) *DB {
	t.Helper()
	src := t.TempDir()
	for name, content := range testRecords {
		if err := os.WriteFile(filepath.Join(src, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	res, err := vulndb.Import(dir, src, vulndb.ImportOptions{Now: time.Unix(0, 0)})
	if err != nil || len(res.Problems) > 0 {
		t.Fatalf("import: %v %v", err, res.Problems)
	}
	db, err := OpenDB(dir)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

type vulnBrief struct {
	ID, Package, Version, Fixed string
	IDs                         []string
	Severity                    finding.Severity
	Line                        int
}

func briefs(vs []Vuln) []vulnBrief {
	var out []vulnBrief
	for _, v := range vs {
		out = append(out, vulnBrief{v.ID, v.Package.Name, v.Package.Version, v.Fixed, v.IDs, v.Severity(), v.Package.Loc.Line})
	}
	return out
}

func TestMatch(t *testing.T) {
	db := testDB(t)
	loc := func(line int) model.Location { return model.Location{File: "lock", Line: line} }
	pkgs := []Package{
		{Ecosystem: "PyPI", Name: "PyYAML", Version: "3.13", Loc: loc(1)},
		{Ecosystem: "PyPI", Name: "py_yaml", Version: "3.13", Loc: loc(2)}, // another package
		{Ecosystem: "PyPI", Name: "pyyaml", Version: "5.0.1", Loc: loc(3)},
		{Ecosystem: "PyPI", Name: "pyyaml", Version: "5.1", Loc: loc(4)},
		{Ecosystem: "PyPI", Name: "pyyaml", Constraint: ">=3", Loc: loc(5)}, // unpinned: not matched
		{Ecosystem: "npm", Name: "@scope/pkg", Version: "2.0.1", Loc: loc(6)},
		{Ecosystem: "npm", Name: "@scope/pkg", Version: "2.0.2", Loc: loc(7)},
		{Ecosystem: "Go", Name: "example.com/mod", Version: "v1.1.0", Loc: loc(8)},
		{Ecosystem: "RubyGems", Name: "rails", Version: "1.0", Loc: loc(9)}, // ecosystem not in the database
	}
	got, err := db.Match(pkgs)
	if err != nil {
		t.Fatal(err)
	}
	want := []vulnBrief{
		// The PYSEC and GHSA records alias each other: one finding, the
		// ecosystem's own id first, the highest score, the lowest fix.
		{"PYSEC-2099-1", "PyYAML", "3.13", "4.1", []string{"CVE-2099-1", "GHSA-2099-aaaa", "PYSEC-2099-1"}, finding.Critical, 1},
		{"PYSEC-2099-2", "PyYAML", "3.13", "", []string{"PYSEC-2099-2"}, finding.Medium, 1},
		{"PYSEC-2099-1", "pyyaml", "5.0.1", "5.1", []string{"CVE-2099-1", "PYSEC-2099-1"}, finding.Medium, 3},
		{"GHSA-2099-bbbb", "@scope/pkg", "2.0.1", "", []string{"GHSA-2099-bbbb"}, finding.Low, 6},
		{"GO-2099-0001", "example.com/mod", "v1.1.0", "1.1.1", []string{"CVE-2099-9", "GHSA-2099-cccc", "GO-2099-0001"}, finding.Medium, 8},
	}
	if diff := cmp.Diff(want, briefs(got)); diff != "" {
		t.Errorf("Match (-want +got):\n%s", diff)
	}
}

func TestOpenDBMissing(t *testing.T) {
	if _, err := OpenDB(filepath.Join(t.TempDir(), "none")); !errors.Is(err, ErrNoDB) {
		t.Errorf("OpenDB(missing) = %v, want ErrNoDB", err)
	}
}

func TestVulnMessage(t *testing.T) {
	v := Vuln{ID: "PYSEC-1", IDs: []string{"CVE-1", "PYSEC-1"}, Summary: "Code execution", Fixed: "5.1",
		Package: Package{Ecosystem: "PyPI", Name: "PyYAML", Version: "3.13"}}
	if got, want := v.Message(), "PyPI PyYAML 3.13 is affected by PYSEC-1 (CVE-1): Code execution; upgrade to 5.1 or later"; got != want {
		t.Errorf("Message() = %q, want %q", got, want)
	}
	if got, want := v.Key(), "PyPI/PyYAML@3.13/PYSEC-1"; got != want {
		t.Errorf("Key() = %q, want %q", got, want)
	}
	v.Fixed, v.Summary, v.IDs = "", "", []string{"PYSEC-1"}
	if got, want := v.Message(), "PyPI PyYAML 3.13 is affected by PYSEC-1; no fixed version is known"; got != want {
		t.Errorf("Message() = %q, want %q", got, want)
	}
}
