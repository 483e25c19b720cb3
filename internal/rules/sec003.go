package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
	"github.com/slsguard/slsguard/internal/secrets"
)

// SEC003 finds secrets written into templates outside function
// environments: parameter defaults, plain SSM parameters, literal secret
// strings.
var SEC003 = &rule.Rule{
	ID:       "SEC003",
	Title:    "Secret written in the template",
	Severity: finding.High,
	Category: "secrets",
	Rationale: "A secret in a template (a parameter default, a plain-text SSM parameter, a literal " +
		"SecretString) is stored in the repository and its history, in the deployed stack's template, and is " +
		"readable by everyone who can read either. Parameter defaults are shown by the console even with NoEcho.",
	Remediation: "Remove the value from the template and rotate it. Create the secret outside the template " +
		"(or with GenerateSecretString) and refer to it with a dynamic reference " +
		"(`{{resolve:secretsmanager:...}}`, `{{resolve:ssm-secure:...}}`).",
	References: []string{
		"https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/security-best-practices.html#creds",
		"https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html",
		"https://cwe.mitre.org/data/definitions/798.html",
	},
	Formats: []string{"sam", "cloudformation", "terraform"},
	Check:   checkSEC003,
}

func checkSEC003(p *rule.Pass) {
	for _, prm := range p.App.Parameters {
		if prm.Default.Origin != model.Explicit {
			continue
		}
		if m, kind := checkVar(p, prm.Name, prm.Default.V); kind == secrets.Secret {
			p.Add(rule.Report{
				Loc: locOr(prm.Default.Loc, prm.Loc), Resource: prm.Name, Key: "parameter:" + prm.Name + "|" + m.Redacted,
				Message: "default of parameter " + prm.Name + " is a secret: " + m.Description + " (" + m.Redacted + ")",
			})
		}
	}
	for _, s := range p.App.Stores {
		if s.Value.Origin != model.Explicit || s.Value.V == "" {
			continue
		}
		m, kind := checkVar(p, s.Name.V, s.Value.V)
		if s.Kind == model.StoreSecret && kind != secrets.StoreReference {
			// Everything in a secret's SecretString is secret by
			// definition, whatever it looks like.
			redacted := secrets.Redact(s.Value.V)
			p.Add(rule.Report{
				Loc: s.Value.Loc, Resource: s.ID, Key: "value|" + redacted,
				Message: "secret " + s.ID + " is given its value in the template (" + redacted + ")",
			})
			continue
		}
		if kind != secrets.Secret {
			continue
		}
		p.Add(rule.Report{
			Loc: s.Value.Loc, Resource: s.ID, Key: "value|" + m.Redacted,
			Message: string(s.Kind) + " " + s.ID + " is given a literal secret value: " + m.Description + " (" + m.Redacted + ")",
		})
	}
}
