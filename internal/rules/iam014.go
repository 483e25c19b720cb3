package rules

import (
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// IAM014 finds function roles that principals other than Lambda can
// assume.
var IAM014 = &rule.Rule{
	ID:       "IAM014",
	Title:    "Function role can be assumed by anyone, or by another account",
	Severity: finding.High,
	Category: "iam",
	Rationale: "A function's execution role is meant to be assumed by the Lambda service. A trust policy that " +
		"also lets `*` or another account's principals assume it hands the function's permissions to them, " +
		"without any code being compromised.",
	Remediation: "Trust only `lambda.amazonaws.com` (with `aws:SourceAccount`/`aws:SourceArn` conditions if " +
		"you want to bind it to your functions); give other principals their own roles.",
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#term_trust-policy",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkIAM014,
}

func checkIAM014(p *rule.Pass) {
	functionRoles(p.App, func(r *model.Role, fs []*model.Function) {
		for _, st := range r.Trust {
			if !st.Allow() {
				continue
			}
			for _, pr := range st.Principal {
				who, sev := trustee(pr)
				if who == "" || !pr.ID.Known() {
					continue
				}
				if len(st.Condition) > 0 {
					sev = finding.Medium
				}
				p.Add(rule.Report{
					Loc: locOr(pr.ID.Loc, st.Loc), Resource: r.ID, Function: fs[0].ID, Key: pr.Type + ":" + pr.ID.V, Severity: rule.Sev(sev),
					Message: "role " + r.ID + " (used by " + functionNames(fs) + ") can be assumed by " + who,
				})
			}
		}
	})
}

// trustee describes a principal that should not assume a function role.
func trustee(pr model.Principal) (string, finding.Severity) {
	id := pr.ID.V
	switch {
	case id == "*":
		return "any principal (*)", finding.Critical
	case pr.Type == "AWS" && (strings.Contains(id, ":iam::") || isAccountID(id)):
		return "the AWS principal " + id, finding.High
	case pr.Type == "Federated":
		return "federated identities of " + id, finding.Medium
	}
	return "", 0
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
