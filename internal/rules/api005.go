package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// API005 finds public REST APIs with no web application firewall.
var API005 = &rule.Rule{
	ID:       "API005",
	Title:    "Public REST API has no WAF web ACL",
	Severity: finding.Low,
	Category: "api",
	Rationale: "A WAF web ACL in front of an API blocks known attack payloads, abusive clients and request " +
		"floods before they reach and bill a function. It is one layer, not a defence on its own: it sees only " +
		"HTTP requests (not the S3, SQS, SNS or stream events that also invoke functions) and pattern rules miss " +
		"attacks specific to your code, so functions must still validate their input.",
	Remediation: "Associate an AWS WAF web ACL with the API stage (AWS::WAFv2::WebACLAssociation), with the " +
		"AWS managed core rule set and a rate-based rule.",
	References: []string{
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-aws-waf.html",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkAPI005,
}

func checkAPI005(p *rule.Pass) {
	for _, a := range p.App.APIs {
		// WAF attaches to REST API stages (and ALBs), not HTTP APIs.
		if a.Kind != model.APIREST || !a.Public() || a.WAF.V || len(a.Routes) == 0 {
			continue
		}
		p.Add(rule.Report{Loc: a.Loc, Resource: a.ID, Key: "waf",
			Message: "REST API " + a.ID + " is public and has no WAF web ACL associated"})
	}
}
