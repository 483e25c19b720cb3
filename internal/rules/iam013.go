package rules

import (
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/iam"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// IAM013 finds actions that do not exist in IAM.
var IAM013 = &rule.Rule{
	ID:       "IAM013",
	Title:    "Policy names an action that does not exist",
	Severity: finding.Low,
	Category: "iam",
	Rationale: "IAM accepts unknown actions silently and they grant nothing. A typo (`s3:GetObjects`) " +
		"leaves the function without a permission it needs, which usually gets 'fixed' by a wildcard; and " +
		"the policy no longer says what its author meant.",
	Remediation: "Correct the action's name (the finding suggests the closest real action) or remove it.",
	References: []string{
		"https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkIAM013,
}

func checkIAM013(p *rule.Pass) {
	seen := map[model.Location]bool{}
	check := func(owner string, sts []*model.Statement) {
		for _, st := range sts {
			for _, a := range append(append([]model.String{}, st.Action...), st.NotAction...) {
				if !a.Known() || strings.Contains(a.V, "$") || seen[a.Loc] {
					continue
				}
				if strings.ContainsAny(a.V, "*?") {
					if a.V != "*" && len(iam.Expand(a.V)) == 0 && iam.KnownService(strings.ToLower(strings.SplitN(a.V, ":", 2)[0])) {
						seen[a.Loc] = true
						p.Add(rule.Report{Loc: locOr(a.Loc, st.Loc), Resource: owner, Key: a.V,
							Message: "action pattern " + a.V + " in " + owner + " matches no action"})
					}
					continue
				}
				status, suggestion := iam.CheckAction(a.V)
				if status == iam.ActionKnown || status == iam.ActionLegacy {
					continue
				}
				seen[a.Loc] = true
				svc, _, _ := strings.Cut(a.V, ":")
				msg := "action " + a.V + " in " + owner + " does not exist"
				switch {
				case suggestion != "":
					msg += " (did you mean " + suggestion + "?)"
				case status == iam.ServiceUnknown:
					msg += " (no service has the prefix " + svc + ")"
				case status == iam.ActionMalformed:
					msg += " (an action is written service:Name)"
				}
				p.Add(rule.Report{Loc: locOr(a.Loc, st.Loc), Resource: owner, Key: a.V, Message: msg})
			}
		}
	}
	// Policies first, so a typo in a policy a role attaches is reported
	// under the policy's name.
	for _, pol := range p.App.Policies {
		check(pol.ID, pol.Statements)
	}
	for _, r := range p.App.Roles {
		check(r.ID, r.Statements)
	}
}
