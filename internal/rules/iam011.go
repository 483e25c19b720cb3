package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// IAM011 reports the credentials-exposure risks the iam package's risk table finds in a
// function role's effective permissions.
var IAM011 = &rule.Rule{
	ID:          "IAM011",
	Title:       "Function role can create or reveal credentials",
	Severity:    finding.High,
	Category:    "iam",
	Rationale:   "Actions that mint or reveal credentials (iam:CreateAccessKey, iam:UpdateLoginProfile, sts:GetFederationToken, ecr:GetAuthorizationToken...) give an attacker long-lived access that survives the function being fixed.",
	Remediation: "Remove credential-creating actions from function roles; use short-lived role credentials scoped to the task.",
	References: []string{
		"https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/",
		"https://github.com/salesforce/cloudsplaining",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   riskRule("credentials-exposure"),
}
