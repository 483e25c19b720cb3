package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// DEP001 finds known-vulnerable packages in functions' code.
var DEP001 = &rule.Rule{
	ID:       "DEP001",
	Title:    "Function ships a package with a known vulnerability",
	Severity: finding.High,
	Category: "dependencies",
	Rationale: "Most of a function's code is other people's: a vulnerable library is reachable through the " +
		"same event data as your own code (a prototype pollution in a JSON parser, a ReDoS in a validator, a " +
		"deserialisation flaw in a YAML library) and is the easiest way in, because the exploit is public.",
	Remediation: "Upgrade the package to the fixed version the finding names (update the lockfile and " +
		"redeploy); if no fix exists, replace the package or make sure the vulnerable code path cannot be " +
		"reached with event data. Keep the database current with `slsguard db update`.",
	References: []string{
		"https://owasp.org/www-project-serverless-top-10/",
		"https://ossf.github.io/osv-schema/",
	},
	Formats: []string{"sam", "cloudformation"},
	Check:   checkDEP001,
}

func checkDEP001(p *rule.Pass) {
	ad := inventory(p)
	for _, rel := range ad.order {
		cd := ad.dirs[rel]
		for _, v := range cd.vulns {
			sev := v.Severity()
			p.Add(rule.Report{
				Loc: pkgLoc(p.Options.Root, v.Package, cd.functions[0]), Resource: cd.functions[0].ID, Function: cd.functions[0].ID,
				Key: v.Key(), Severity: &sev,
				Message: v.Message() + " (in the code of " + functionList(cd.functions) + ")",
			})
		}
	}
}
