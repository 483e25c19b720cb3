package detect

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/valyala/fastjson"
)

// LOG009 catches permissions or trust added to identities outside the
// pipeline: escalation, or a backdoor that survives key rotation.
var privilegeChange = &Detection{
	ID:       "LOG009",
	Title:    "IAM privileges or role trust changed outside the CI/CD pipeline",
	Severity: finding.Medium,
	Rationale: "Attaching an administrator policy, writing an inline policy with Action *, publishing a new " +
		"default policy version, or letting another account assume a role are how an attacker escalates and " +
		"keeps access. In an account deployed by a pipeline, such changes made by anyone else are suspect " +
		"whatever their content.",
	Remediation: "Revert the change (detach the policy, restore the trust policy or the previous policy version), " +
		"find out who made it, and restrict iam:Attach*/Put*/Update*/CreatePolicyVersion to the deployment roles.",
	References: []string{
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.iam-backdoor-role/",
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.iam-create-backdoor-role/",
		"https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/",
	},
	Events: []string{
		"AttachRolePolicy", "PutRolePolicy", "UpdateAssumeRolePolicy", "CreatePolicyVersion",
		"SetDefaultPolicyVersion", "CreateRole", "AttachUserPolicy", "PutUserPolicy", "AttachGroupPolicy",
		"PutGroupPolicy", "AddUserToGroup", "DeleteRolePermissionsBoundary", "DeleteUserPermissionsBoundary",
	},
	Details: true,
	New:     stateless(checkPrivilegeChange),
}

func checkPrivilegeChange(p *Pass) {
	r := p.Rec
	if failed(r) || isCI(p.Config, r) {
		return
	}
	sev, why := privilegeRisk(p)
	if p.Name == "CreateRole" && why == "" {
		return // a new role with a same-account trust grants nothing yet
	}
	if why == "" {
		if len(p.Config.CIPrincipals) == 0 && !isHuman(r) {
			return // pipelines manage IAM with roles; without a CI list only humans stand out
		}
		sev = finding.Medium
	}
	target := param(r, "roleName")
	for _, k := range []string{"userName", "groupName", "policyArn"} {
		if target == "" {
			target = shortName(param(r, k))
		}
	}
	p.ReportSev(sev, fmt.Sprintf("%s on %q by %s%s", p.Name, target, principal(r), why))
}

// privilegeRisk says what makes the change dangerous in itself, if
// anything.
func privilegeRisk(p *Pass) (finding.Severity, string) {
	r := p.Rec
	if arn := param(r, "policyArn"); isAdminPolicyARN(arn) && strings.HasPrefix(p.Name, "Attach") {
		return finding.High, ": attaches " + shortName(arn)
	}
	doc := param(r, "policyDocument")
	if doc == "" {
		doc = param(r, "assumeRolePolicyDocument")
	}
	if doc == "" {
		return finding.Medium, ""
	}
	if d, err := url.QueryUnescape(doc); err == nil && !strings.HasPrefix(strings.TrimSpace(doc), "{") {
		doc = d
	}
	f := readPolicy(doc, callerAccount(r))
	switch {
	case len(f.foreign) > 0:
		return finding.High, ": trust granted to " + strings.Join(f.foreign, ", ")
	case f.wildcardAction && p.Name != "UpdateAssumeRolePolicy" && p.Name != "CreateRole":
		return finding.High, ": policy allows Action *"
	}
	return finding.Medium, ""
}

// LOG010 catches credentials made for someone else: a persistent backdoor
// user, or a takeover of an existing one.
var userCredentials = &Detection{
	ID:       "LOG010",
	Title:    "Access key or console password created for another IAM user",
	Severity: finding.High,
	Rationale: "CreateAccessKey, CreateLoginProfile and UpdateLoginProfile on another user give the caller " +
		"that user's identity: a backdoor that survives the revocation of the caller's own credentials, or " +
		"a takeover of the user's console access.",
	Remediation: "Delete the access key or login profile that was created, reset the user's password and " +
		"review what was done with them; allow these calls only to the identity team.",
	References: []string{
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.iam-backdoor-user/",
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.iam-create-user-login-profile/",
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.privilege-escalation.iam-update-user-login-profile/",
	},
	Events:  []string{"CreateAccessKey", "CreateLoginProfile", "UpdateLoginProfile"},
	Details: true,
	New:     stateless(checkUserCredentials),
}

func checkUserCredentials(p *Pass) {
	r := p.Rec
	if failed(r) {
		return
	}
	user := param(r, "userName")
	self := shortName(r.Identity.ARN)
	if user == "" || user == self {
		return // users rotating their own key or password
	}
	p.Report(fmt.Sprintf("%s for user %q by %s from %s", p.Name, user, principal(r), r.SourceIP))
}

// LOG011 catches new long-lived identities, rare in accounts run by a
// pipeline.
var userCreated = &Detection{
	ID:       "LOG011",
	Title:    "IAM user created outside the CI/CD pipeline",
	Severity: finding.Medium,
	Rationale: "Serverless workloads run with roles; a new IAM user, with long-lived keys, is a classic " +
		"persistence step after a compromise.",
	Remediation: "Confirm the user is expected; otherwise delete it with its keys and policies, and review " +
		"what it did.",
	References: []string{"https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.iam-create-admin-user/"},
	Events:     []string{"CreateUser"},
	Details:    true,
	New: stateless(func(p *Pass) {
		if failed(p.Rec) || isCI(p.Config, p.Rec) {
			return
		}
		p.Report(fmt.Sprintf("CreateUser %q by %s", param(p.Rec, "userName"), principal(p.Rec)))
	}),
}

// LOG012 catches a new way into the account from outside AWS.
var rolesAnywhere = &Detection{
	ID:       "LOG012",
	Title:    "IAM Roles Anywhere trust anchor or profile created",
	Severity: finding.High,
	Rationale: "A Roles Anywhere trust anchor lets holders of certificates from a CA the attacker controls " +
		"obtain role credentials from outside AWS, a persistence path that survives key rotation.",
	Remediation: "Delete the trust anchor and profile unless they are part of a reviewed setup, and restrict " +
		"rolesanywhere:Create* with an SCP.",
	References: []string{"https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.rolesanywhere-create-trust-anchor/"},
	Events:     []string{"CreateTrustAnchor", "CreateProfile", "UpdateTrustAnchor"},
	New: stateless(func(p *Pass) {
		r := p.Rec
		if failed(r) || r.EventSource != "rolesanywhere.amazonaws.com" || isCI(p.Config, r) {
			return
		}
		p.Report(fmt.Sprintf("%s by %s from %s", p.Name, principal(r), r.SourceIP))
	}),
}

// LOG013 catches federation tokens, which outlive the key that made them.
var federationToken = &Detection{
	ID:       "LOG013",
	Title:    "Federation token obtained with an IAM user's keys",
	Severity: finding.Medium,
	Rationale: "sts:GetFederationToken issues credentials that stay valid for up to 36 hours even after the " +
		"IAM user's access key is deleted; attackers use it to keep access after detection.",
	Remediation: "Deny sts:GetFederationToken to users who do not need it; after a compromise, attach a deny " +
		"policy to the user (deleting the key does not end federated sessions).",
	References: []string{"https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.sts-federation-token/"},
	Events:     []string{"GetFederationToken"},
	Details:    true,
	New: stateless(func(p *Pass) {
		r := p.Rec
		if failed(r) {
			return
		}
		sev := finding.Medium
		if readPolicy(param(r, "policy"), callerAccount(r)).wildcardAction {
			sev = finding.High
		}
		p.ReportSev(sev, fmt.Sprintf("GetFederationToken %q by %s from %s", param(r, "name"), principal(r), r.SourceIP))
	}),
}

// LOG015 catches console sign-ins protected by a password alone.
var consoleNoMFA = &Detection{
	ID:       "LOG015",
	Title:    "Console sign-in without MFA",
	Severity: finding.Medium,
	Rationale: "A console sign-in of an IAM user or the root user without MFA means a password alone guards " +
		"the account; a stolen or guessed password is enough to take it over.",
	Remediation: "Require MFA for every IAM user with a password (an IAM policy denying all but MFA setup " +
		"without aws:MultiFactorAuthPresent), and use SSO instead of IAM users where possible.",
	References: []string{"https://stratus-red-team.cloud/attack-techniques/AWS/aws.initial-access.console-login-without-mfa/"},
	Events:     []string{"ConsoleLogin"},
	Details:    true,
	New: stateless(func(p *Pass) {
		r := p.Rec
		if len(r.Extra) == 0 || !isHuman(r) {
			return
		}
		if fastjson.GetString(r.Extra, "MFAUsed") != "No" || fastjson.GetString(r.Response, "ConsoleLogin") == "Failure" {
			return
		}
		sev := finding.Medium
		if r.Identity.Type == "Root" {
			sev = finding.High
		}
		p.ReportSev(sev, fmt.Sprintf("console sign-in of %s without MFA from %s", principal(r), r.SourceIP))
	}),
}
