package rules

import (
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// IAM006 finds Lambda permissions that let anyone, or a service on behalf
// of anyone, invoke a function.
var IAM006 = &rule.Rule{
	ID:       "IAM006",
	Title:    "Function can be invoked by anyone, or by a service without a source condition",
	Severity: finding.High,
	Category: "iam",
	Rationale: "A Lambda permission with Principal `*` lets any AWS account invoke the function. A permission " +
		"for a service principal (s3.amazonaws.com, sns.amazonaws.com, events.amazonaws.com...) without " +
		"SourceArn or SourceAccount lets that service invoke the function on behalf of resources in any " +
		"account (the confused-deputy problem): someone else's bucket or topic can send it events.",
	Remediation: "Name the invoking principal, and for service principals add `SourceArn` (the bucket, topic, " +
		"rule or API) and `SourceAccount`.",
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
	},
	Formats: []string{"cloudformation", "terraform"},
	Check:   checkIAM006,
}

func checkIAM006(p *rule.Pass) {
	for _, g := range p.App.Grants {
		if g.Implicit || g.URLAuthType.Origin != 0 {
			// Function URL permissions are judged with the URL (FN001).
			continue
		}
		principal := g.Principal.V
		switch {
		case principal == "*":
			p.Add(rule.Report{
				Loc: locOr(g.Principal.Loc, g.Loc), Resource: g.ID, Function: g.FunctionID, Key: "*",
				Severity: rule.Sev(severityForOpen(g.SourceARN.V, g.SourceAccount.V)),
				Message:  "permission " + g.ID + " lets any principal invoke " + g.FunctionRef.Text() + conditionNote(g.SourceARN.V, g.SourceAccount.V),
			})
		case strings.HasSuffix(principal, ".amazonaws.com") && g.SourceARN.Origin == 0 && g.SourceAccount.Origin == 0:
			p.Add(rule.Report{
				Loc: locOr(g.Principal.Loc, g.Loc), Resource: g.ID, Function: g.FunctionID, Key: principal,
				Severity: rule.Sev(finding.Medium),
				Message:  "permission " + g.ID + " lets " + principal + " invoke " + g.FunctionRef.Text() + " for resources of any account (no SourceArn or SourceAccount)",
			})
		}
	}
}

func severityForOpen(sourceARN, sourceAccount string) finding.Severity {
	if sourceARN != "" || sourceAccount != "" {
		return finding.Medium
	}
	return finding.High
}

func conditionNote(sourceARN, sourceAccount string) string {
	if sourceARN != "" || sourceAccount != "" {
		return ", limited only by a source condition"
	}
	return ""
}
