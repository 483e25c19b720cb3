package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// CODE012 reports environment-exposure issues the code audit finds in functions' code.
var CODE012 = &rule.Rule{
	ID:          "CODE012",
	Title:       "Function returns or sends its environment",
	Severity:    finding.High,
	Category:    "code",
	Rationale:   "Returning the environment (or os.environ / process.env) hands out the function's temporary AWS credentials and every secret in its variables.",
	Remediation: "Never return or forward the environment; return only the values the caller needs.",
	References: []string{
		"https://cwe.mitre.org/data/definitions/526.html",
		"https://owasp.org/www-project-serverless-top-10/",
	},
	Formats: []string{"sam"},
	Check:   codeRule("environment-exposure"),
}
