package rules

import (
	"path"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// IAM016 finds SDK calls of a function's code that its role does not
// allow.
var IAM016 = &rule.Rule{
	ID:       "IAM016",
	Title:    "Function's code calls AWS actions its role does not allow",
	Severity: finding.Medium,
	Category: "iam",
	Rationale: "A call the role does not allow fails with AccessDenied at run time, often only on the path " +
		"that handles an error or a rare event. Teams then widen the role in a hurry, with a wildcard.",
	Remediation: "Grant the missing action on the resource the code uses, and nothing wider: " +
		"`slsguard policy` prints the statements the code needs.",
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
		"https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
	},
	Formats: []string{"sam"},
	Check:   checkIAM016,
}

func checkIAM016(p *rule.Pass) {
	as := policyAnalyses(p)
	for _, f := range p.App.Functions {
		a := as[f]
		if a == nil || !a.Reportable() || f.Role == nil {
			continue
		}
		_, rel, _ := p.CodeDir(f)
		for _, m := range a.Missing {
			if len(m.Why) == 0 || strings.HasPrefix(m.Why[0], "runtime:") {
				continue
			}
			loc := whyLoc(rel, m.Why[0], f.Loc)
			msg := "function " + f.ID + " calls " + m.Action + " on " + m.Resource + " (" + strings.Join(m.Why, ", ") +
				") but role " + f.Role.ID + " does not allow it: the call fails with AccessDenied"
			p.Add(rule.Report{Loc: loc, Resource: f.ID, Function: f.ID, Key: m.Action + "|" + m.Resource, Message: msg})
		}
	}
}

// whyLoc turns "file:line op" into a location under the code directory.
func whyLoc(rel, why string, fallback model.Location) model.Location {
	fl, _, _ := strings.Cut(why, " ")
	i := strings.LastIndexByte(fl, ':')
	if i < 0 {
		return fallback
	}
	line := 0
	for _, c := range fl[i+1:] {
		if c < '0' || c > '9' {
			return fallback
		}
		line = line*10 + int(c-'0')
	}
	return model.Location{File: path.Join(rel, fl[:i]), Line: line}
}
