package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// FN001 finds function URLs that need no authentication.
var FN001 = &rule.Rule{
	ID:       "FN001",
	Title:    "Function URL is open to anyone (AuthType NONE)",
	Severity: finding.High,
	Category: "function",
	Rationale: "A function URL with AuthType NONE is a public HTTPS endpoint with no authentication, no " +
		"throttling other than the function's concurrency, and no WAF. Anyone who finds the URL can invoke the " +
		"function as often as they like, and every invocation is billed to you.",
	Remediation: "Use `AuthType: AWS_IAM` and sign requests, or put the function behind API Gateway with an " +
		"authorizer, throttling and a WAF. If the endpoint must be public, set reserved concurrency and " +
		"validate every input in the code.",
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkFN001,
}

func checkFN001(p *rule.Pass) {
	for _, f := range p.App.Functions {
		if f.URL == nil || f.URL.AuthType.V != "NONE" {
			continue
		}
		p.Add(rule.Report{
			Loc: locOr(f.URL.AuthType.Loc, f.URL.Loc), Resource: f.ID, Function: f.ID, Key: "url",
			Message: "function " + f.ID + " has a function URL that anyone can invoke without authentication",
		})
	}
}
