package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// lowConcurrency is the reserved concurrency at or under which a handful
// of slow requests makes a public function unavailable.
const lowConcurrency = 10

// FN008 finds public functions whose small reserved concurrency an
// attacker can exhaust.
var FN008 = &rule.Rule{
	ID:       "FN008",
	Title:    "Public function's reserved concurrency is small enough to exhaust (denial of service)",
	Severity: finding.Medium,
	Category: "function",
	Rationale: "Reserved concurrency is also a ceiling. When an unauthenticated caller can keep a few " +
		"invocations busy (slow inputs, requests that call the function back), a ceiling of a handful of " +
		"concurrent executions throttles every legitimate user. With a large memory size each of those " +
		"invocations is also expensive.",
	Remediation: "Throttle the API per client (usage plans, WAF rate-based rules), keep the function's duration " +
		"short with a tight timeout, and size reserved concurrency for the peak load plus headroom.",
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html",
		"https://github.com/OWASP/Serverless-Goat",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkFN008,
}

func checkFN008(p *rule.Pass) {
	for _, f := range p.App.Functions {
		rc := f.ReservedConcurrency
		if !rc.Set() || rc.V == 0 || rc.V > lowConcurrency {
			// Zero reserved concurrency disables the function on purpose.
			continue
		}
		ts := publicTriggers(f, false)
		if len(ts) == 0 || throttled(ts) {
			continue
		}
		var related []finding.Related
		if f.Memory.Known() {
			related = append(related, finding.Related{Loc: f.Memory.Loc, Message: "memory size " + itoa(f.Memory.V) + " MB"})
		}
		p.Add(rule.Report{
			Loc: rc.Loc, Resource: f.ID, Function: f.ID, Key: "concurrency:" + itoa(rc.V), Related: related,
			Message: "function " + f.ID + " can be invoked without authentication through " + describeTrigger(ts[0]) + " and allows only " + itoa(rc.V) +
				" concurrent executions, with no throttling in front: a few slow requests make it unavailable",
		})
	}
}
