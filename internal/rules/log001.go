package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// LOG001 finds log groups that keep logs forever.
var LOG001 = &rule.Rule{
	ID:       "LOG001",
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
	Check:   checkLOG001,
}

func checkLOG001(p *rule.Pass) {
	for _, s := range p.App.Stores {
		if s.Kind != model.StoreLogGroup || s.Retention.Origin != model.Unset {
			continue
		}
		name := s.ID
		if s.Name.Origin == model.Explicit {
			name = s.Name.Text()
		}
		p.Add(rule.Report{Loc: s.Loc, Resource: s.ID, Key: "retention",
			Message: "log group " + name + " keeps its logs forever (no retention period set)"})
	}
}
