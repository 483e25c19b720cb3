package osv

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func ev(kind, v string) Event {
	switch kind {
	case "i":
		return Event{Introduced: v}
	case "f":
		return Event{Fixed: v}
	case "l":
		return Event{LastAffected: v}
	}
	return Event{Limit: v}
}

func TestAffects(t *testing.T) {
	tests := []struct {
		name      string
		ecosystem string
		aff       Affected
		version   string
		want      bool
	}{
		{"introduced 0 fixed, below", "PyPI", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{ev("i", "0"), ev("f", "1.5")}}}}, "1.4", true},
		{"introduced 0 fixed, at fix", "PyPI", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{ev("i", "0"), ev("f", "1.5")}}}}, "1.5", false},
		{"introduced 0 fixed, above", "PyPI", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{ev("i", "0"), ev("f", "1.5")}}}}, "2.0", false},
		{"introduced, below it", "PyPI", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{ev("i", "1.0"), ev("f", "1.5")}}}}, "0.9", false},
		{"introduced, at it", "PyPI", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{ev("i", "1.0"), ev("f", "1.5")}}}}, "1.0", true},
		{"introduced only, open ended", "npm", Affected{Ranges: []Range{{Type: RangeSemver, Events: []Event{ev("i", "2.0.0")}}}}, "9.9.9", true},
		{"last_affected, at it", "npm", Affected{Ranges: []Range{{Type: RangeSemver, Events: []Event{ev("i", "0"), ev("l", "1.2.3")}}}}, "1.2.3", true},
		{"last_affected, above it", "npm", Affected{Ranges: []Range{{Type: RangeSemver, Events: []Event{ev("i", "0"), ev("l", "1.2.3")}}}}, "1.2.4", false},
		{"limit, below", "npm", Affected{Ranges: []Range{{Type: RangeSemver, Events: []Event{ev("i", "1.0.0"), ev("m", "2.0.0")}}}}, "1.9.0", true},
		{"limit, at it", "npm", Affected{Ranges: []Range{{Type: RangeSemver, Events: []Event{ev("i", "1.0.0"), ev("m", "2.0.0")}}}}, "2.0.0", false},
		{"limit star", "npm", Affected{Ranges: []Range{{Type: RangeSemver, Events: []Event{ev("i", "1.0.0"), ev("m", "*")}}}}, "5.0.0", true},
		{"two windows, between", "PyPI", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{ev("i", "1.0"), ev("f", "1.2"), ev("i", "2.0"), ev("f", "2.3")}}}}, "1.5", false},
		{"two windows, second", "PyPI", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{ev("i", "1.0"), ev("f", "1.2"), ev("i", "2.0"), ev("f", "2.3")}}}}, "2.1", true},
		{"events out of order", "PyPI", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{ev("f", "2.3"), ev("i", "2.0"), ev("f", "1.2"), ev("i", "1.0")}}}}, "1.1", true},
		{"empty range [x,x)", "PyPI", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{ev("f", "1.0"), ev("i", "1.0")}}}}, "1.0", false},
		{"git range ignored", "Go", Affected{Ranges: []Range{{Type: RangeGit, Repo: "https://x", Events: []Event{ev("i", "0")}}}}, "1.0.0", false},
		{"git range before ecosystem range", "Go", Affected{Ranges: []Range{
			{Type: RangeGit, Repo: "https://x", Events: []Event{ev("i", "0")}},
			{Type: RangeSemver, Events: []Event{ev("i", "0"), ev("f", "1.1.0")}},
		}}, "1.0.0", true},
		{"versions list", "PyPI", Affected{Versions: []string{"1.0", "1.1"}}, "1.1", true},
		{"versions list, equal spelling differs", "PyPI", Affected{Versions: []string{"1.0"}}, "1.0.0", true},
		{"versions list, absent", "PyPI", Affected{Versions: []string{"1.0", "1.1"}}, "1.2", false},
		{"no ranges no versions", "PyPI", Affected{}, "1.0", false},
		// Ordering edge cases per ecosystem.
		{"pypi pre-release below final", "PyPI", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{ev("i", "0"), ev("f", "2.0")}}}}, "2.0rc1", true},
		{"pypi post-release above final", "PyPI", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{ev("i", "0"), ev("f", "2.0.post1")}}}}, "2.0", true},
		{"pypi post-release fixed", "PyPI", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{ev("i", "0"), ev("f", "2.0.post1")}}}}, "2.0.post1", false},
		{"pypi epoch beats everything", "PyPI", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{ev("i", "0"), ev("f", "9.0")}}}}, "1!1.0", false},
		{"pypi normalised spelling", "PyPI", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{ev("i", "0"), ev("f", "1.0")}}}}, "1.0.0", false},
		{"semver pre-release below release", "npm", Affected{Ranges: []Range{{Type: RangeSemver, Events: []Event{ev("i", "0"), ev("f", "1.0.0")}}}}, "1.0.0-beta.2", true},
		{"semver build metadata ignored", "npm", Affected{Ranges: []Range{{Type: RangeSemver, Events: []Event{ev("i", "0"), ev("f", "1.0.0")}}}}, "1.0.0+build5", false},
		{"go v prefix", "Go", Affected{Ranges: []Range{{Type: RangeSemver, Events: []Event{ev("i", "0"), ev("f", "1.2.0")}}}}, "v1.1.9", true},
		{"go pseudo-version before tag", "Go", Affected{Ranges: []Range{{Type: RangeSemver, Events: []Event{ev("i", "0"), ev("f", "0.1.0")}}}}, "v0.0.0-20210101000000-abcdefabcdef", true},
		{"go pseudo-version after tag", "Go", Affected{Ranges: []Range{{Type: RangeSemver, Events: []Event{ev("i", "0"), ev("f", "1.2.0")}}}}, "v1.2.1-0.20230101000000-abcdefabcdef", false},
		{"go +incompatible", "Go", Affected{Ranges: []Range{{Type: RangeSemver, Events: []Event{ev("i", "0"), ev("f", "2.1.0+incompatible")}}}}, "v2.0.0+incompatible", true},
		{"maven qualifier below release", "Maven", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{ev("i", "0"), ev("f", "2.0")}}}}, "2.0-beta-1", true},
		{"maven final equals release", "Maven", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{ev("i", "0"), ev("f", "2.0")}}}}, "2.0.Final", false},
		{"maven sp above release", "Maven", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{ev("i", "0"), ev("l", "2.0")}}}}, "2.0-sp1", false},
		{"maven numeric not lexical", "Maven", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{ev("i", "0"), ev("f", "2.10.0")}}}}, "2.9.1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := ParseVersion(tt.ecosystem, tt.version)
			if got := tt.aff.Affects(v); got != tt.want {
				t.Errorf("Affects(%s %q) over %+v = %v, want %v", tt.ecosystem, tt.version, tt.aff, got, tt.want)
			}
		})
	}
}

func TestSortEvents(t *testing.T) {
	r := Record{ID: "X", Affected: []Affected{{
		Package: Package{Ecosystem: "PyPI", Name: "p"},
		Ranges: []Range{{Type: RangeEcosystem, Events: []Event{
			ev("f", "1.10"), ev("i", "1.9"), ev("f", "1.2"), ev("i", "0"),
		}}},
	}}}
	r.SortEvents()
	want := []Event{ev("i", "0"), ev("f", "1.2"), ev("i", "1.9"), ev("f", "1.10")}
	if diff := cmp.Diff(want, r.Affected[0].Ranges[0].Events); diff != "" {
		t.Errorf("SortEvents (-want +got):\n%s", diff)
	}
}

func TestFixedVersions(t *testing.T) {
	a := Affected{Ranges: []Range{
		{Type: RangeEcosystem, Events: []Event{ev("i", "0"), ev("f", "1.2.5"), ev("i", "2.0"), ev("f", "2.0.3")}},
		{Type: RangeEcosystem, Events: []Event{ev("i", "0"), ev("f", "1.10")}},
	}}
	v, _ := ParseVersion("PyPI", "1.2.1")
	want := []string{"1.2.5", "1.10", "2.0.3"}
	if diff := cmp.Diff(want, a.FixedVersions(v)); diff != "" {
		t.Errorf("FixedVersions(1.2.1) (-want +got):\n%s", diff)
	}
	v, _ = ParseVersion("PyPI", "2.0.1")
	if diff := cmp.Diff([]string{"2.0.3"}, a.FixedVersions(v)); diff != "" {
		t.Errorf("FixedVersions(2.0.1) (-want +got):\n%s", diff)
	}
}

func TestNormalizeName(t *testing.T) {
	tests := []struct{ ecosystem, in, want string }{
		{"PyPI", "PyYAML", "pyyaml"},
		{"PyPI", "zope.interface", "zope-interface"},
		{"PyPI", "Foo__Bar-.baz", "foo-bar-baz"},
		{"PyPI", "ruamel.yaml.clib", "ruamel-yaml-clib"},
		{"npm", "@Babel/core", "@Babel/core"},
		{"npm", " lodash ", "lodash"},
		{"NuGet", "Newtonsoft.Json", "newtonsoft.json"},
		{"Go", "github.com/Foo/bar/", "github.com/Foo/bar"},
		{"Maven", "org.apache:Commons", "org.apache:Commons"},
		{"Debian:12", "openssl", "openssl"},
	}
	for _, tt := range tests {
		if got := NormalizeName(tt.ecosystem, tt.in); got != tt.want {
			t.Errorf("NormalizeName(%q, %q) = %q, want %q", tt.ecosystem, tt.in, got, tt.want)
		}
	}
}

func TestSeverityScore(t *testing.T) {
	tests := []struct {
		name string
		rec  Record
		aff  *Affected
		want Score
		ok   bool
	}{
		{"cvss v3.1", Record{Severity: []Severity{{Type: "CVSS_V3", Score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}}}, nil,
			Score{Value: 9.8, Source: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}, true},
		{"cvss v4 preferred", Record{Severity: []Severity{
			{Type: "CVSS_V3", Score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"},
			{Type: "CVSS_V4", Score: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"},
		}}, nil, Score{Value: 9.3, Source: "CVSS_V4", Vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"}, true},
		{"affected severity first", Record{Severity: []Severity{{Type: "CVSS_V3", Score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}}},
			&Affected{Severity: []Severity{{Type: "CVSS_V3", Score: "CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N"}}},
			Score{Value: 1.8, Source: "CVSS_V3", Vector: "CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N"}, true},
		{"database label", Record{DatabaseSpecific: &DatabaseSpecific{Severity: "HIGH"}}, nil, Score{Value: 8, Source: "database_specific"}, true},
		{"bad vector falls back to label", Record{Severity: []Severity{{Type: "CVSS_V3", Score: "CVSS:3.1/AV:X"}}, DatabaseSpecific: &DatabaseSpecific{Severity: "moderate"}}, nil,
			Score{Value: 5.5, Source: "database_specific"}, true},
		{"nothing", Record{}, nil, Score{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.rec.SeverityScore(tt.aff)
			if ok != tt.ok {
				t.Fatalf("SeverityScore ok = %v, want %v", ok, tt.ok)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("SeverityScore (-want +got):\n%s", diff)
			}
		})
	}
}
