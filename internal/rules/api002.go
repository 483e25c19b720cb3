package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// API002 finds APIs with neither throttling nor a usage plan.
var API002 = &rule.Rule{
	ID:       "API002",
	Title:    "API has no throttling or usage plan",
	Severity: finding.Low,
	Category: "api",
	Rationale: "Without stage or route throttling, or a usage plan, an API accepts requests up to the " +
		"account-wide limit (10,000 per second by default, shared by every API in the region): one client can " +
		"exhaust it for everyone and run up the bill of every function behind it.",
	Remediation: "Set `ThrottlingRateLimit` and `ThrottlingBurstLimit` in the stage's method settings (REST) or " +
		"default route settings (HTTP), and per-client limits with a usage plan and API keys where clients are " +
		"known.",
	References: []string{
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkAPI002,
}

func checkAPI002(p *rule.Pass) {
	for _, a := range p.App.APIs {
		if !a.Public() || a.Throttle.V || a.UsagePlan.V || len(a.Routes) == 0 {
			continue
		}
		p.Add(rule.Report{
			Loc: a.Loc, Resource: a.ID, Key: "throttle",
			Message: string(a.Kind) + " API " + a.ID + " sets no throttling and has no usage plan",
		})
	}
}
