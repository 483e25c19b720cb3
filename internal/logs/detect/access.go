package detect

import (
	"fmt"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/logs/cloudtrail"
)

// LOG006 catches a principal probing what it is allowed to do, the first
// thing an attacker does with credentials of unknown reach.
var enumeration = &Detection{
	ID:       "LOG006",
	Title:    "Burst of denied calls from one principal (permission enumeration)",
	Severity: finding.Medium,
	Rationale: "Stolen credentials come without a list of what they may do; attackers and their tools " +
		"(Pacu, enumerate-iam, ScoutSuite) find out by calling many APIs and collecting the AccessDenied " +
		"errors. Many distinct denied actions from one principal in a short window look like that; a " +
		"misconfigured application repeats the same denied call instead.",
	Remediation: "Find where the principal's credentials are used (source IP, user agent); if it is not a " +
		"known tool or deployment, revoke the credentials and review what the allowed calls did.",
	References: []string{
		"https://github.com/andresriancho/enumerate-iam",
		"https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html",
	},
	New: newEnumeration,
}

func newEnumeration(cfg *Config) Check {
	b := newBursts(cfg.Window)
	distinct := max(cfg.DeniedBurst/2, 1)
	return func(p *Pass) {
		r := p.Rec
		if !isDenied(r.ErrorCode) {
			return
		}
		s := b.add(r, r.EventSource+" "+p.Name)
		if s.reported || s.calls < cfg.DeniedBurst || len(s.keys) < distinct {
			return
		}
		s.reported = true
		p.Report(fmt.Sprintf("%s was denied %d calls to %d distinct actions within %s (last %s from %s)",
			principal(r), s.calls, len(s.keys), cfg.Window, p.Name, r.SourceIP), s.first, EvidenceOf(r))
	}
}

func isDenied(code string) bool {
	return code != "" && (strings.Contains(code, "AccessDenied") || strings.Contains(code, "Unauthorized") ||
		strings.Contains(code, "Forbidden") || code == "AuthorizationError")
}

// LOG008 catches bulk reads of secrets: one principal collecting many
// distinct secrets or secure parameters.
var secretHarvest = &Detection{
	ID:       "LOG008",
	Title:    "Many secrets or secure parameters read by one principal",
	Severity: finding.High,
	Rationale: "A function reads the few secrets it needs, again and again; an attacker with a foothold reads " +
		"every secret it can find. Many distinct Secrets Manager secrets or decrypted SSM parameters read " +
		"by one principal in a short window, or a BatchGetSecretValue by filter, is credential harvesting.",
	Remediation: "Check whether the principal is expected to read these secrets; if not, rotate every secret it " +
		"read and revoke its credentials. Scope secretsmanager:GetSecretValue and ssm:GetParameter* to the " +
		"ARNs each function needs.",
	References: []string{
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.credential-access.secretsmanager-retrieve-secrets/",
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.credential-access.secretsmanager-batch-retrieve-secrets/",
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.credential-access.ssm-retrieve-securestring-parameters/",
	},
	Events:  []string{"GetSecretValue", "BatchGetSecretValue", "GetParameter", "GetParameters", "GetParametersByPath"},
	Details: true,
	New:     newSecretHarvest,
}

func newSecretHarvest(cfg *Config) Check {
	b := newBursts(cfg.Window)
	return func(p *Pass) {
		r := p.Rec
		if failed(r) {
			return
		}
		ids := secretIDs(p.Name, r)
		if p.Name == "BatchGetSecretValue" && len(ids) == 0 {
			// One alert per principal and window, however many pages.
			if s := b.add(r, "filter "+string(r.Params)); s.reported {
				return
			} else {
				s.reported = true
			}
			p.Report(fmt.Sprintf("BatchGetSecretValue by filter (every matching secret) by %s from %s",
				principal(r), r.SourceIP))
			return
		}
		var s *burst
		for _, id := range ids {
			s = b.add(r, id)
		}
		if s == nil || s.reported || len(s.keys) < cfg.SecretBurst {
			return
		}
		s.reported = true
		p.Report(fmt.Sprintf("%s read %d distinct secrets or secure parameters within %s", principal(r),
			len(s.keys), cfg.Window), s.first, EvidenceOf(r))
	}
}

// secretIDs lists the secrets or decrypted parameters a call read.
func secretIDs(name string, r *cloudtrail.Record) []string {
	v := paramValue(r)
	if v == nil {
		return nil
	}
	switch name {
	case "GetSecretValue":
		return nonEmpty(string(v.GetStringBytes("secretId")))
	case "BatchGetSecretValue":
		var out []string
		for _, id := range v.GetArray("secretIdList") {
			out = append(out, string(id.GetStringBytes()))
		}
		return out
	}
	// Plain String parameters are configuration; SecureString ones need
	// decryption to be read.
	if !v.GetBool("withDecryption") {
		return nil
	}
	switch name {
	case "GetParameter":
		return nonEmpty(string(v.GetStringBytes("name")))
	case "GetParametersByPath":
		return nonEmpty(string(v.GetStringBytes("path")) + "/*")
	}
	var out []string
	for _, n := range v.GetArray("names") {
		out = append(out, string(n.GetStringBytes()))
	}
	return out
}

func nonEmpty(s string) []string {
	if s == "" || s == "/*" {
		return nil
	}
	return []string{s}
}
