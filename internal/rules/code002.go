package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// CODE002 reports code-eval issues the code audit finds in functions' code.
var CODE002 = &rule.Rule{
	ID:          "CODE002",
	Title:       "Event data is evaluated as code",
	Severity:    finding.Critical,
	Category:    "code",
	Rationale:   "eval, new Function, vm.run* or Python eval/exec on event data runs the attacker's code in the function.",
	Remediation: "Parse data instead of evaluating it (JSON.parse, ast.literal_eval), and never evaluate strings that came from an event.",
	References: []string{
		"https://cwe.mitre.org/data/definitions/95.html",
		"https://owasp.org/www-project-serverless-top-10/",
	},
	Formats: []string{"sam"},
	Check:   codeRule("code-eval"),
}
