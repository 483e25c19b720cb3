// Package detect holds slsguard's catalog of CloudTrail detections and the
// engine that runs them over a record stream.
//
// A detection is data (a permanent ID, title, severity, rationale,
// remediation, references, the event names it reads) plus one function
// that builds its check for a run; stateful checks (bursts, sessions) keep
// their state in the closure. The engine dispatches each record only to the
// checks that asked for its event name, so adding a detection does not slow
// down the others.
package detect

import (
	"strings"
	"time"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/logs/cloudtrail"
)

// Detection is one entry of the catalog.
type Detection struct {
	ID          string
	Title       string
	Severity    finding.Severity // the usual severity; a check may raise or lower it per alert
	Rationale   string
	Remediation string
	References  []string
	// Events are the event names (without CloudTrail's API-version suffix,
	// e.g. UpdateFunctionCode for UpdateFunctionCode20150331v2) the check
	// reads; empty means every record.
	Events []string
	// Details says the check reads requestParameters, responseElements or
	// additionalEventData.
	Details bool
	// DetailsFor lists further event names whose details the check reads,
	// for checks that see every record.
	DetailsFor []string
	// New builds the check for one run.
	New func(cfg *Config) Check
}

// Check looks at one record.
type Check func(p *Pass)

// Config is what the user tells the detections about the account.
type Config struct {
	// CIPrincipals are the ARNs allowed to deploy: IAM users, roles (a
	// role matches its assumed-role sessions) or assumed-role session
	// ARNs; a trailing * matches any suffix.
	CIPrincipals []string
	// Window is the time window of burst detections; 0 means 10 minutes.
	Window time.Duration
	// DeniedBurst is how many denied calls from one principal within
	// Window make an enumeration alert; 0 means 10.
	DeniedBurst int
	// SecretBurst is how many distinct secrets or parameters one
	// principal reads within Window before a harvesting alert; 0 means 10
	// (functions commonly read a handful at cold start).
	SecretBurst int
}

func (c *Config) withDefaults() *Config {
	d := *c
	if d.Window <= 0 {
		d.Window = 10 * time.Minute
	}
	if d.DeniedBurst <= 0 {
		d.DeniedBurst = 10
	}
	if d.SecretBurst <= 0 {
		d.SecretBurst = 10
	}
	return &d
}

// Alert is one detection raised on the stream, with the records behind it.
type Alert struct {
	ID       string           `json:"id"`
	Title    string           `json:"title"`
	Severity finding.Severity `json:"severity"`
	Message  string           `json:"message"`
	Evidence []Evidence       `json:"evidence"`
}

// Evidence is the part of a record an analyst needs to follow an alert up.
type Evidence struct {
	Time      string `json:"eventTime"`
	Event     string `json:"eventName"`
	Source    string `json:"eventSource,omitempty"`
	Principal string `json:"principal,omitempty"`
	SourceIP  string `json:"sourceIP,omitempty"`
	UserAgent string `json:"userAgent,omitempty"`
	File      string `json:"file"`
	Index     int    `json:"index"`
	Line      int    `json:"line,omitempty"`
}

// EvidenceOf copies what an alert keeps of r: records are only valid
// during a check.
func EvidenceOf(r *cloudtrail.Record) Evidence {
	return Evidence{
		Time:      strings.Clone(r.EventTime),
		Event:     strings.Clone(r.EventName),
		Source:    strings.Clone(r.EventSource),
		Principal: strings.Clone(principal(r)),
		SourceIP:  strings.Clone(r.SourceIP),
		UserAgent: strings.Clone(r.UserAgent),
		File:      r.Loc.File,
		Index:     r.Loc.Index,
		Line:      r.Loc.Line,
	}
}

// principal names who made the call: the identity ARN, or the service
// that made it on someone's behalf.
func principal(r *cloudtrail.Record) string {
	switch {
	case r.Identity.ARN != "":
		return r.Identity.ARN
	case r.Identity.InvokedBy != "":
		return r.Identity.InvokedBy
	case r.Identity.PrincipalID != "":
		return r.Identity.PrincipalID
	}
	return r.Identity.Type
}

// Pass is one record given to one check.
type Pass struct {
	Rec *cloudtrail.Record
	// Name is the event name without its API-version suffix.
	Name   string
	Config *Config
	det    *Detection
	out    *[]Alert
}

// Report raises an alert of the check's detection at its usual severity.
func (p *Pass) Report(msg string, ev ...Evidence) {
	p.ReportSev(p.det.Severity, msg, ev...)
}

// ReportSev raises an alert with a severity of its own. Without evidence,
// the current record is the evidence.
func (p *Pass) ReportSev(sev finding.Severity, msg string, ev ...Evidence) {
	if len(ev) == 0 {
		ev = []Evidence{EvidenceOf(p.Rec)}
	}
	*p.out = append(*p.out, Alert{ID: p.det.ID, Title: p.det.Title, Severity: sev, Message: msg, Evidence: ev})
}

// BaseName strips CloudTrail's API-version suffix from an event name:
// UpdateFunctionCode20150331v2 -> UpdateFunctionCode,
// PublishLayerVersion20181031 -> PublishLayerVersion.
func BaseName(name string) string {
	n := len(name)
	if n < 9 || name[n-1] < '0' || name[n-1] > '9' {
		return name
	}
	i := n
	// An optional "v<digits>" after the date.
	for i > 0 && isDigit(name[i-1]) {
		i--
	}
	if i > 0 && name[i-1] == 'v' && n-i <= 2 {
		i--
	} else {
		i = n
	}
	j := i
	for j > 0 && isDigit(name[j-1]) {
		j--
	}
	if i-j != 8 || j == 0 {
		return name
	}
	return name[:j]
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
