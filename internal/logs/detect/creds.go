package detect

import (
	"fmt"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/logs/cloudtrail"
	"github.com/valyala/fastjson"
)

// LOG005 catches a function's temporary credentials used somewhere else:
// the usual end of an SSRF, code injection or leaked environment.
var stolenFunctionCreds = &Detection{
	ID:       "LOG005",
	Title:    "Lambda execution role credentials used outside Lambda",
	Severity: finding.Critical,
	Rationale: "A function's temporary credentials live in its environment variables; an injection or SSRF " +
		"bug that reads them lets an attacker act as the function's role from their own machine until the " +
		"credentials expire. The AWS SDKs inside Lambda announce the execution environment " +
		"(exec-env/AWS_Lambda_*) in their user agent; the same session seen with a workstation's or a tool's " +
		"user agent is not the function calling.",
	Remediation: "Revoke the role's active sessions (IAM > Roles > Revoke active sessions, which adds an " +
		"aws:TokenIssueTime deny), find and fix the bug that exposed the environment, and narrow the role's " +
		"permissions to what the function uses.",
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime",
		"https://hackingthe.cloud/aws/exploitation/lambda-steal-iam-credentials/",
	},
	DetailsFor: []string{"AssumeRole"},
	New:        newStolenCreds,
}

// maxTrackedKeys bounds the state of LOG005; beyond it, new sessions are
// not learned (the alert stays correct for those already known).
const maxTrackedKeys = 1 << 20

type lambdaSession struct {
	inLambda  bool // seen with a Lambda SDK user agent
	reported  bool
	firstSeen Evidence
}

func newStolenCreds(*Config) Check {
	keys := map[string]*lambdaSession{}
	return func(p *Pass) {
		r := p.Rec
		if p.Name == "AssumeRole" && isLambdaService(r) {
			learnLambdaKey(keys, r)
			return
		}
		if r.Identity.Type != "AssumedRole" || r.Identity.AccessKeyID == "" {
			return
		}
		s := keys[r.Identity.AccessKeyID]
		if isLambdaAgent(r.UserAgent) {
			if s == nil && len(keys) < maxTrackedKeys {
				s = &lambdaSession{}
				keys[strings.Clone(r.Identity.AccessKeyID)] = s
			}
			if s != nil && !s.inLambda {
				s.inLambda, s.firstSeen = true, EvidenceOf(r)
			}
			return
		}
		if s == nil || s.reported || isServiceCall(r) {
			return
		}
		if !s.inLambda && !isWorkstationAgent(r.UserAgent) {
			// Custom runtimes do not announce themselves: without having
			// seen the session inside Lambda, only a tool's or desktop's
			// agent is proof enough.
			return
		}
		s.reported = true
		ev := []Evidence{EvidenceOf(r)}
		if s.inLambda {
			ev = append([]Evidence{s.firstSeen}, ev...)
		}
		p.Report(fmt.Sprintf("credentials %s of Lambda session %s used from %s with user agent %q",
			redactKey(r.Identity.AccessKeyID), principal(r), r.SourceIP, r.UserAgent), ev...)
	}
}

func isLambdaService(r *cloudtrail.Record) bool {
	return r.Identity.InvokedBy == "lambda.amazonaws.com" || r.SourceIP == "lambda.amazonaws.com"
}

func learnLambdaKey(keys map[string]*lambdaSession, r *cloudtrail.Record) {
	if failed(r) || len(r.Response) == 0 || len(keys) >= maxTrackedKeys {
		return
	}
	v, err := fastjson.ParseBytes(r.Response)
	if err != nil {
		return
	}
	key := string(v.GetStringBytes("credentials", "accessKeyId"))
	if key == "" {
		return
	}
	if _, ok := keys[key]; !ok {
		keys[key] = &lambdaSession{}
	}
}

func isLambdaAgent(ua string) bool {
	return strings.Contains(ua, "AWS_Lambda_") || strings.Contains(ua, "AWS_Lambda ")
}

// isServiceCall reports calls AWS services make with the session on the
// function's behalf (forwarded access): they do not come from the caller's
// machine.
func isServiceCall(r *cloudtrail.Record) bool {
	return r.Identity.InvokedBy != "" || strings.HasSuffix(r.SourceIP, ".amazonaws.com") ||
		r.UserAgent == "AWS Internal" || strings.HasSuffix(r.UserAgent, ".amazonaws.com")
}

var workstationMarks = []string{
	"Darwin/", "Windows", "macOS", "aws-cli/", "Pacu", "pacu", "stratus-red-team", "curl/",
	"python-requests/", "PostmanRuntime", "kali", "Kali", "Go-http-client",
}

func isWorkstationAgent(ua string) bool {
	for _, m := range workstationMarks {
		if strings.Contains(ua, m) {
			return true
		}
	}
	return false
}

// redactKey keeps an access key ID recognisable without printing it whole.
func redactKey(k string) string {
	if len(k) <= 8 {
		return k
	}
	return k[:4] + strings.Repeat("*", len(k)-8) + k[len(k)-4:]
}
