package rules

import (
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// IAM004 finds SAM policy templates given "*" instead of one resource.
var IAM004 = &rule.Rule{
	ID:       "IAM004",
	Title:    "SAM policy template is given a wildcard instead of a resource name",
	Severity: finding.Medium,
	Category: "iam",
	Rationale: "SAM policy templates such as DynamoDBCrudPolicy or S3ReadPolicy scope their actions to the " +
		"resource named by their parameter. Passing `*` (or a name containing `*`) widens the grant to every " +
		"table, bucket, queue or topic in the account, which defeats the point of the template.",
	Remediation: "Pass the one resource the function uses, e.g. `TableName: !Ref OrdersTable`.",
	References: []string{
		"https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-templates.html",
	},
	Formats: []string{"sam"},
	Check:   checkIAM004,
}

func checkIAM004(p *rule.Pass) {
	functionRoles(p.App, func(r *model.Role, fs []*model.Function) {
		seen := map[string]bool{}
		for _, st := range r.Statements {
			if st.Template == "" {
				continue
			}
			for _, a := range st.TemplateArgs {
				if !a.Value.Known() || !strings.Contains(a.Value.V, "*") {
					continue
				}
				key := st.Template + "|" + a.Name.V
				if seen[key] {
					continue
				}
				seen[key] = true
				p.Add(rule.Report{
					Loc: locOr(a.Value.Loc, st.Loc), Resource: r.ID, Function: fs[0].ID, Key: key,
					Message: "SAM policy template " + st.Template + " of " + functionNames(fs) + " is given " +
						a.Name.V + ": " + a.Value.V + ", which grants its actions on every matching resource",
				})
			}
		}
	})
}
