package rules

import (
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// IAM002 finds AWS managed policies that grant administrative or full
// access attached to function roles.
var IAM002 = &rule.Rule{
	ID:       "IAM002",
	Title:    "Function role has an AWS managed policy granting admin or full access",
	Severity: finding.High,
	Category: "iam",
	Rationale: "AWS managed policies such as AdministratorAccess, PowerUserAccess, IAMFullAccess or any " +
		"*FullAccess policy grant far more than a function needs, across every resource of the account, and AWS " +
		"extends them when services gain actions. A function holding one is one injection away from an account " +
		"takeover or a full data breach.",
	Remediation: "Replace the managed policy with statements listing the function's actions on its own " +
		"resources (`slsguard policy` generates them), or a SAM policy template scoped to one resource.",
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-use-aws-defined-policies",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkIAM002,
}

// broadManaged lists managed policies that are too broad for any function,
// beyond the *FullAccess family, with the severity they deserve.
var broadManaged = map[string]finding.Severity{
	"AdministratorAccess":               finding.Critical,
	"AdministratorAccess-Amplify":       finding.Critical,
	"PowerUserAccess":                   finding.Critical,
	"IAMFullAccess":                     finding.Critical,
	"AWSLambdaRole":                     finding.Medium,
	"AWSLambdaExecute":                  finding.Medium,
	"AmazonS3FullAccess":                finding.High,
	"AWSLambda_FullAccess":              finding.High,
	"AWSLambdaFullAccess":               finding.High,
	"SecretsManagerReadWrite":           finding.High,
	"AmazonDynamoDBFullAccess":          finding.High,
	"AWSCloudFormationFullAccess":       finding.High,
	"AmazonEC2FullAccess":               finding.High,
	"AmazonSSMFullAccess":               finding.High,
	"CloudWatchLogsFullAccess":          finding.Medium,
	"AmazonSQSFullAccess":               finding.Medium,
	"AmazonSNSFullAccess":               finding.Medium,
	"AWSStepFunctionsFullAccess":        finding.Medium,
	"AmazonKinesisFullAccess":           finding.Medium,
	"AWSXrayFullAccess":                 finding.Low,
	"CloudWatchFullAccess":              finding.Medium,
	"AmazonAPIGatewayAdministrator":     finding.High,
	"AmazonCognitoPowerUser":            finding.High,
	"AWSKeyManagementServicePowerUser":  finding.High,
	"AmazonRDSFullAccess":               finding.High,
	"AmazonRDSDataFullAccess":           finding.High,
	"AmazonSESFullAccess":               finding.Medium,
	"AWSCodeCommitFullAccess":           finding.Medium,
	"AmazonEventBridgeFullAccess":       finding.Medium,
	"AmazonElasticFileSystemFullAccess": finding.Medium,
}

// managedName returns a managed policy's name from its name or ARN.
func managedName(s string) string {
	if i := strings.LastIndex(s, ":policy/"); i >= 0 {
		s = s[i+len(":policy/"):]
	}
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

func checkIAM002(p *rule.Pass) {
	functionRoles(p.App, func(r *model.Role, fs []*model.Function) {
		for _, mp := range r.ManagedPolicies {
			name := managedName(mp.V)
			sev, ok := broadManaged[name]
			if !ok && strings.HasSuffix(name, "FullAccess") {
				sev, ok = finding.High, true
			}
			if !ok {
				continue
			}
			p.Add(rule.Report{
				Loc: locOr(mp.Loc, r.Loc), Resource: r.ID, Function: fs[0].ID, Key: name, Severity: rule.Sev(sev),
				Message: "role " + r.ID + " (used by " + functionNames(fs) + ") has the AWS managed policy " + name,
			})
		}
	})
}
