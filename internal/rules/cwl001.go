package rules

import (
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// CWL001 finds log groups that keep logs forever.
var CWL001 = &rule.Rule{
	ID:       "CWL001",
	Title:    "Log group has no retention period",
	Severity: finding.Low,
	Category: "logging",
	Rationale: "Without RetentionInDays, CloudWatch keeps logs forever: function logs that contain personal " +
		"data or leaked secrets stay readable indefinitely, storage cost grows without bound, and data-retention " +
		"obligations are broken by default.",
	Remediation: "Set `RetentionInDays` to what your incident-response and compliance needs require " +
		"(e.g. 90 or 365), and archive to S3 with lifecycle rules if longer retention is needed.",
	References: []string{
		"https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkCWL001,
}

func checkCWL001(p *rule.Pass) {
	for _, s := range p.App.Stores {
		if s.Kind != model.StoreLogGroup || s.Retention.Origin != model.Unset {
			continue
		}
		name := s.ID
		if s.Name.Origin == model.Explicit {
			name = s.Name.Text()
		}
		fn := ""
		for _, f := range p.App.Functions {
			if logGroupOf(s, f) {
				fn = f.ID
				break
			}
		}
		p.Add(rule.Report{Loc: s.Loc, Resource: s.ID, Function: fn, Key: "retention",
			Message: "log group " + name + " keeps its logs forever (no retention period set)"})
	}
	for _, f := range p.App.Functions {
		if hasLogGroup(p.App, f) {
			continue
		}
		p.Add(rule.Report{Loc: f.Loc, Resource: f.ID, Function: f.ID, Key: "implicit-retention",
			Message: "function " + f.ID + " has no log group in the application: Lambda creates /aws/lambda/" +
				f.Name.Text() + " on first invocation, and it keeps logs forever"})
	}
}

// hasLogGroup reports whether the application defines the log group a
// function writes to: named after the function, referring to it, or the
// one its logging configuration names.
func hasLogGroup(app *model.App, f *model.Function) bool {
	for _, s := range app.Stores {
		if s.Kind == model.StoreLogGroup && logGroupOf(s, f) {
			return true
		}
	}
	return false
}

// logGroupOf reports whether log group s is the one function f writes to.
func logGroupOf(s *model.Store, f *model.Function) bool {
	n := s.Name
	switch {
	case n.RefTarget != "" && (n.RefTarget == f.ID || strings.HasSuffix(n.RefTarget, "."+f.ID)):
		return true
	case strings.Contains(n.V, "${"+f.ID+"}") || strings.Contains(n.V, "${"+f.ID+"."):
		return true
	case n.Known() && f.Name.Known() && n.V == "/aws/lambda/"+f.Name.V:
		return true
	case f.LogGroup.V != "" && (n.V == f.LogGroup.V || f.LogGroup.RefTarget == s.ID):
		return true
	}
	return false
}
