package rules

import (
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
	"github.com/slsguard/slsguard/internal/runtimes"
)

// FN004 finds runtime identifiers the platform does not know.
var FN004 = &rule.Rule{
	ID:       "FN004",
	Title:    "Function runtime is not a runtime the platform knows",
	Severity: finding.Low,
	Category: "function",
	Rationale: "A misspelt or placeholder runtime fails at deployment, or worse, is replaced by a value " +
		"from elsewhere that nobody reviewed. Either way the runtime the function really runs cannot be checked " +
		"for deprecation.",
	Remediation: "Use an identifier from the provider's list of runtimes, e.g. `nodejs22.x` or `python3.13`.",
	References:  []string{"https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html"},
	Formats:     []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:       checkFN004,
}

func checkFN004(p *rule.Pass) {
	provider := runtimes.Provider(p.App.Provider)
	for _, f := range p.App.Functions {
		id := f.Runtime.V
		if !f.Runtime.Known() || id == "" || strings.Contains(id, "${") {
			continue
		}
		_, st := runtimes.Classify(provider, id, p.Options.Now, soonWindow)
		if st != runtimes.Unknown {
			continue
		}
		if _, ok := runtimes.Lookup(provider, id); ok {
			// Known but generic (a bare language name): not a misspelling.
			continue
		}
		msg := "runtime " + id + " of " + f.ID + " is not a known runtime"
		if s, ok := runtimes.Suggest(provider, id); ok {
			msg += " (did you mean " + s + "?)"
		}
		p.Add(rule.Report{Loc: locOr(f.Runtime.Loc, f.Loc), Resource: f.ID, Function: f.ID, Key: id, Message: msg})
	}
}
