package rules

import (
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// IAM001 finds wildcard actions in the policies of function roles.
var IAM001 = &rule.Rule{
	ID:       "IAM001",
	Title:    "Function role allows every action of a service (wildcard action)",
	Severity: finding.High,
	Category: "iam",
	Rationale: "A wildcard action (`*` or `service:*`) grants every current and future action of the service, " +
		"including destructive and permission-changing ones the function never calls. If the function is " +
		"compromised (injection, a vulnerable dependency), the attacker inherits all of them. `NotAction` with " +
		"Allow is the same grant written the other way round.",
	Remediation: "List the exact actions the function calls (`slsguard policy` writes the minimal policy from the " +
		"code), or use a SAM policy template scoped to one resource.",
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
		"https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkIAM001,
}

func checkIAM001(p *rule.Pass) {
	functionRoles(p.App, func(r *model.Role, fs []*model.Function) {
		for _, st := range r.Statements {
			if !st.Allow() {
				continue
			}
			for _, a := range st.Action {
				if !wildcardAction(a.V) {
					continue
				}
				sev := finding.High
				if a.V == "*" || a.V == "*:*" || onEverything(st) {
					sev = finding.Critical
				}
				msg := "role " + r.ID + " (used by " + functionNames(fs) + ") allows action " + a.V + describeSource(st)
				if risks := risksOf(p, r, st.Loc); len(risks) > 0 {
					msg += "; with it a compromised function can " + strings.Join(risks, "; ")
				}
				p.Add(rule.Report{
					Loc: locOr(a.Loc, st.Loc), Resource: r.ID, Function: fs[0].ID, Key: a.V + "|" + st.Source,
					Severity: rule.Sev(sev), Message: msg,
				})
			}
			if len(st.NotAction) > 0 {
				p.Add(rule.Report{
					Loc: locOr(st.NotAction[0].Loc, st.Loc), Resource: r.ID, Function: fs[0].ID, Key: "NotAction|" + st.Source,
					Message: "role " + r.ID + " (used by " + functionNames(fs) + ") allows every action except " + joinValues(st.NotAction) + describeSource(st),
				})
			}
		}
	})
}

// wildcardAction reports whether an action pattern covers a whole service
// (or everything): "*", "s3:*", "s3:*Object*" is not.
func wildcardAction(a string) bool {
	if a == "*" {
		return true
	}
	_, name, ok := strings.Cut(a, ":")
	return ok && strings.Trim(name, "*") == ""
}

func describeSource(st *model.Statement) string {
	if st.Source == "" {
		return ""
	}
	return " (" + st.Source + ")"
}

func joinValues(vs []model.String) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Text()
	}
	return strings.Join(out, ", ")
}

// onEverything reports whether a statement applies to every resource.
func onEverything(st *model.Statement) bool {
	for _, r := range st.Resource {
		if r.V == "*" {
			return true
		}
	}
	return false
}
