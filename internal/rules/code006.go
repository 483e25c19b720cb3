package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// CODE006 reports ssrf issues the code audit finds in functions' code.
var CODE006 = &rule.Rule{
	ID:          "CODE006",
	Title:       "Event data decides where the function sends requests (SSRF)",
	Severity:    finding.High,
	Category:    "code",
	Rationale:   "A URL taken from the event lets callers make the function fetch internal addresses, including the Lambda runtime API and credential endpoints, and relay the responses.",
	Remediation: "Allow-list the hosts the function may call, resolve and check the address before connecting, and never fetch URLs taken whole from the event.",
	References: []string{
		"https://cwe.mitre.org/data/definitions/918.html",
		"https://owasp.org/www-project-serverless-top-10/",
	},
	Formats: []string{"sam"},
	Check:   codeRule("ssrf"),
}
