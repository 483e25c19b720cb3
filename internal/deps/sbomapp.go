package deps

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// SBOMDir is one function code directory of an application, for an
// application SBOM.
type SBOMDir struct {
	// Dir is the directory, relative to the scan root.
	Dir string
	// Functions are the functions whose code it is.
	Functions []string
	Inventory DirInventory
	Vulns     []Vuln
}

// CycloneDXApp writes an application's SBOM as CycloneDX 1.5 JSON: one
// component of type application per function code directory, its locked
// packages nested under it, and the known vulnerabilities affecting them.
// A package in two directories is listed in both (each function ships its
// own copy), so bom-refs are the directory and the package URL. Output is
// deterministic: no timestamp, no serial number, everything sorted.
func CycloneDXApp(app string, dirs []SBOMDir, toolVersion string) ([]byte, error) {
	bom := cdxBOM{BOMFormat: "CycloneDX", SpecVersion: "1.5", Version: 1, Components: []cdxComponent{}}
	bom.Metadata.Tools.Components = []cdxComponent{{Type: "application", Name: "slsguard", Version: toolVersion}}
	bom.Metadata.Component = &cdxComponent{BOMRef: "app", Type: "application", Name: app}
	sorted := append([]SBOMDir(nil), dirs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Dir < sorted[j].Dir })
	byID := map[string]int{}
	for _, d := range sorted {
		bom.Components = append(bom.Components, dirComponent(d))
		for _, v := range d.Vulns {
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
			if r := d.Dir + "|" + ref; !containsAffect(cv.Affects, r) {
				cv.Affects = append(cv.Affects, cdxAffect{Ref: r})
			}
		}
	}
	sort.Slice(bom.Vulnerabilities, func(i, j int) bool { return bom.Vulnerabilities[i].ID < bom.Vulnerabilities[j].ID })
	data, err := json.MarshalIndent(bom, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("write CycloneDX for %s: %w", app, err)
	}
	return data, nil
}

// dirComponent is the component of one code directory with its packages.
func dirComponent(d SBOMDir) cdxComponent {
	c := cdxComponent{BOMRef: "dir:" + d.Dir, Type: "application", Name: d.Dir}
	if len(d.Functions) > 0 {
		fns := append([]string(nil), d.Functions...)
		sort.Strings(fns)
		c.Properties = append(c.Properties, cdxProperty{Name: "slsguard:functions", Value: strings.Join(fns, ",")})
	}
	refs := map[string]bool{}
	for _, p := range d.Inventory.Packages {
		pc := component(p)
		if pc.BOMRef == "" {
			continue
		}
		pc.BOMRef = d.Dir + "|" + pc.BOMRef
		if refs[pc.BOMRef] {
			continue
		}
		refs[pc.BOMRef] = true
		c.Components = append(c.Components, pc)
	}
	sort.Slice(c.Components, func(i, j int) bool { return c.Components[i].BOMRef < c.Components[j].BOMRef })
	return c
}
