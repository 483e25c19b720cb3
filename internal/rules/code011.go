package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// CODE011 reports sensitive-logging issues the code audit finds in functions' code.
var CODE011 = &rule.Rule{
	ID:          "CODE011",
	Title:       "Function logs the whole event or its environment",
	Severity:    finding.Low,
	Category:    "code",
	Rationale:   "Logging the whole event or the environment writes tokens, personal data and credentials to CloudWatch, where far more people can read them, for as long as the log group keeps them.",
	Remediation: "Log the fields you need, masked where sensitive.",
	References: []string{
		"https://cwe.mitre.org/data/definitions/532.html",
		"https://owasp.org/www-project-serverless-top-10/",
	},
	Formats: []string{"sam"},
	Check:   codeRule("sensitive-logging"),
}
