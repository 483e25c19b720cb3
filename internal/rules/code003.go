package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// CODE003 reports unsafe-deserialization issues the code audit finds in functions' code.
var CODE003 = &rule.Rule{
	ID:          "CODE003",
	Title:       "Event data is deserialised with an unsafe deserialiser",
	Severity:    finding.High,
	Category:    "code",
	Rationale:   "node-serialize, pickle, marshal, jsonpickle and yaml.load with a full loader construct arbitrary objects, which runs code chosen by whoever controls the input.",
	Remediation: "Use data-only formats and safe loaders (JSON, yaml.safe_load / SafeLoader); never unpickle untrusted data.",
	References: []string{
		"https://cwe.mitre.org/data/definitions/502.html",
		"https://owasp.org/www-project-serverless-top-10/",
	},
	Formats: []string{"sam"},
	Check:   codeRule("unsafe-deserialization"),
}
