package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// API004 finds custom domains that accept TLS versions below 1.2.
var API004 = &rule.Rule{
	ID:       "API004",
	Title:    "API custom domain accepts TLS versions below 1.2",
	Severity: finding.Medium,
	Category: "api",
	Rationale: "The TLS_1_0 security policy accepts TLS 1.0 and 1.1, which are deprecated (RFC 8996) and " +
		"allow weak cipher suites. A REST API custom domain without SecurityPolicy gets TLS_1_0.",
	Remediation: "Set `SecurityPolicy: TLS_1_2` (or a newer enhanced policy) on the domain.",
	References: []string{
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html",
		"https://datatracker.ietf.org/doc/html/rfc8996",
	},
	Formats: []string{"sam", "cloudformation", "terraform"},
	Check:   checkAPI004,
}

func checkAPI004(p *rule.Pass) {
	for _, d := range p.App.Domains {
		sp := d.SecurityPolicy
		switch {
		case sp.Origin == 0:
			p.Add(rule.Report{Loc: d.Loc, Resource: d.ID, Key: "tls",
				Message: "custom domain " + d.Name.Text() + " sets no SecurityPolicy, so TLS 1.0 and 1.1 are accepted"})
		case sp.Known() && sp.V == "TLS_1_0":
			p.Add(rule.Report{Loc: sp.Loc, Resource: d.ID, Key: "tls",
				Message: "custom domain " + d.Name.Text() + " uses security policy TLS_1_0"})
		}
	}
}
