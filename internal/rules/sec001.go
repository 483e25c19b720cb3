package rules

import (
	"regexp"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
	"github.com/slsguard/slsguard/internal/secrets"
)

// SEC001 finds secrets written into function environment variables.
var SEC001 = &rule.Rule{
	ID:       "SEC001",
	Title:    "Secret stored in a function's environment variables",
	Severity: finding.High,
	Category: "secrets",
	Rationale: "Environment variables are part of the function's configuration: anyone with " +
		"lambda:GetFunctionConfiguration reads them in clear text, they sit in the template and its version " +
		"history, and code running in the function (an injected command, a malicious dependency) reads them " +
		"with one call. Secrets in them are shared far beyond the function.",
	Remediation: "Store the value in AWS Secrets Manager or SSM Parameter Store (SecureString), pass the " +
		"secret's name or ARN in the variable, grant the function read access to that one secret, and fetch it " +
		"at run time (the Parameters and Secrets Lambda extension caches it). Rotate the exposed value.",
	References: []string{
		"https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-encryption",
		"https://cwe.mitre.org/data/definitions/798.html",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkSEC001,
}

func checkSEC001(p *rule.Pass) {
	for _, f := range p.App.Functions {
		for _, ev := range f.Env {
			value, ok := literalValue(ev.Value)
			if !ok {
				continue
			}
			m, kind := checkVar(p, ev.Name.V, value)
			if ev.Value.Origin == model.Unresolved && m.Confidence != secrets.ConfidenceHigh {
				// Only a recognised credential format counts in a value
				// that is partly computed at deployment.
				continue
			}
			if kind == secrets.Placeholder && sensitiveName(ev.Name.V) && keyShaped.MatchString(ev.Value.V) {
				// A documentation example key (AKIA...EXAMPLE) in a
				// credential variable: not a leak yet, but the slot where
				// the real key will be pasted.
				p.Add(rule.Report{
					Loc: locOr(ev.Value.Loc, ev.Name.Loc), Resource: f.ID, Function: f.ID, Key: ev.Name.V, Severity: rule.Sev(finding.Low),
					Message: "environment variable " + ev.Name.V + " of " + f.ID + " hard-codes a credential-shaped example value (" +
						secrets.Redact(ev.Value.V) + "); a real credential set here would be exposed the same way",
				})
				continue
			}
			if kind != secrets.Secret {
				continue
			}
			sev := finding.High
			if m.Confidence == secrets.ConfidenceMedium {
				sev = finding.Medium
			}
			p.Add(rule.Report{
				Loc: locOr(ev.Value.Loc, ev.Name.Loc), Resource: f.ID, Function: f.ID, Key: ev.Name.V + "|" + m.Redacted, Severity: rule.Sev(sev),
				Message: "environment variable " + ev.Name.V + " of " + f.ID + " holds a secret: " + m.Description + " (" + m.Redacted + ")",
			})
		}
	}
}

// literalValue returns the text of a value written in the template: the
// literal itself, or, for a string built with Fn::Sub, the string with its
// ${...} parts replaced so that a password inside a connection string
// still shows. Values that are references only, or a parameter's value
// (judged where the parameter is written, SEC003), give false.
func literalValue(v model.String) (string, bool) {
	switch {
	case v.Origin == model.Explicit && v.RefTarget == "":
		return v.V, true
	case v.Origin == model.Unresolved && strings.Contains(v.V, "${"):
		lit := placeholder.ReplaceAllString(v.V, "h")
		if len(lit)-strings.Count(lit, "h") < 8 {
			return "", false
		}
		return lit, true
	}
	return "", false
}

var placeholder = regexp.MustCompile(`\$\{[^}]*\}`)

// keyShaped matches values that look like keys rather than prose or
// template placeholders such as "<your key>".
var keyShaped = regexp.MustCompile(`^[A-Za-z0-9/+=]{16,}$`)
