package detect

import (
	"strings"

	"github.com/slsguard/slsguard/internal/logs/cloudtrail"
	"github.com/valyala/fastjson"
)

// isCI reports whether the record's caller is one of the configured CI/CD
// principals.
func isCI(cfg *Config, r *cloudtrail.Record) bool {
	id := &r.Identity
	role := id.IssuerARN
	if role == "" {
		role = roleOfSession(id.ARN)
	}
	for _, p := range cfg.CIPrincipals {
		if arnMatch(p, id.ARN) || (role != "" && arnMatch(p, role)) {
			return true
		}
	}
	return false
}

func arnMatch(pattern, arn string) bool {
	if arn == "" {
		return false
	}
	if prefix, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(arn, prefix)
	}
	return pattern == arn
}

// roleOfSession turns arn:aws:sts::1:assumed-role/R/S into
// arn:aws:iam::1:role/R. Role paths are not in session ARNs, so a role
// with a path is matched through sessionContext.sessionIssuer instead.
func roleOfSession(arn string) string {
	rest, ok := strings.CutPrefix(arn, "arn:aws:sts::")
	if !ok {
		return ""
	}
	acct, res, ok := strings.Cut(rest, ":assumed-role/")
	if !ok {
		return ""
	}
	role, _, _ := strings.Cut(res, "/")
	return "arn:aws:iam::" + acct + ":role/" + role
}

// isHuman reports whether the caller is a person rather than automation:
// an IAM user's keys or console session, the root user, an IAM Identity
// Center (SSO) session, or anyone using the console. People are the usual
// authors of out-of-band changes when no CI principals are configured.
func isHuman(r *cloudtrail.Record) bool {
	switch r.Identity.Type {
	case "IAMUser", "Root":
		return true
	}
	return strings.Contains(r.Identity.IssuerARN, "/AWSReservedSSO_") ||
		strings.Contains(r.UserAgent, "console.amazonaws.com") || strings.Contains(r.UserAgent, "console.aws.amazon.com")
}

// callerAccount is the account the call was made in.
func callerAccount(r *cloudtrail.Record) string {
	if r.Account != "" {
		return r.Account
	}
	return r.Identity.AccountID
}

// accountOfARN returns the account field of an ARN, or "".
func accountOfARN(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[4]
}

// param reads a string from the record's requestParameters.
func param(r *cloudtrail.Record, keys ...string) string {
	if len(r.Params) == 0 {
		return ""
	}
	return fastjson.GetString(r.Params, keys...)
}

// paramValue parses the requestParameters.
func paramValue(r *cloudtrail.Record) *fastjson.Value {
	if len(r.Params) == 0 {
		return nil
	}
	v, err := fastjson.ParseBytes(r.Params)
	if err != nil {
		return nil
	}
	return v
}

// failed reports whether the call was refused or failed: such calls change
// nothing, and the enumeration detection counts them.
func failed(r *cloudtrail.Record) bool { return r.ErrorCode != "" }

func shortName(s string) string {
	if i := strings.LastIndexAny(s, ":/"); i >= 0 && i < len(s)-1 {
		return s[i+1:]
	}
	return s
}
