package rules

import (
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// IAM005 finds execution roles shared by several functions.
var IAM005 = &rule.Rule{
	ID:       "IAM005",
	Title:    "Several functions share one execution role",
	Severity: finding.Medium,
	Category: "iam",
	Rationale: "A shared role holds the union of what every function sharing it needs, so each function holds " +
		"permissions it never uses, and a compromise of the least important function exposes the resources of " +
		"all the others. One role per function is the least-privilege baseline for serverless.",
	Remediation: "Give each function its own role (in SAM, omit Role and use Policies; in the Serverless " +
		"Framework, per-function `iamRoleStatements`), each with only what that function calls.",
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/operatorguide/least-privilege.html",
		"https://docs.aws.amazon.com/wellarchitected/latest/serverless-applications-lens/identity-and-access-management.html",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkIAM005,
}

func checkIAM005(p *rule.Pass) {
	functionRoles(p.App, func(r *model.Role, fs []*model.Function) {
		if len(fs) < 2 {
			return
		}
		var related []finding.Related
		for _, f := range fs {
			related = append(related, finding.Related{Loc: locOr(f.RoleRef.Loc, f.Loc), Message: "used by " + f.ID})
		}
		loc := r.Loc
		if r.External {
			loc = locOr(fs[0].RoleRef.Loc, fs[0].Loc)
		}
		sev := finding.Medium
		if onlyBasicExecution(r) {
			sev = finding.Low
		}
		p.Add(rule.Report{
			Loc: loc, Resource: r.ID, Key: r.ID, Related: related, Severity: rule.Sev(sev),
			Message: "role " + r.Name.Text() + " is shared by " + itoa(len(fs)) + " functions: " + functionNames(fs),
		})
	})
}

// onlyBasicExecution reports whether a role holds nothing but the logging
// and tracing permissions every function needs (the Serverless Framework's
// default role, SAM's basic execution role).
func onlyBasicExecution(r *model.Role) bool {
	for _, mp := range r.ManagedPolicies {
		if !runtimePolicies[managedName(mp.V)] {
			return false
		}
	}
	for _, st := range r.Statements {
		for _, a := range st.Action {
			if !strings.HasPrefix(a.V, "logs:") && !strings.HasPrefix(a.V, "xray:") {
				return false
			}
		}
	}
	return true
}
