package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// DEP002 finds dependencies declared with a range and no lockfile.
var DEP002 = &rule.Rule{
	ID:       "DEP002",
	Title:    "Function depends on a package version that is not pinned",
	Severity: finding.Low,
	Category: "dependencies",
	Rationale: "A dependency declared with a range (`^4.17.0`, `>=2.0`) and no lockfile is resolved at build " +
		"time: each deployment may ship a different version, nobody reviewed the one that runs, and a " +
		"compromised or vulnerable release is picked up automatically. It also cannot be checked against " +
		"advisories, because the version is unknown.",
	Remediation: "Commit the lockfile (package-lock.json, poetry.lock, Pipfile.lock, requirements with `==` and " +
		"hashes) and build from it (`npm ci`, `pip install --require-hashes`).",
	References: []string{
		"https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json",
		"https://pip.pypa.io/en/stable/topics/secure-installs/",
	},
	Formats: []string{"sam", "cloudformation"},
	Check:   checkDEP002,
}

func checkDEP002(p *rule.Pass) {
	ad := inventory(p)
	for _, rel := range ad.order {
		cd := ad.dirs[rel]
		for _, pkg := range cd.inv.Packages {
			if !pkg.Unpinned() || pkg.Constraint == "" {
				continue
			}
			p.Add(rule.Report{
				Loc: pkgLoc(p.Options.Root, pkg, cd.functions[0]), Resource: cd.functions[0].ID, Function: cd.functions[0].ID,
				Key: pkg.Ecosystem + ":" + pkg.Name,
				Message: pkg.Ecosystem + " package " + pkg.Name + " is declared as " + pkg.Constraint +
					" without a lockfile (code of " + functionList(cd.functions) + ")",
			})
		}
	}
}
