package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// IAM008 reports the privilege-escalation risks the iam package's risk table finds in a
// function role's effective permissions.
var IAM008 = &rule.Rule{
	ID:          "IAM008",
	Title:       "Function role allows privilege escalation",
	Severity:    finding.Critical,
	Category:    "iam",
	Rationale:   "A role that can change permissions (attach or write policies, create policy versions, pass roles to new compute, update other functions' code, assume other roles) lets anyone who compromises the function grant themselves anything in the account. These are the known escalation paths catalogued by Rhino Security Labs and Bishop Fox.",
	Remediation: "Remove the IAM, STS and compute-creation actions from the function's role; a function almost never needs them. Where one does (a provisioning function), scope iam:PassRole to the exact role ARNs with an iam:PassedToService condition and limit the resources of every other action.",
	References: []string{
		"https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/",
		"https://github.com/salesforce/cloudsplaining",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   riskRule("privilege-escalation"),
}
