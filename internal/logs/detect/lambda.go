package detect

import (
	"fmt"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
)

var lambdaChanges = []string{
	"CreateFunction", "UpdateFunctionCode", "UpdateFunctionConfiguration", "DeleteFunction",
	"PublishVersion", "CreateAlias", "UpdateAlias", "PublishLayerVersion",
	"PutFunctionConcurrency", "DeleteFunctionConcurrency", "PutProvisionedConcurrencyConfig",
	"CreateFunctionUrlConfig", "UpdateFunctionUrlConfig", "AddPermission", "RemovePermission",
	"AddLayerVersionPermission", "CreateEventSourceMapping", "UpdateEventSourceMapping",
	"PutFunctionEventInvokeConfig", "UpdateFunctionEventInvokeConfig", "PutRuntimeManagementConfig",
	"PutFunctionCodeSigningConfig", "DeleteFunctionCodeSigningConfig", "PutFunctionRecursionConfig",
}

// LOG001 catches the deploy that did not go through the pipeline: the
// attacker's backdoor, or the hotfix that the next deploy silently undoes.
var outOfBandChange = &Detection{
	ID:       "LOG001",
	Title:    "Lambda function changed outside the CI/CD pipeline",
	Severity: finding.High,
	Rationale: "Function code, configuration, layers, permissions and triggers should change only through " +
		"the deployment pipeline. A change made by another principal is how a stolen credential becomes " +
		"persistence (overwritten code, a malicious layer or extension, a public permission), and even a " +
		"legitimate hotfix makes the deployed function differ from its reviewed source.",
	Remediation: "Confirm with the principal's owner that the change was intended; if not, redeploy the function " +
		"from the pipeline and revoke the principal's credentials. Restrict lambda:Update*, lambda:Create*, " +
		"lambda:AddPermission and lambda:PublishLayerVersion to the CI/CD roles (pass them with --ci-principal).",
	References: []string{
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.lambda-overwrite-code/",
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.lambda-layer-extension/",
		"https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html",
	},
	Events:  lambdaChanges,
	Details: true,
	New:     stateless(checkOutOfBand),
}

func checkOutOfBand(p *Pass) {
	r := p.Rec
	if failed(r) || r.Identity.Type == "AWSService" || isCI(p.Config, r) {
		return
	}
	sev := finding.High
	why := "which is not one of the configured CI/CD principals"
	if len(p.Config.CIPrincipals) == 0 {
		// Without a list of pipeline principals, only changes made with an
		// IAM user's or the root user's credentials stand out: pipelines
		// deploy with roles.
		if !isHuman(r) {
			return
		}
		sev = finding.Medium
		why = "a person's identity (IAM user, root, SSO or console session) rather than a deployment role " +
			"(pass --ci-principal to check against the pipeline's principals)"
	}
	target := shortName(param(r, "functionName"))
	if target == "" {
		target = shortName(param(r, "layerName"))
	}
	p.ReportSev(sev, fmt.Sprintf("%s on %q by %s, %s", p.Name, target, principal(r), why))
}

// LOG002 catches a layer from an account the function's owner does not
// control: code that runs in the function and that someone else can
// replace.
var foreignLayer = &Detection{
	ID:       "LOG002",
	Title:    "Lambda layer from another account attached to a function",
	Severity: finding.High,
	Rationale: "A layer's code runs inside the function with the function's role. A layer published by another " +
		"account is code the function's owner does not review or control, and a classic way to plant an " +
		"extension that reads every event and credential.",
	Remediation: "Check who owns the layer's account; publish the layer in your own account from reviewed source, " +
		"and restrict lambda:UpdateFunctionConfiguration to the deployment roles.",
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html",
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.lambda-layer-extension/",
	},
	Events:  []string{"CreateFunction", "UpdateFunctionConfiguration"},
	Details: true,
	New:     stateless(checkForeignLayer),
}

func checkForeignLayer(p *Pass) {
	r := p.Rec
	if failed(r) {
		return
	}
	v := paramValue(r)
	if v == nil {
		return
	}
	own := callerAccount(r)
	for _, l := range v.GetArray("layers") {
		arn := string(l.GetStringBytes())
		acct := accountOfARN(arn)
		if acct == "" || acct == own {
			continue
		}
		p.Report(fmt.Sprintf("layer %s of account %s attached to %q by %s", arn, acct,
			shortName(param(r, "functionName")), principal(r)))
	}
}

// LOG003 catches resource-policy statements that let anyone, or another
// account, invoke a function or use a layer.
var publicPermission = &Detection{
	ID:       "LOG003",
	Title:    "Public or cross-account permission added to a Lambda function or layer",
	Severity: finding.High,
	Rationale: "AddPermission with principal * lets anyone invoke the function, and with another account's ID " +
		"lets that account invoke it; attackers add such a statement to keep a way in. A layer made public " +
		"exposes its code.",
	Remediation: "Remove the statement (aws lambda remove-permission) unless the exposure is intended and reviewed; " +
		"for service principals, always set SourceArn and SourceAccount.",
	References: []string{
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.lambda-backdoor-function/",
		"https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
	},
	Events:  []string{"AddPermission", "AddLayerVersionPermission"},
	Details: true,
	New:     stateless(checkPublicPermission),
}

func checkPublicPermission(p *Pass) {
	r := p.Rec
	if failed(r) {
		return
	}
	who := param(r, "principal")
	target := shortName(param(r, "functionName"))
	if p.Name == "AddLayerVersionPermission" {
		target = shortName(param(r, "layerName"))
	}
	switch {
	case who == "*" && param(r, "sourceArn") == "" && param(r, "sourceAccount") == "" && param(r, "principalOrgID") == "":
		p.ReportSev(finding.Critical, fmt.Sprintf("%s grants %s to any principal (*) on %q, by %s",
			p.Name, param(r, "action"), target, principal(r)))
	case isForeignAccount(who, callerAccount(r)):
		p.Report(fmt.Sprintf("%s grants %s to account %s on %q, by %s",
			p.Name, param(r, "action"), who, target, principal(r)))
	}
}

// isForeignAccount reports whether an AWS principal (account ID, root or
// IAM ARN) belongs to an account other than own.
func isForeignAccount(who, own string) bool {
	acct := who
	if strings.HasPrefix(who, "arn:") {
		acct = accountOfARN(who)
	}
	if len(acct) != 12 || strings.Trim(acct, "0123456789") != "" {
		return false
	}
	return acct != own
}

// LOG004 catches a function URL that anyone on the internet can call.
var publicURL = &Detection{
	ID:       "LOG004",
	Title:    "Lambda function URL created or changed to auth type NONE",
	Severity: finding.High,
	Rationale: "A function URL with AuthType NONE is reachable by anyone on the internet, without IAM signing, " +
		"throttling or a WAF in front of it; attackers use it as a persistent, unauthenticated backdoor.",
	Remediation: "Use AuthType AWS_IAM, or put the function behind an API gateway with authentication; delete " +
		"the URL configuration if it is not needed.",
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.lambda-backdoor-function/",
	},
	Events:  []string{"CreateFunctionUrlConfig", "UpdateFunctionUrlConfig"},
	Details: true,
	New:     stateless(checkPublicURL),
}

func checkPublicURL(p *Pass) {
	r := p.Rec
	if failed(r) || !strings.EqualFold(param(r, "authType"), "NONE") {
		return
	}
	p.Report(fmt.Sprintf("%s sets auth type NONE on %q, by %s", p.Name,
		shortName(param(r, "functionName")), principal(r)))
}
