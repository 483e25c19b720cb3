package rules

import (
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// REG001 finds resources deployed or referenced outside the intended
// regions.
var REG001 = &rule.Rule{
	ID:       "REG001",
	Title:    "Resource is in a region outside the configured set",
	Severity: finding.Medium,
	Category: "governance",
	Rationale: "Deployments that spread across regions the team did not intend escape the monitoring, " +
		"guardrails and data-residency commitments set up for the intended ones; an attacker who gains deploy " +
		"rights likes unused regions for the same reason.",
	Remediation: "Deploy to the intended regions only, or add the region to `regions` in .slsguard.yaml if it " +
		"is intended. Enforce it with an SCP on aws:RequestedRegion.",
	References: []string{
		"https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html#example-scp-deny-region",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkREG001,
}

func checkREG001(p *rule.Pass) {
	if len(p.Options.Regions) == 0 {
		return
	}
	allowed := map[string]bool{}
	for _, r := range p.Options.Regions {
		allowed[r] = true
	}
	check := func(v model.String, resource, what string, arnOnly bool) {
		region := v.V
		switch {
		case strings.HasPrefix(region, "arn:"):
			region = arnRegion(region)
		case arnOnly:
			// Event sources and layers name their region only in an ARN;
			// other text (a schedule, a route, a logical ID) is not one.
			return
		}
		if !v.Known() || region == "" || strings.Contains(region, "${") || allowed[region] {
			return
		}
		p.Add(rule.Report{Loc: v.Loc, Resource: resource, Key: what + ":" + region,
			Message: what + " of " + resource + " is in region " + region + ", outside " + strings.Join(p.Options.Regions, ", ")})
	}
	check(p.App.Region, p.App.File, "application", false)
	for _, f := range p.App.Functions {
		check(f.Region, f.ID, "function", false)
		for _, l := range f.Layers {
			check(l, f.ID, "layer", true)
		}
		for _, t := range f.Triggers {
			check(t.Source, f.ID, "event source", true)
		}
	}
	for _, s := range p.App.Stores {
		check(s.Region, s.ID, string(s.Kind), false)
	}
}

// arnRegion returns the region field of an ARN.
func arnRegion(arn string) string {
	parts := strings.SplitN(arn, ":", 5)
	if len(parts) < 5 {
		return ""
	}
	return parts[3]
}
