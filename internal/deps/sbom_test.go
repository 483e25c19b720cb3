package deps

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/slsguard/slsguard/internal/deps/osv"
)

func TestPURL(t *testing.T) {
	tests := []struct {
		p    Package
		want string
	}{
		{Package{Ecosystem: "npm", Name: "@scope/pkg", Version: "2.0.1"}, "pkg:npm/%40scope/pkg@2.0.1"},
		{Package{Ecosystem: "npm", Name: "left-pad", Version: "1.3.0"}, "pkg:npm/left-pad@1.3.0"},
		{Package{Ecosystem: "PyPI", Name: "PyYAML", Version: "3.13"}, "pkg:pypi/pyyaml@3.13"},
		{Package{Ecosystem: "Go", Name: "golang.org/x/text", Version: "0.3.0"}, "pkg:golang/golang.org/x/text@0.3.0"},
		{Package{Ecosystem: "Maven", Name: "org.apache.logging.log4j:log4j-core", Version: "2.14.1"}, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"},
		{Package{Ecosystem: "NuGet", Name: "Newtonsoft.Json", Version: "12.0.1"}, "pkg:nuget/Newtonsoft.Json@12.0.1"},
		{Package{Ecosystem: "RubyGems", Name: "rails", Version: "6.0.0"}, "pkg:gem/rails@6.0.0"},
		{Package{Ecosystem: "npm", Name: "lodash", Constraint: "^4"}, ""},
		{Package{Ecosystem: "GIT", Name: "x", Version: "abc"}, ""},
	}
	for _, tt := range tests {
		if got := PURL(tt.p); got != tt.want {
			t.Errorf("PURL(%+v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestCycloneDX(t *testing.T) {
	d := DirInventory{Dir: "functions/convert", Packages: []Package{
		{Ecosystem: "npm", Name: "node-uuid", Version: "1.4.3", Relation: Direct},
		{Ecosystem: "npm", Name: "node-uuid", Version: "1.4.3"}, // the same package from node_modules
		{Ecosystem: "npm", Name: "jest", Version: "29.0.0", Groups: []string{"dev"}},
		{Ecosystem: "npm", Name: "lodash", Constraint: "^4"},
	}}
	vulns := []Vuln{{
		ID: "NSWG-ECO-93", IDs: []string{"CVE-2015-8851", "NSWG-ECO-93"}, Summary: "Insecure entropy",
		Package: d.Packages[0], Fixed: "1.4.4", HasScore: true,
		Score: osv.Score{Value: 5.3, Source: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"},
	}}
	data, err := CycloneDX(d, vulns, "1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	var bom cdxBOM
	if err := json.Unmarshal(data, &bom); err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, c := range bom.Components {
		refs = append(refs, c.BOMRef+" "+c.Scope)
	}
	if diff := cmp.Diff([]string{"pkg:npm/jest@29.0.0 optional", "pkg:npm/node-uuid@1.4.3 "}, refs); diff != "" {
		t.Errorf("components (-want +got):\n%s", diff)
	}
	want := []cdxVulnerability{{
		ID: "NSWG-ECO-93", Source: &cdxSource{Name: "OSV", URL: "https://osv.dev/vulnerability/NSWG-ECO-93"},
		Ratings:     []cdxRating{{Score: 5.3, Method: "CVSSv31", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"}},
		References:  []cdxReference{{ID: "CVE-2015-8851", Source: cdxSource{Name: "OSV"}}},
		Description: "Insecure entropy", Affects: []cdxAffect{{Ref: "pkg:npm/node-uuid@1.4.3"}},
		Recommendation: "Upgrade node-uuid to 1.4.4 or later.",
	}}
	if diff := cmp.Diff(want, bom.Vulnerabilities); diff != "" {
		t.Errorf("vulnerabilities (-want +got):\n%s", diff)
	}
	if bom.BOMFormat != "CycloneDX" || bom.SpecVersion != "1.5" || bom.Metadata.Component.Name != "convert" {
		t.Errorf("header = %+v %+v", bom.BOMFormat, bom.Metadata)
	}
}
