package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// FN002 finds function URLs whose CORS configuration allows any origin.
var FN002 = &rule.Rule{
	ID:       "FN002",
	Title:    "Function URL allows cross-origin requests from any website",
	Severity: finding.Medium,
	Category: "function",
	Rationale: "`AllowOrigins: ['*']` lets scripts on any website call the function from a visitor's browser " +
		"and read the responses. Combined with credentials or an open URL it exposes the function's data to " +
		"every site a user visits.",
	Remediation: "List the origins of your own front ends in `Cors.AllowOrigins`.",
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html#urls-cors",
		"https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkFN002,
}

func checkFN002(p *rule.Pass) {
	for _, f := range p.App.Functions {
		if f.URL == nil {
			continue
		}
		for _, o := range f.URL.CORSOrigins {
			if o.V != "*" {
				continue
			}
			p.Add(rule.Report{
				Loc: locOr(o.Loc, f.URL.Loc), Resource: f.ID, Function: f.ID, Key: "cors",
				Message: "function URL of " + f.ID + " allows requests from any origin",
			})
		}
	}
}
