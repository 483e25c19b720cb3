package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// GCP001 finds Google Cloud functions that run as the project's default
// service account.
var GCP001 = &rule.Rule{
	ID:       "GCP001",
	Title:    "Cloud Function runs as the project's default service account",
	Severity: finding.Medium,
	Category: "iam",
	Rationale: "A Cloud Function that names no service account runs as a default one: the App Engine default " +
		"service account for 1st gen functions, the Compute Engine default service account for 2nd gen. Unless " +
		"the organisation policy that stops automatic grants is in force, these accounts hold the Editor role on " +
		"the whole project, so code injected into any such function can read and change nearly every resource, " +
		"and every function shares the same identity.",
	Remediation: "Create a service account per function with only the roles its code needs and set " +
		"`service_account_email` (in `service_config` for 2nd gen functions).",
	References: []string{
		"https://cloud.google.com/functions/docs/securing/function-identity",
		"https://cloud.google.com/iam/docs/service-account-types#default",
	},
	Formats: []string{"terraform"},
	Check:   checkGCP001,
}

func checkGCP001(p *rule.Pass) {
	if p.App.Provider != "gcp" {
		return
	}
	for _, f := range p.App.Functions {
		if f.RoleRef.Origin != model.Defaulted {
			continue
		}
		p.Add(rule.Report{
			Loc: locOr(f.RoleRef.Loc, f.Loc), Resource: f.ID, Function: f.ID, Key: "service-account",
			Message: "function " + f.ID + " sets no service account and runs as " + f.RoleRef.V,
		})
	}
}
