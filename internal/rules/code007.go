package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// CODE007 reports path-traversal issues the code audit finds in functions' code.
var CODE007 = &rule.Rule{
	ID:          "CODE007",
	Title:       "Event data is used as a file path",
	Severity:    finding.High,
	Category:    "code",
	Rationale:   "A path built from event data (../) reads or overwrites files outside the intended directory, including the function's code and, in /tmp, data left by earlier invocations.",
	Remediation: "Use basename-only names or generated identifiers, and check the resolved path stays inside the intended directory.",
	References: []string{
		"https://cwe.mitre.org/data/definitions/22.html",
		"https://owasp.org/www-project-serverless-top-10/",
	},
	Formats: []string{"sam"},
	Check:   codeRule("path-traversal"),
}
