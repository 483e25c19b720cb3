package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// FN009 finds asynchronously invoked functions that lose failed events.
var FN009 = &rule.Rule{
	ID:       "FN009",
	Title:    "Asynchronously invoked function has no dead-letter queue or on-failure destination",
	Severity: finding.Low,
	Category: "function",
	Rationale: "Lambda retries a failed asynchronous event twice and then discards it. Without a dead-letter " +
		"queue or an on-failure destination, events that crash the function (including malicious payloads " +
		"crafted to do so) disappear without a trace, and so does the evidence.",
	Remediation: "Add `DeadLetterQueue` (SAM) / `DeadLetterConfig`, or an `EventInvokeConfig` with an " +
		"`OnFailure` destination, and alarm on its depth.",
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkFN009,
}

func checkFN009(p *rule.Pass) {
	for _, f := range p.App.Functions {
		t, ok := invokedAsync(f)
		if !ok || f.DeadLetter.Origin != 0 || f.OnFailure.Origin != 0 {
			continue
		}
		p.Add(rule.Report{
			Loc: t.Loc, Resource: f.ID, Function: f.ID, Key: "dlq",
			Message: "function " + f.ID + " is invoked asynchronously by " + string(t.Kind) + " events and failed events are discarded after retries",
		})
	}
}
