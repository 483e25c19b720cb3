package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// CODE004 reports sql-injection issues the code audit finds in functions' code.
var CODE004 = &rule.Rule{
	ID:          "CODE004",
	Title:       "Event data is concatenated into a SQL statement",
	Severity:    finding.High,
	Category:    "code",
	Rationale:   "A query built by concatenation or formatting lets the event rewrite it: read or change other rows, or the whole database. This includes DynamoDB PartiQL statements and the RDS Data API.",
	Remediation: "Use parameterised queries (placeholders with a separate parameters argument; Parameters for PartiQL and the Data API).",
	References: []string{
		"https://cwe.mitre.org/data/definitions/89.html",
		"https://owasp.org/www-project-serverless-top-10/",
	},
	Formats: []string{"sam"},
	Check:   codeRule("sql-injection"),
}
