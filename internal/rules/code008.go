package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// CODE008 reports xxe issues the code audit finds in functions' code.
var CODE008 = &rule.Rule{
	ID:          "CODE008",
	Title:       "XML from the event is parsed with external entities enabled",
	Severity:    finding.High,
	Category:    "code",
	Rationale:   "XML parsers that resolve external entities read local files and reach internal URLs on behalf of whoever sends the document.",
	Remediation: "Disable DTDs and entity resolution (defusedxml in Python, noent: false in libxmljs).",
	References: []string{
		"https://cwe.mitre.org/data/definitions/611.html",
		"https://owasp.org/www-project-serverless-top-10/",
	},
	Formats: []string{"sam"},
	Check:   codeRule("xxe"),
}
