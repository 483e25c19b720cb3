package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// API001 finds API routes without authorization.
var API001 = &rule.Rule{
	ID:       "API001",
	Title:    "API route has no authorization",
	Severity: finding.Medium,
	Category: "api",
	Rationale: "A route with no authorizer, no IAM authorization and no API key can be called by anyone on the " +
		"internet. Every such route is attack surface that reaches a function directly; routes meant to be " +
		"public (a landing page, a login endpoint) should be a conscious, documented choice.",
	Remediation: "Set an authorizer (Cognito, JWT, Lambda or AWS_IAM) on the API as its default " +
		"(`Auth.DefaultAuthorizer`) or on the route; mark intentionally public routes with `Authorizer: NONE` and " +
		"a suppression that says why.",
	References: []string{
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html",
		"https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-controlling-access-to-apis.html",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkAPI001,
}

func checkAPI001(p *rule.Pass) {
	for _, a := range p.App.APIs {
		if !a.Public() {
			continue
		}
		for _, r := range a.Routes {
			if r.Method.V == "OPTIONS" || !routeOpen(r) {
				// CORS preflight requests carry no credentials by design.
				continue
			}
			sev := finding.Medium
			how := "no authorizer is set on the route or as the API's default"
			if r.Auth.Origin == model.Explicit {
				sev, how = finding.Low, "authorization is explicitly NONE"
			}
			p.Add(rule.Report{
				Loc: locOr(r.Loc, a.Loc), Resource: a.ID, Function: r.FunctionID, Key: r.Method.V + " " + r.Path.V,
				Severity: rule.Sev(sev),
				Message:  "route " + r.Method.V + " " + r.Path.V + " of " + a.ID + " can be called by anyone: " + how,
			})
		}
	}
}
