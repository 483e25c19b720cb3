package detect

import (
	"fmt"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
)

// tamperEvents maps each call that stops, deletes or narrows an audit
// trail to the severity it has in itself.
var tamperEvents = map[string]finding.Severity{
	"StopLogging":                        finding.High,
	"DeleteTrail":                        finding.High,
	"UpdateTrail":                        finding.Medium,
	"PutEventSelectors":                  finding.Medium,
	"PutInsightSelectors":                finding.Low,
	"DeleteEventDataStore":               finding.High,
	"StopEventDataStoreIngestion":        finding.High,
	"DeleteLogGroup":                     finding.Medium,
	"DeleteLogStream":                    finding.Low,
	"DeleteSubscriptionFilter":           finding.Medium,
	"DeleteFlowLogs":                     finding.Medium,
	"DeleteResolverQueryLogConfig":       finding.Medium,
	"DisassociateResolverQueryLogConfig": finding.Medium,
	"DeleteDetector":                     finding.High,
	"StopConfigurationRecorder":          finding.High,
	"DeleteConfigurationRecorder":        finding.High,
	"DeleteDeliveryChannel":              finding.Medium,
}

// LOG007 catches an attacker covering their tracks, and the well-meaning
// change that blinds the team.
var logTampering = &Detection{
	ID:       "LOG007",
	Title:    "Audit logging stopped, deleted or narrowed",
	Severity: finding.High,
	Rationale: "Stopping or deleting a trail, excluding management events, deleting a Lambda log group, flow " +
		"logs, DNS query logs, GuardDuty or AWS Config removes the evidence of what happens next; attackers " +
		"do it right after gaining access.",
	Remediation: "Re-enable the logging at once (aws cloudtrail start-logging, restore event selectors), find " +
		"who made the call and why, and deny these actions outside the security team with an SCP.",
	References: []string{
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.defense-evasion.cloudtrail-stop/",
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.defense-evasion.cloudtrail-event-selectors/",
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.defense-evasion.vpc-remove-flow-logs/",
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.defense-evasion.dns-delete-logs/",
	},
	Events:  tamperNames(),
	Details: true,
	New:     stateless(checkTampering),
}

func tamperNames() []string {
	out := make([]string, 0, len(tamperEvents))
	for n := range tamperEvents {
		out = append(out, n)
	}
	return out
}

func checkTampering(p *Pass) {
	r := p.Rec
	if failed(r) || isCI(p.Config, r) {
		return
	}
	sev := tamperEvents[p.Name]
	what := ""
	switch p.Name {
	case "PutEventSelectors":
		if narrowsSelectors(p) {
			sev, what = finding.High, " (management events or writes no longer logged)"
		}
	case "DeleteLogGroup":
		if g := param(r, "logGroupName"); strings.HasPrefix(g, "/aws/lambda/") {
			sev, what = finding.High, " (a Lambda function's logs)"
		}
	case "StopLogging", "DeleteTrail", "UpdateTrail":
		what = fmt.Sprintf(" on trail %q", shortName(param(r, "name")))
	}
	p.ReportSev(sev, fmt.Sprintf("%s%s by %s from %s", r.EventName, what, principal(r), r.SourceIP))
}

// narrowsSelectors reports event selectors that drop management events or
// keep only one of reads and writes.
func narrowsSelectors(p *Pass) bool {
	v := paramValue(p.Rec)
	if v == nil {
		return false
	}
	for _, s := range v.GetArray("eventSelectors") {
		if m := s.Get("includeManagementEvents"); m != nil && !m.GetBool() {
			return true
		}
		if rw := string(s.GetStringBytes("readWriteType")); rw != "" && rw != "All" {
			return true
		}
	}
	// Advanced selectors: a rule that filters on eventCategory Management
	// with NotEquals drops them.
	for _, s := range v.GetArray("advancedEventSelectors") {
		for _, f := range s.GetArray("fieldSelectors") {
			if string(f.GetStringBytes("field")) == "eventCategory" && len(f.GetArray("notEquals")) > 0 {
				return true
			}
		}
	}
	return false
}
