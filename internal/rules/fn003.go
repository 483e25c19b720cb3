package rules

import (
	"time"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
	"github.com/slsguard/slsguard/internal/runtimes"
)

// soonWindow is how far ahead a coming deprecation is reported.
const soonWindow = 180 * 24 * time.Hour

// FN003 finds functions on deprecated or soon-deprecated runtimes.
var FN003 = &rule.Rule{
	ID:       "FN003",
	Title:    "Function uses a deprecated or soon-deprecated runtime",
	Severity: finding.High,
	Category: "function",
	Rationale: "After a runtime's deprecation date the provider stops applying security patches to it, and " +
		"later blocks creating and then updating functions that use it, which leaves an unpatched function you " +
		"can no longer fix by redeploying. Language versions past end of life also stop getting fixes.",
	Remediation: "Move the function to a supported version of its language (the newest one, to have the most " +
		"time), test it, and redeploy.",
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
		"https://cloud.google.com/functions/docs/runtime-support",
		"https://learn.microsoft.com/en-us/azure/azure-functions/functions-versions",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkFN003,
}

func checkFN003(p *rule.Pass) {
	provider := runtimes.Provider(p.App.Provider)
	for _, f := range p.App.Functions {
		if !f.Runtime.Known() {
			continue
		}
		rt, st := runtimes.Classify(provider, f.Runtime.V, p.Options.Now, soonWindow)
		var sev finding.Severity
		var msg string
		switch st {
		case runtimes.Blocked:
			sev, msg = finding.High, "runtime "+rt.ID+" of "+f.ID+" was deprecated on "+day(rt.Deprecated)+blockNote(rt, p.Options.Now)
		case runtimes.Deprecated:
			sev, msg = finding.High, "runtime "+rt.ID+" of "+f.ID+" was deprecated on "+day(rt.Deprecated)+" and gets no more security patches"
		case runtimes.DeprecationSoon:
			sev, msg = finding.Medium, "runtime "+rt.ID+" of "+f.ID+" will be deprecated on "+day(rt.Deprecated)
		default:
			continue
		}
		p.Add(rule.Report{Loc: locOr(f.Runtime.Loc, f.Loc), Resource: f.ID, Function: f.ID, Key: rt.ID, Severity: rule.Sev(sev), Message: msg})
	}
}

func blockNote(rt runtimes.Runtime, now time.Time) string {
	switch {
	case !rt.BlockUpdate.IsZero() && !now.Before(rt.BlockUpdate):
		return "; functions using it can no longer be updated (since " + day(rt.BlockUpdate) + ")"
	case !rt.BlockCreate.IsZero() && !rt.BlockUpdate.IsZero():
		return "; new functions cannot use it since " + day(rt.BlockCreate) + " and updates are blocked from " + day(rt.BlockUpdate)
	case !rt.BlockCreate.IsZero():
		return "; new functions cannot use it since " + day(rt.BlockCreate)
	}
	return ""
}

func day(t time.Time) string {
	if t.IsZero() {
		return "an unpublished date"
	}
	return t.Format("2006-01-02")
}
