package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// TRG001 lists the event sources no web application firewall inspects.
var TRG001 = &rule.Rule{
	ID:       "TRG001",
	Title:    "Function receives events that no WAF inspects",
	Severity: finding.Info,
	Category: "triggers",
	Rationale: "Attack payloads reach functions through every event source, not only HTTP: an object key in " +
		"an S3 event, an SQS message body, an SNS message, a stream record, an IoT message or an e-mail subject " +
		"can carry the same injection as a query string, and no WAF or API gateway sees them. The function's " +
		"code is the only place they can be validated.",
	Remediation: "Validate and sanitise every field of these events in the function (schema validation at the " +
		"top of the handler), and review the code paths that use them (`slsguard scan` reports data flows from " +
		"events into dangerous calls).",
	References: []string{
		"https://owasp.org/www-project-serverless-top-10/",
		"https://docs.aws.amazon.com/lambda/latest/dg/lambda-services.html",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkTRG001,
}

func checkTRG001(p *rule.Pass) {
	for _, f := range p.App.Functions {
		for _, t := range f.Triggers {
			if t.Kind.HTTP() || t.Kind == model.TriggerSchedule {
				// Schedules carry no data an outsider controls.
				continue
			}
			src := t.Source.Text()
			if src == "" {
				src = t.ID
			}
			p.Add(rule.Report{Loc: t.Loc, Resource: f.ID, Function: f.ID, Key: t.ID,
				Message: "function " + f.ID + " takes " + string(t.Kind) + " events (" + truncate(src, 80) + "): validate them in the code, no WAF sees them"})
		}
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
