package rules

import (
	"context"
	"sort"
	"strings"

	"github.com/slsguard/slsguard/internal/deps"
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// DEP004 finds deprecated npm packages in functions' code.
var DEP004 = &rule.Rule{
	ID:       "DEP004",
	Title:    "Function depends on a deprecated package",
	Severity: finding.Low,
	Category: "dependencies",
	Rationale: "A deprecated package is one its authors stopped maintaining: its next vulnerability will not be " +
		"fixed, and advisories are often never published for it. Deprecation messages frequently say why " +
		"(`uuid` before 3.4 may use Math.random(); `request` gets no security fixes).",
	Remediation: "Replace the package with the one its deprecation message names (`uuid` 9+, `fetch` or " +
		"`undici` instead of `request`, URLSearchParams instead of `querystring`), or upgrade to a version that " +
		"is not deprecated; for a transitive package, upgrade the direct dependency that pulls it in. " +
		"`slsguard scan --online` asks the npm registry; offline scans use a short built-in list.",
	References: []string{
		"https://docs.npmjs.com/deprecating-and-undeprecating-packages-or-package-versions",
		"https://docs.npmjs.com/cli/v10/commands/npm-deprecate",
	},
	Formats: []string{"sam", "cloudformation"},
	Check:   checkDEP004,
}

func checkDEP004(p *rule.Pass) {
	ad := inventory(p)
	reg := p.Options.Vulns.Registry()
	for _, rel := range ad.order {
		cd := ad.dirs[rel]
		f := cd.functions[0]
		for _, d := range deprecations(reg, cd.inv.Packages) {
			sev := finding.Low
			if mentionsSecurity(d.Message) {
				sev = finding.Medium
			}
			msg := "npm package " + d.Package.Name + " " + d.Package.Version + " is deprecated: " + d.Message
			if d.Builtin {
				msg += " (from slsguard's built-in list of well-known deprecated packages; run `slsguard scan --online` to ask the registry)"
			}
			p.Add(rule.Report{
				Loc: pkgLoc(p.Options.Root, d.Package, f), Resource: f.ID, Function: f.ID,
				Key: "deprecated:" + d.Package.Name + "@" + d.Package.Version, Severity: &sev,
				Message: msg + " (code of " + functionList(cd.functions) + ")",
			})
		}
	}
}

// deprecations asks the registry when the scan is online and falls back
// to the built-in list for packages the registry could not answer for (or
// for every package offline). A version the registry answered for
// without a deprecation is not deprecated, whatever the list says. Each
// name and version is reported once, at its first location.
func deprecations(reg *deps.Registry, pkgs []deps.Package) []deps.Deprecation {
	found := map[string]deps.Deprecation{}
	useList := func(string) bool { return true }
	if reg != nil {
		ds, unanswered, _ := reg.Deprecated(context.Background(), pkgs)
		for _, d := range ds {
			found[d.Package.Name+"@"+d.Package.Version] = d
		}
		useList = func(key string) bool {
			i := sort.SearchStrings(unanswered, key)
			return i < len(unanswered) && unanswered[i] == key
		}
	}
	var out []deps.Deprecation
	seen := map[string]bool{}
	for _, pkg := range pkgs {
		key := pkg.Name + "@" + pkg.Version
		if pkg.Ecosystem != "npm" || seen[key] {
			continue
		}
		seen[key] = true
		if d, ok := found[key]; ok {
			d.Package = pkg
			out = append(out, d)
			continue
		}
		if !useList(key) {
			continue
		}
		if d, ok := deps.KnownDeprecated(pkg); ok {
			out = append(out, d)
		}
	}
	return out
}

func mentionsSecurity(msg string) bool {
	lower := strings.ToLower(msg)
	for _, w := range []string{"security", "vulnerab", "math.random", "cve-"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}
