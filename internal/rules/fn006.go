package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// apiWaitLimit is how long each kind of API waits for its integration.
var apiWaitLimit = map[model.TriggerKind]int{
	model.TriggerRESTAPI:   29,
	model.TriggerWebSocket: 29,
	model.TriggerHTTPAPI:   30,
}

// FN006 finds API-triggered functions whose timeout exceeds what the API
// waits for.
var FN006 = &rule.Rule{
	ID:       "FN006",
	Title:    "Function behind an API can run longer than the API waits for it",
	Severity: finding.Medium,
	Category: "function",
	Rationale: "API Gateway gives up on an integration after 29 seconds (REST and WebSocket APIs, unless the " +
		"quota was raised) or 30 seconds (HTTP APIs) and answers 504, but the function keeps running and billing " +
		"until its own timeout. A caller can start many such invocations cheaply: a denial-of-wallet lever, and " +
		"the client never sees the result anyway.",
	Remediation: "Set the function's timeout at or below the API's integration timeout, or move long work to an " +
		"asynchronous path (queue or Step Functions) and answer the API quickly.",
	References: []string{
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html",
		"https://docs.aws.amazon.com/lambda/latest/operatorguide/timeouts.html",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkFN006,
}

func checkFN006(p *rule.Pass) {
	for _, f := range p.App.Functions {
		if !f.Timeout.Known() {
			continue
		}
		limit, kind := 0, model.TriggerKind("")
		for _, t := range f.Triggers {
			if l, ok := apiWaitLimit[t.Kind]; ok && (limit == 0 || l < limit) {
				limit, kind = l, t.Kind
			}
		}
		if limit == 0 || f.Timeout.V <= limit {
			continue
		}
		p.Add(rule.Report{
			Loc: locOr(f.Timeout.Loc, f.Loc), Resource: f.ID, Function: f.ID, Key: "timeout:" + itoa(f.Timeout.V),
			Message: "timeout of " + f.ID + " is " + itoa(f.Timeout.V) + " s but its " + string(kind) +
				" trigger waits at most " + itoa(limit) + " s",
		})
	}
}
