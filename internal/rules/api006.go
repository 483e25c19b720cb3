package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// API006 finds REST API routes that forward requests to functions without
// request validation.
var API006 = &rule.Rule{
	ID:       "API006",
	Title:    "REST API route forwards requests to a function without request validation",
	Severity: finding.Low,
	Category: "api",
	Rationale: "API Gateway can reject requests whose required parameters, headers or body do not match a " +
		"model before the function runs. Without it every malformed or malicious request reaches the code, " +
		"costs an invocation, and relies entirely on the function's own input handling (missing parameters " +
		"become stack traces that reveal the platform and code layout).",
	Remediation: "Declare required parameters and a body model and enable a request validator " +
		"(`RequestModel: {Model: ..., ValidateBody: true}` / `RequestParameters` with `Required: true` in SAM, " +
		"`RequestValidatorId` in CloudFormation). Validate in the function as well.",
	References: []string{
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkAPI006,
}

func checkAPI006(p *rule.Pass) {
	for _, a := range p.App.APIs {
		if a.Kind != model.APIREST {
			continue
		}
		for _, r := range a.Routes {
			if r.FunctionID == "" || r.Validation.V || r.Method.V == "OPTIONS" || r.Validation.Origin == model.Unresolved {
				continue
			}
			p.Add(rule.Report{
				Loc: locOr(r.Loc, a.Loc), Resource: a.ID, Function: r.FunctionID, Key: r.Method.V + " " + r.Path.V,
				Message: "route " + r.Method.V + " " + r.Path.V + " of " + a.ID + " passes requests to " + r.FunctionID + " without validating them",
			})
		}
	}
}
