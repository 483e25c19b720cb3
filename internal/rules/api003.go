package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// API003 finds API stages without access logging.
var API003 = &rule.Rule{
	ID:       "API003",
	Title:    "API stage has no access logging",
	Severity: finding.Low,
	Category: "api",
	Rationale: "Access logs are the record of who called which route, from where, and with what result. " +
		"Without them an attack through the API (enumeration, injection attempts, credential stuffing) leaves " +
		"no trace outside the functions' own logs, and incident response starts blind.",
	Remediation: "Set `AccessLogSetting` (REST) or `AccessLogSettings` (HTTP/WebSocket) with a log group " +
		"destination and a format that includes the caller's IP, request ID, route, status and authorizer result.",
	References: []string{
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkAPI003,
}

func checkAPI003(p *rule.Pass) {
	for _, a := range p.App.APIs {
		if len(a.Routes) == 0 {
			continue
		}
		for _, st := range a.Stages {
			if st.AccessLogging.V {
				continue
			}
			name := st.Name.V
			if name == "" {
				name = "default"
			}
			p.Add(rule.Report{
				Loc: locOr(st.Loc, a.Loc), Resource: a.ID, Key: "stage:" + name,
				Message: "stage " + name + " of " + string(a.Kind) + " API " + a.ID + " writes no access logs",
			})
		}
	}
}
