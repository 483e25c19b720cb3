package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// FN007 finds publicly invocable functions with no concurrency or rate
// limit.
var FN007 = &rule.Rule{
	ID:       "FN007",
	Title:    "Public function has no concurrency limit and no throttling (denial of wallet)",
	Severity: finding.Medium,
	Category: "function",
	Rationale: "A function anyone can invoke, with neither reserved concurrency nor API throttling, scales with " +
		"the attacker's request rate: every request is billed (duration times memory), and the function can " +
		"use up the account's concurrency so that every other function in the account is throttled.",
	Remediation: "Set `ReservedConcurrentExecutions` to the peak you expect, and throttling on the API stage or " +
		"usage plan.",
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html",
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkFN007,
}

func checkFN007(p *rule.Pass) {
	for _, f := range p.App.Functions {
		ts := publicTriggers(f, false)
		if len(ts) == 0 || f.ReservedConcurrency.Origin != 0 || throttled(ts) {
			continue
		}
		p.Add(rule.Report{
			Loc: ts[0].Loc, Resource: f.ID, Function: f.ID, Key: "concurrency",
			Message: "function " + f.ID + " can be invoked without authentication through " + describeTrigger(ts[0]) +
				" and has no reserved concurrency or throttling (each invocation bills " + itoa(f.Memory.V) + " MB)",
		})
	}
}
