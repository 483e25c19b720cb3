package deps

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/package-url/packageurl-go"
	"github.com/slsguard/slsguard/internal/deps/osv"
)

// CycloneDX types: the subset of CycloneDX 1.5 JSON an SBOM of locked
// packages with their known vulnerabilities needs.
type cdxBOM struct {
	BOMFormat       string             `json:"bomFormat"`
	SpecVersion     string             `json:"specVersion"`
	Version         int                `json:"version"`
	Metadata        cdxMetadata        `json:"metadata"`
	Components      []cdxComponent     `json:"components"`
	Vulnerabilities []cdxVulnerability `json:"vulnerabilities,omitempty"`
}

type cdxMetadata struct {
	Tools struct {
		Components []cdxComponent `json:"components"`
	} `json:"tools"`
	Component *cdxComponent `json:"component,omitempty"`
}

type cdxComponent struct {
	BOMRef     string        `json:"bom-ref,omitempty"`
	Type       string        `json:"type"`
	Name       string        `json:"name"`
	Version    string        `json:"version,omitempty"`
	PURL       string        `json:"purl,omitempty"`
	Scope      string        `json:"scope,omitempty"`
	Properties []cdxProperty `json:"properties,omitempty"`
	// Components nests a function code directory's packages under it.
	Components []cdxComponent `json:"components,omitempty"`
}

type cdxProperty struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type cdxVulnerability struct {
	ID      string      `json:"id"`
	Source  *cdxSource  `json:"source,omitempty"`
	Ratings []cdxRating `json:"ratings,omitempty"`
	// References lists the aliases.
	References  []cdxReference `json:"references,omitempty"`
	Description string         `json:"description,omitempty"`
	Affects     []cdxAffect    `json:"affects"`
	// Recommendation carries the upgrade advice.
	Recommendation string `json:"recommendation,omitempty"`
}

type cdxSource struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type cdxRating struct {
	Score  float64 `json:"score"`
	Method string  `json:"method"`
	Vector string  `json:"vector,omitempty"`
}

type cdxReference struct {
	ID     string    `json:"id"`
	Source cdxSource `json:"source"`
}

type cdxAffect struct {
	Ref string `json:"ref"`
}

// purlTypes maps OSV ecosystems to package URL types.
var purlTypes = map[string]string{
	"npm": packageurl.TypeNPM, "PyPI": packageurl.TypePyPi, "Go": packageurl.TypeGolang,
	"Maven": packageurl.TypeMaven, "NuGet": packageurl.TypeNuget, "RubyGems": packageurl.TypeGem,
}

// PURL returns the package URL of a pinned package, or "" when the
// ecosystem has no package URL type here or the package is unpinned.
func PURL(p Package) string {
	typ, ok := purlTypes[p.Ecosystem]
	if !ok || p.Unpinned() {
		return ""
	}
	namespace, name := "", p.Name
	switch typ {
	case packageurl.TypeNPM, packageurl.TypeGolang:
		if i := strings.LastIndexByte(name, '/'); i >= 0 {
			namespace, name = name[:i], name[i+1:]
		}
	case packageurl.TypeMaven:
		namespace, name, _ = strings.Cut(name, ":")
	case packageurl.TypePyPi:
		name = osv.NormalizeName("PyPI", name)
	}
	return packageurl.NewPackageURL(typ, namespace, name, p.Version, nil, "").ToString()
}

// CycloneDX writes the packages of one directory and their
// vulnerabilities as a CycloneDX 1.5 JSON SBOM. Output is deterministic:
// no timestamp, no random serial number, components sorted.
func CycloneDX(d DirInventory, vulns []Vuln, toolVersion string) ([]byte, error) {
	bom := cdxBOM{BOMFormat: "CycloneDX", SpecVersion: "1.5", Version: 1, Components: []cdxComponent{}}
	bom.Metadata.Tools.Components = []cdxComponent{{Type: "application", Name: "slsguard", Version: toolVersion}}
	bom.Metadata.Component = &cdxComponent{Type: "application", Name: filepath.Base(filepath.Clean(d.Dir))}
	refs := map[string]bool{}
	for _, p := range d.Packages {
		c := component(p)
		if c.BOMRef == "" || refs[c.BOMRef] {
			continue
		}
		refs[c.BOMRef] = true
		bom.Components = append(bom.Components, c)
	}
	sort.Slice(bom.Components, func(i, j int) bool { return bom.Components[i].BOMRef < bom.Components[j].BOMRef })
	byID := map[string]int{}
	for _, v := range vulns {
		ref := PURL(v.Package)
		if ref == "" {
			continue
		}
		i, ok := byID[v.ID]
		if !ok {
			i = len(bom.Vulnerabilities)
			byID[v.ID] = i
			bom.Vulnerabilities = append(bom.Vulnerabilities, vulnerability(v))
		}
		cv := &bom.Vulnerabilities[i]
		if !containsAffect(cv.Affects, ref) {
			cv.Affects = append(cv.Affects, cdxAffect{Ref: ref})
		}
	}
	data, err := json.MarshalIndent(bom, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("write CycloneDX for %s: %w", d.Dir, err)
	}
	return data, nil
}

func component(p Package) cdxComponent {
	ref := PURL(p)
	c := cdxComponent{BOMRef: ref, Type: "library", Name: p.Name, Version: p.Version, PURL: ref}
	if p.Relation != Unknown {
		c.Properties = append(c.Properties, cdxProperty{Name: "slsguard:relation", Value: string(p.Relation)})
	}
	for _, g := range p.Groups {
		if g == "dev" {
			c.Scope = "optional"
		}
	}
	return c
}

func vulnerability(v Vuln) cdxVulnerability {
	cv := cdxVulnerability{ID: v.ID, Description: v.Summary, Source: &cdxSource{Name: "OSV", URL: "https://osv.dev/vulnerability/" + v.ID}}
	for _, id := range v.IDs {
		if id != v.ID {
			cv.References = append(cv.References, cdxReference{ID: id, Source: cdxSource{Name: "OSV"}})
		}
	}
	if v.HasScore {
		method := map[string]string{"CVSS_V4": "CVSSv4", "CVSS_V3": "CVSSv31", "CVSS_V2": "CVSSv2"}[v.Score.Source]
		if method == "" {
			method = "other"
		}
		if strings.HasPrefix(v.Score.Vector, "CVSS:3.0/") {
			method = "CVSSv3"
		}
		cv.Ratings = []cdxRating{{Score: v.Score.Value, Method: method, Vector: v.Score.Vector}}
	}
	if v.Fixed != "" {
		cv.Recommendation = "Upgrade " + v.Package.Name + " to " + v.Fixed + " or later."
	}
	return cv
}

func containsAffect(list []cdxAffect, ref string) bool {
	for _, a := range list {
		if a.Ref == ref {
			return true
		}
	}
	return false
}
