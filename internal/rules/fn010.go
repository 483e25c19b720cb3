package rules

import (
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// FN010 finds function endpoints that accept plain HTTP or old TLS.
var FN010 = &rule.Rule{
	ID:       "FN010",
	Title:    "Function endpoint accepts plain HTTP or TLS below 1.2",
	Severity: finding.Medium,
	Category: "function",
	Rationale: "Azure function apps answer plain HTTP unless `https_only` is set, and can be configured to " +
		"accept TLS 1.0 or 1.1; 1st generation Google Cloud Functions serve HTTP unless " +
		"`https_trigger_security_level` is SECURE_ALWAYS. Requests, keys and tokens sent over plain HTTP or " +
		"deprecated TLS can be read and changed on the way.",
	Remediation: "Set `https_only = true` and `minimum_tls_version = \"1.2\"` (or newer) on Azure function apps; " +
		"set `https_trigger_security_level = \"SECURE_ALWAYS\"` on Google Cloud Functions.",
	References: []string{
		"https://learn.microsoft.com/en-us/azure/azure-functions/security-concepts#require-https",
		"https://cloud.google.com/functions/docs/securing/authenticating",
		"https://datatracker.ietf.org/doc/html/rfc8996",
	},
	Formats: []string{"terraform"},
	Check:   checkFN010,
}

func checkFN010(p *rule.Pass) {
	for _, f := range p.App.Functions {
		if f.HTTPSOnly.Known() && !f.HTTPSOnly.V {
			how := "is set to false"
			if f.HTTPSOnly.Origin == model.Defaulted {
				how = "is not set, so plain HTTP is accepted"
			}
			p.Add(rule.Report{Loc: f.HTTPSOnly.Loc, Resource: f.ID, Function: f.ID, Key: "https",
				Message: "the HTTP endpoint of " + f.ID + " serves plain HTTP: its HTTPS-only setting " + how})
		}
		if f.MinTLS.Known() && tlsBelow12(f.MinTLS.V) {
			p.Add(rule.Report{Loc: f.MinTLS.Loc, Resource: f.ID, Function: f.ID, Key: "tls",
				Message: "the HTTP endpoint of " + f.ID + " accepts TLS " + f.MinTLS.V})
		}
	}
}

func tlsBelow12(v string) bool {
	v = strings.TrimPrefix(strings.ToLower(v), "tls")
	return v == "1.0" || v == "1.1" || v == "1_0" || v == "1_1"
}
