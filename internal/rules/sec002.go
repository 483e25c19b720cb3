package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
	"github.com/slsguard/slsguard/internal/secrets"
)

// SEC002 finds sensitive-looking environment variables that are not
// encrypted with a customer-managed key.
var SEC002 = &rule.Rule{
	ID:       "SEC002",
	Title:    "Sensitive environment variables are not encrypted with a customer-managed KMS key",
	Severity: finding.Low,
	Category: "secrets",
	Rationale: "Lambda encrypts environment variables at rest with an AWS managed key that every principal " +
		"allowed to read the function's configuration can use to decrypt. A customer-managed key (KmsKeyArn) " +
		"adds a key policy that decides who can read sensitive values, and logs every use in CloudTrail.",
	Remediation: "Better: move the value to Secrets Manager or Parameter Store. Otherwise set `KmsKeyArn` to a " +
		"customer-managed key whose policy allows only the function's role and its deployers to decrypt.",
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkSEC002,
}

func checkSEC002(p *rule.Pass) {
	for _, f := range p.App.Functions {
		if f.EnvKMSKey.Origin != model.Unset {
			continue
		}
		for _, ev := range f.Env {
			if ev.Value.Origin == model.Unset {
				continue
			}
			if _, kind := checkVar(p, ev.Name.V, ev.Value.V); kind != secrets.Secret && !(ev.Value.RefTarget != "" && sensitiveName(ev.Name.V)) {
				continue
			}
			p.Add(rule.Report{
				Loc: ev.Name.Loc, Resource: f.ID, Function: f.ID, Key: ev.Name.V,
				Message: "environment variable " + ev.Name.V + " of " + f.ID + " looks sensitive and the function has no KmsKeyArn",
			})
		}
	}
}
