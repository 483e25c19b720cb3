package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// CODE010 reports tls-verification-disabled issues the code audit finds in functions' code.
var CODE010 = &rule.Rule{
	ID:          "CODE010",
	Title:       "TLS certificate verification is turned off",
	Severity:    finding.Medium,
	Category:    "code",
	Rationale:   "Without certificate checks, anyone on the network path can read and change the function's traffic, including credentials it sends.",
	Remediation: "Remove rejectUnauthorized: false / verify=False / InsecureSkipVerify / NODE_TLS_REJECT_UNAUTHORIZED=0; trust a custom CA explicitly if you need one.",
	References: []string{
		"https://cwe.mitre.org/data/definitions/295.html",
		"https://owasp.org/www-project-serverless-top-10/",
	},
	Formats: []string{"sam"},
	Check:   codeRule("tls-verification-disabled"),
}
