package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// CODE009 reports jwt-unverified issues the code audit finds in functions' code.
var CODE009 = &rule.Rule{
	ID:          "CODE009",
	Title:       "JSON Web Token is decoded without verifying its signature",
	Severity:    finding.High,
	Category:    "code",
	Rationale:   "Decoding a JWT without verification trusts claims anyone can forge: any caller becomes any user.",
	Remediation: "Verify the signature and the algorithm, issuer, audience and expiry with the library's verify function and the issuer's keys.",
	References: []string{
		"https://cwe.mitre.org/data/definitions/347.html",
		"https://owasp.org/www-project-serverless-top-10/",
	},
	Formats: []string{"sam"},
	Check:   codeRule("jwt-unverified"),
}
