package rules

import (
	"sort"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/policy"
	"github.com/slsguard/slsguard/internal/rule"
)

// IAM015 finds grants that the code of every function using the role
// never calls.
var IAM015 = &rule.Rule{
	ID:       "IAM015",
	Title:    "Role grants actions the function's code never calls",
	Severity: finding.Medium,
	Category: "iam",
	Rationale: "Permissions the code does not use are what an attacker who runs code in the function gets for " +
		"free: a full-access policy template on a table the function only writes to also lets an injected " +
		"command read and delete every item. The analysis reads the AWS SDK calls of the function's code and " +
		"only speaks when every call was understood.",
	Remediation: "Grant only the actions the code calls: `slsguard policy --format sam` (or serverless, terraform, " +
		"json) writes the least-privilege policy for each function.",
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
		"https://docs.aws.amazon.com/lambda/latest/dg/lambda-permissions.html",
	},
	Formats: []string{"sam"},
	Check:   checkIAM015,
}

// policyAnalyses compares every function's code with its role, once per
// application.
func policyAnalyses(p *rule.Pass) map[*model.Function]*policy.Analysis {
	return p.Memo("policy", func() any {
		out := map[*model.Function]*policy.Analysis{}
		for _, f := range p.App.Functions {
			dir, _, _ := p.CodeDir(f)
			out[f] = policy.Analyze(p.App, f, dir)
		}
		return out
	}).(map[*model.Function]*policy.Analysis)
}

func checkIAM015(p *rule.Pass) {
	as := policyAnalyses(p)
	functionRoles(p.App, func(r *model.Role, fs []*model.Function) {
		unused := map[string]bool{}
		for i, f := range fs {
			a := as[f]
			if !a.Reportable() {
				return // the code was not read: its calls may use any grant
			}
			cur := map[string]bool{}
			for _, act := range a.ReportableUnused() {
				if i == 0 || unused[act] {
					cur[act] = true
				}
			}
			unused = cur
		}
		reportUnused(p, r, fs, as[fs[0]], unused)
	})
}

// reportUnused reports, per statement, the unused actions it grants.
func reportUnused(p *rule.Pass, r *model.Role, fs []*model.Function, a *policy.Analysis, unused map[string]bool) {
	type stmt struct {
		loc         model.Location
		src         string
		all, unused map[string]bool
	}
	byLoc := map[model.Location]*stmt{}
	for _, g := range a.Grants {
		loc, src := grantLoc(r, g)
		s := byLoc[loc]
		if s == nil {
			s = &stmt{loc: loc, src: src, all: map[string]bool{}, unused: map[string]bool{}}
			byLoc[loc] = s
		}
		act := g.Action.String()
		s.all[act] = true
		if unused[act] {
			s.unused[act] = true
		}
	}
	for _, s := range byLoc {
		if len(s.unused) == 0 {
			continue
		}
		names := make([]string, 0, len(s.unused))
		for act := range s.unused {
			names = append(names, act)
		}
		sort.Strings(names)
		what := itoa(len(names)) + " of its " + itoa(len(s.all)) + " actions are never"
		if len(names) == 1 {
			what = "1 of its " + itoa(len(s.all)) + " actions is never"
		}
		if len(names) == len(s.all) {
			what = "none of its " + itoa(len(s.all)) + " actions is"
		}
		src := s.src
		if src == "" {
			src = "a statement"
		}
		msg := "role " + r.ID + " (used by " + functionNames(fs) + "): " + what + " called by the code (" + src +
			"): " + shortList(names, 6) + "; `slsguard policy --function " + fs[0].ID + "` writes the minimal policy"
		p.Add(rule.Report{Loc: s.loc, Resource: r.ID, Function: fs[0].ID, Key: s.loc.String(), Message: msg})
	}
}

func shortList(ss []string, max int) string {
	if len(ss) <= max {
		return strings.Join(ss, ", ")
	}
	return strings.Join(ss[:max], ", ") + " and " + itoa(len(ss)-max) + " more"
}
