package rules

import (
	"sort"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/iam"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// IAM003 finds write and permissions-management actions granted on every
// resource by statements the application wrote.
var IAM003 = &rule.Rule{
	ID:       "IAM003",
	Title:    "Function role can write, modify infrastructure or change permissions on every resource (Resource: \"*\")",
	Severity: finding.High,
	Category: "iam",
	Rationale: "A Write or Permissions-management action on `Resource: \"*\"` applies to every resource of " +
		"that type in the account, not only the table, queue or bucket the function works with: a compromised " +
		"function can overwrite or delete other teams' data, or change who can access it. Actions that AWS " +
		"only allows on `*` are not reported.",
	Remediation: "Name the resources in `Resource` (the ARN of the function's table, queue, bucket prefix), " +
		"or use a SAM policy template with the resource's name.",
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/access_controlling.html",
		"https://cloudsplaining.readthedocs.io/en/latest/glossary/resource-exposure/",
		"https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkIAM003,
}

func checkIAM003(p *rule.Pass) {
	functionRoles(p.App, func(r *model.Role, fs []*model.Function) {
		type group struct {
			loc     model.Location
			actions map[string]bool
			perms   bool
		}
		groups := map[model.Location]*group{}
		var order []model.Location
		for _, g := range analyse(p, r).grants {
			// Cheap tests first: a role can hold tens of thousands of grants.
			if g.Action.Level != iam.Write && g.Action.Level != iam.PermissionsManagement {
				continue
			}
			if g.Conditional || len(g.Action.ResourceTypes) == 0 || starOnly[g.Action.Service+":"+g.Action.Name] || !g.AllResources() {
				continue
			}
			src, ok := writtenSource(g)
			if !ok {
				// AWS managed policies are judged by IAM002.
				continue
			}
			gr := groups[src.Loc]
			if gr == nil {
				gr = &group{loc: src.Loc, actions: map[string]bool{}}
				groups[src.Loc] = gr
				order = append(order, src.Loc)
			}
			gr.actions[g.Action.Service+":"+g.Action.Name] = true
			gr.perms = gr.perms || g.Action.Level == iam.PermissionsManagement
		}
		for _, loc := range order {
			gr := groups[loc]
			var names []string
			for a := range gr.actions {
				names = append(names, a)
			}
			sort.Strings(names)
			sev := finding.High
			if gr.perms {
				sev = finding.Critical
			}
			shown := names
			more := ""
			if len(shown) > 5 {
				more = " and " + itoa(len(shown)-5) + " more"
				shown = shown[:5]
			}
			p.Add(rule.Report{
				Loc: loc, Resource: r.ID, Function: fs[0].ID, Key: strings.Join(names, ","), Severity: rule.Sev(sev),
				Message: "role " + r.ID + " (used by " + functionNames(fs) + ") allows " + itoa(len(names)) +
					" write or permissions actions on every resource: " + strings.Join(shown, ", ") + more,
			})
		}
	})
}

// starOnly are actions whose resources have no ARN in practice, so that
// "*" is how they are always granted.
var starOnly = map[string]bool{
	"cloudwatch:PutMetricData": true,
	"logs:CreateLogGroup":      true,
	"logs:CreateLogStream":     true,
	"logs:PutLogEvents":        true,
}

// writtenSource returns the first statement the application wrote that
// names the grant's action (a grant only through a service-wide wildcard
// is IAM001's).
func writtenSource(g iam.Grant) (iam.Statement, bool) {
	action := g.Action.Service + ":" + g.Action.Name
	for _, s := range g.Sources {
		if s.Loc.Line == 0 || strings.HasPrefix(s.Source, "AWS managed policy") {
			continue
		}
		if namedIn(s, action) {
			return s, true
		}
	}
	return iam.Statement{}, false
}
