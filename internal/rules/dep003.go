package rules

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/slsguard/slsguard/internal/deps"
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// DEP003 thresholds: a function past either ships a dependency tree that
// nobody can review.
const (
	maxTransitive = 300
	maxChain      = 12
)

// DEP003 finds functions whose dependency tree is far larger than a
// function's code needs.
var DEP003 = &rule.Rule{
	ID:       "DEP003",
	Title:    "Function ships far more packages than it uses",
	Severity: finding.Low,
	Category: "dependencies",
	Rationale: "Every package in a function's bundle is code that runs with the function's role and can read its " +
		"events and secrets. Hundreds of transitive packages, or chains a dozen packages deep, mean maintainers " +
		"nobody on the team knows, a larger surface for compromised releases (event-stream, ua-parser-js) and " +
		"slower cold starts. A function usually calls a handful of them.",
	Remediation: "Look at the biggest direct dependencies the finding names: replace a framework by the few " +
		"functions used, import the modular client (`@aws-sdk/client-s3` instead of `aws-sdk`; the runtime " +
		"already provides the SDK), move build tools to devDependencies, and bundle with tree shaking " +
		"(esbuild, `sam build` with `BuildMethod: esbuild`).",
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/nodejs-package.html",
		"https://docs.aws.amazon.com/lambda/latest/operatorguide/static-initialization.html",
	},
	Formats: []string{"sam", "cloudformation"},
	Check:   checkDEP003,
}

func checkDEP003(p *rule.Pass) {
	ad := inventory(p)
	for _, rel := range ad.order {
		cd := ad.dirs[rel]
		st := deps.Stats(cd.inv.Packages)
		chain := len(cd.inv.DeepestChain)
		if st.Transitive <= maxTransitive && chain <= maxChain {
			continue
		}
		f := cd.functions[0]
		p.Add(rule.Report{
			Loc: lockfileLoc(p.Options.Root, cd.inv, f), Resource: f.ID, Function: f.ID,
			Key:     "tree:" + rel,
			Message: treeMessage(rel, st, cd.inv) + " (code of " + functionList(cd.functions) + ")",
		})
	}
}

func treeMessage(rel string, st deps.Counts, inv deps.DirInventory) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s ships %d packages (%d direct, %d transitive; more than %d transitive is hard to review)",
		rel, st.Total, st.Direct, st.Transitive, maxTransitive)
	if n := len(inv.DeepestChain); n > 0 {
		fmt.Fprintf(&b, ", deepest chain %d: %s", n, strings.Join(inv.DeepestChain, " > "))
	}
	if len(inv.Largest) > 0 {
		parts := make([]string, 0, 3)
		for i, s := range inv.Largest {
			if i == 3 {
				break
			}
			unit := "packages"
			if s.Packages == 1 {
				unit = "package"
			}
			parts = append(parts, fmt.Sprintf("%s (%d %s)", s.Name, s.Packages, unit))
		}
		b.WriteString("; biggest direct dependencies: " + strings.Join(parts, ", "))
	}
	return b.String()
}

// lockFiles are the files that record a dependency tree, by preference.
var lockFiles = []string{"package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock",
	"poetry.lock", "Pipfile.lock", "uv.lock", "go.sum", "go.mod", "gradle.lockfile", "packages.lock.json", "Gemfile.lock"}

// lockfileLoc places a finding about a whole tree at the first line of its
// lockfile, or at the function when there is none.
func lockfileLoc(root string, inv deps.DirInventory, f *model.Function) model.Location {
	for _, name := range lockFiles {
		for _, file := range inv.Files {
			if filepath.Base(file) == name {
				return pkgLoc(root, deps.Package{Loc: model.Location{File: file, Line: 1}}, f)
			}
		}
	}
	return f.Loc
}
