package osv

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParse(t *testing.T) {
	tests := []struct {
		file string
		want *Record
	}{
		{"GHSA-test-json.json", &Record{
			ID: "GHSA-aaaa-bbbb-cccc", Modified: "2024-01-02T03:04:05Z", Published: "2023-12-01T00:00:00Z",
			Aliases: []string{"CVE-2023-0001"}, Summary: "Prototype pollution in example-lib",
			Severity: []Severity{{Type: "CVSS_V3", Score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}},
			Affected: []Affected{{
				Package: Package{Ecosystem: "npm", Name: "example-lib", PURL: "pkg:npm/example-lib"},
				Ranges:  []Range{{Type: RangeSemver, Events: []Event{{Introduced: "0"}, {Fixed: "1.2.3"}}}},
			}},
			DatabaseSpecific: &DatabaseSpecific{Severity: "CRITICAL"},
		}},
		{"PYSEC-test-yaml.yaml", &Record{
			ID: "PYSEC-2099-1", Modified: "2021-08-27T03:22:18.123Z", Published: "2018-06-27T12:29:00Z",
			Aliases: []string{"CVE-2099-0001", "GHSA-zzzz-yyyy-xxxx"},
			Affected: []Affected{{
				Package: Package{Ecosystem: "PyPI", Name: "Example.Pkg", PURL: "pkg:pypi/example-pkg"},
				Ranges: []Range{
					{Type: RangeGit, Repo: "https://example.invalid/example-pkg", Events: []Event{{Introduced: "0"}, {Fixed: "0123456789abcdef0123456789abcdef01234567"}}},
					{Type: RangeEcosystem, Events: []Event{{Introduced: "0"}, {Fixed: "5.1"}}},
				},
				// YAML numbers keep their spelling: 3.10 is not 3.1.
				Versions: []string{"3.10", "3.11", "4.1"},
			}},
		}},
		{"withdrawn.json", &Record{
			ID: "GO-2099-0002", Modified: "2024-01-01T00:00:00Z", Withdrawn: "2024-01-01T00:00:00Z",
			Affected: []Affected{{
				Package: Package{Ecosystem: "Go", Name: "example.com/mod"},
				Ranges:  []Range{{Type: RangeSemver, Events: []Event{{Introduced: "0"}}}},
			}},
		}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.file, readTestdata(t, tt.file))
		if err != nil {
			t.Fatalf("Parse(%s): %v", tt.file, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Parse(%s) (-want +got):\n%s", tt.file, diff)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ file, want string }{
		{"bad-event.json", "exactly one of introduced"},
		{"bad-syntax.json", "bad-syntax.json"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.file, readTestdata(t, tt.file))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.file) {
			t.Errorf("Parse(%s) error = %v, want one naming the file and containing %q", tt.file, err, tt.want)
		}
	}
	if _, err := Parse("x.json", []byte(`{"summary": "no id"}`)); err == nil {
		t.Error("Parse of a record without id: no error")
	}
}

func TestIDs(t *testing.T) {
	r := Record{ID: "PYSEC-1", Aliases: []string{"CVE-1", "PYSEC-1", "CVE-1", "GHSA-1"}}
	if diff := cmp.Diff([]string{"PYSEC-1", "CVE-1", "GHSA-1"}, r.IDs()); diff != "" {
		t.Errorf("IDs (-want +got):\n%s", diff)
	}
}

// FuzzParse checks that no input makes the record parser or the matcher
// panic.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"GHSA-test-json.json", "PYSEC-test-yaml.yaml", "withdrawn.json", "bad-event.json", "bad-syntax.json", "nswg-legacy.json"} {
		f.Add(name, readTestdata(f, name))
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		r, err := Parse(name, data)
		if err != nil {
			return
		}
		r.SortEvents()
		r.SeverityScore(nil)
		for i := range r.Affected {
			a := &r.Affected[i]
			for _, s := range []string{"0", "1.0.0", "v1.2.3", "2.0rc1"} {
				v, _ := ParseVersion(a.Package.Ecosystem, s)
				a.Affects(v)
				a.FixedVersions(v)
			}
		}
	})
}

func TestNodeAdvisory(t *testing.T) {
	tests := []struct {
		vulnerable string
		want       []Range
		versions   []string
	}{
		{"<=1.5.1", []Range{{Type: RangeSemver, Events: []Event{{Introduced: "0"}, {LastAffected: "1.5.1"}}}}, nil},
		{"<1.6.5 || < 2.1.7 > 2.0.0", []Range{
			{Type: RangeSemver, Events: []Event{{Introduced: "0"}, {Fixed: "1.6.5"}}},
			{Type: RangeSemver, Events: []Event{{Introduced: "2.0.1-0"}, {Fixed: "2.1.7"}}},
		}, nil},
		{"*", []Range{{Type: RangeSemver, Events: []Event{{Introduced: "0.0.0"}}}}, nil},
		{"2.0.x || 2.1.x", []Range{
			{Type: RangeSemver, Events: []Event{{Introduced: "2.0.0"}, {Fixed: "2.1.0-0"}}},
			{Type: RangeSemver, Events: []Event{{Introduced: "2.1.0"}, {Fixed: "2.2.0-0"}}},
		}, nil},
		{"<3.11 || >= 4 <4.5", []Range{
			{Type: RangeSemver, Events: []Event{{Introduced: "0"}, {Fixed: "3.11.0-0"}}},
			{Type: RangeSemver, Events: []Event{{Introduced: "4.0.0"}, {Fixed: "4.5.0-0"}}},
		}, nil},
		{">= 0.2.0 <= 0.9.6 || ~0.8.0-pre", []Range{
			{Type: RangeSemver, Events: []Event{{Introduced: "0.2.0"}, {LastAffected: "0.9.6"}}},
			{Type: RangeSemver, Events: []Event{{Introduced: "0.8.0-pre"}, {Fixed: "0.9.0-0"}}},
		}, nil},
		{"=3.0.0-rc.1", nil, []string{"3.0.0-rc.1"}},
		{"<=0.9.4 || 1.0.0", []Range{{Type: RangeSemver, Events: []Event{{Introduced: "0"}, {LastAffected: "0.9.4"}}}}, []string{"1.0.0"}},
	}
	for _, tt := range tests {
		data := fmt.Sprintf(`{"id": 93, "title": "T", "module_name": "node-uuid", "cves": ["CVE-1"], "vulnerable_versions": %q, "cvss_vector": "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"}`, tt.vulnerable)
		r, err := Parse("93.json", []byte(data))
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.vulnerable, err)
		}
		if r.ID != "NSWG-ECO-93" || r.Affected[0].Package != (Package{Ecosystem: "npm", Name: "node-uuid"}) {
			t.Errorf("Parse(%q) = id %s package %+v", tt.vulnerable, r.ID, r.Affected[0].Package)
		}
		if diff := cmp.Diff(tt.want, r.Affected[0].Ranges); diff != "" {
			t.Errorf("ranges of %q (-want +got):\n%s", tt.vulnerable, diff)
		}
		if diff := cmp.Diff(tt.versions, r.Affected[0].Versions); diff != "" {
			t.Errorf("versions of %q (-want +got):\n%s", tt.vulnerable, diff)
		}
	}
	// Exclusive lower bound: 2.0.0 itself is not affected, 2.0.1 is.
	r, _ := Parse("x.json", []byte(`{"id": 1, "module_name": "m", "vulnerable_versions": "> 2.0.0 <2.1.7"}`))
	for v, want := range map[string]bool{"2.0.0": false, "2.0.1": true, "2.1.7": false} {
		pv, _ := ParseVersion("npm", v)
		if got := r.Affected[0].Affects(pv); got != want {
			t.Errorf("> 2.0.0 <2.1.7 affects %s = %v, want %v", v, got, want)
		}
	}
	if _, err := Parse("bad.json", []byte(`{"id": 2, "module_name": "m", "vulnerable_versions": "<1.2.3.4"}`)); err == nil {
		t.Error("Parse of an unreadable range: no error")
	}
}
