package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// CODE005 reports nosql-injection issues the code audit finds in functions' code.
var CODE005 = &rule.Rule{
	ID:          "CODE005",
	Title:       "Event data is used as a NoSQL query or operator",
	Severity:    finding.High,
	Category:    "code",
	Rationale:   "Passing parsed event objects to NoSQL queries lets callers inject operators such as $ne or $where and bypass filters.",
	Remediation: "Cast event values to the expected scalar types before querying and reject objects; use the driver's sanitising helpers.",
	References: []string{
		"https://cwe.mitre.org/data/definitions/943.html",
		"https://owasp.org/www-project-serverless-top-10/",
	},
	Formats: []string{"sam"},
	Check:   codeRule("nosql-injection"),
}
