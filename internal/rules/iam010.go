package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// IAM010 reports the resource-exposure risks the iam package's risk table finds in a
// function role's effective permissions.
var IAM010 = &rule.Rule{
	ID:          "IAM010",
	Title:       "Function role can expose resources to other accounts or the public",
	Severity:    finding.High,
	Category:    "iam",
	Rationale:   "Actions that write resource policies or share resources (s3:PutBucketPolicy, lambda:AddPermission, kms:CreateGrant, snapshot sharing) on every resource let an attacker open data and functions to their own account or to everyone, which outlives the compromise itself.",
	Remediation: "Remove resource-policy and sharing actions from function roles, or scope them to the one resource the function manages.",
	References: []string{
		"https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/",
		"https://github.com/salesforce/cloudsplaining",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   riskRule("resource-exposure"),
}
