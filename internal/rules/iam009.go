package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// IAM009 reports the data-exfiltration risks the iam package's risk table finds in a
// function role's effective permissions.
var IAM009 = &rule.Rule{
	ID:          "IAM009",
	Title:       "Function role can read data across the account (data exfiltration)",
	Severity:    finding.High,
	Category:    "iam",
	Rationale:   "Read access to every object, secret, parameter, key or table in the account (s3:GetObject, secretsmanager:GetSecretValue, ssm:GetParameter*, kms:Decrypt, dynamodb:Scan on *) turns a compromised function into a way to read everything, not only the data the function serves.",
	Remediation: "Scope read actions to the resources the function uses: the bucket prefix, the one secret, the parameter path, the table ARN.",
	References: []string{
		"https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/",
		"https://github.com/salesforce/cloudsplaining",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   riskRule("data-exfiltration"),
}
