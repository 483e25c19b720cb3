package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// Lambda's maximum timeout, and the share of it from which a timeout counts
// as "at the maximum".
const (
	maxLambdaTimeout = 900
	nearMaxTimeout   = 720
)

// FN005 finds timeouts at or near the platform maximum.
var FN005 = &rule.Rule{
	ID:       "FN005",
	Title:    "Function timeout is at or near the 15-minute maximum",
	Severity: finding.Low,
	Category: "function",
	Rationale: "A timeout far above what the function needs lets a stuck or abused invocation run and bill for " +
		"up to 15 minutes, gives an attacker who controls its input a long-lived foothold, and hides hangs that a " +
		"tight timeout would surface as errors.",
	Remediation: "Set the timeout a little above the longest duration you observe (`slsguard logs` reports " +
		"p99 and maximum durations per function from Lambda logs).",
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html",
		"https://docs.aws.amazon.com/lambda/latest/operatorguide/timeouts.html",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkFN005,
}

func checkFN005(p *rule.Pass) {
	for _, f := range p.App.Functions {
		if !f.Timeout.Set() || f.Timeout.V < nearMaxTimeout {
			continue
		}
		p.Add(rule.Report{
			Loc: f.Timeout.Loc, Resource: f.ID, Function: f.ID, Key: "timeout:" + itoa(f.Timeout.V),
			Message: "timeout of " + f.ID + " is " + itoa(f.Timeout.V) + " s (the maximum is " + itoa(maxLambdaTimeout) + " s)",
		})
	}
}
