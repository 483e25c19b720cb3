package rules

import (
	"sort"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/iam"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// roleIAM is what the IAM rules need to know about one role, computed
// once per application.
type roleIAM struct {
	grants []iam.Grant
	hits   []iam.RiskHit
}

// analyse returns a role's effective grants and the risks they enable.
// The loader has already merged the application's customer managed
// policies into the role's statements.
func analyse(p *rule.Pass, r *model.Role) *roleIAM {
	return p.Memo(r, func() any {
		rp := iam.ForRole(r, boundaryPolicies(r, p.App))
		grants := iam.Effective(rp.Identity, rp.Boundary)
		return &roleIAM{grants: grants, hits: iam.Risks(grants)}
	}).(*roleIAM)
}

// boundaryPolicies returns the application's policies that serve as r's
// permissions boundary. Attached policies are already among the role's
// statements (the loader merges them), so only the boundary is passed on.
func boundaryPolicies(r *model.Role, app *model.App) []*model.Policy {
	if r.Boundary.RefTarget == "" {
		return nil
	}
	for _, pol := range app.Policies {
		if pol.ID == r.Boundary.RefTarget {
			c := *pol
			c.Roles = nil
			return []*model.Policy{&c}
		}
	}
	return nil
}

// grantLoc places a grant where the user wrote it: the statement that
// allows it, or the reference to the AWS managed policy it comes from.
func grantLoc(r *model.Role, g iam.Grant) (model.Location, string) {
	for _, s := range g.Sources {
		if s.Loc.Line > 0 {
			return s.Loc, s.Source
		}
	}
	for _, s := range g.Sources {
		name, ok := strings.CutPrefix(s.Source, "AWS managed policy ")
		if !ok {
			continue
		}
		for _, mp := range r.ManagedPolicies {
			if managedName(mp.V) == name {
				return locOr(mp.Loc, r.Loc), s.Source
			}
		}
	}
	return r.Loc, ""
}

// riskRule builds the rule body shared by the dangerous-grant rules: one
// finding per role and risk of the class.
func riskRule(class string) func(*rule.Pass) {
	return func(p *rule.Pass) {
		functionRoles(p.App, func(r *model.Role, fs []*model.Function) {
			for _, hit := range analyse(p, r).hits {
				if hit.Risk.Class != class {
					continue
				}
				// Grants from service-wide wildcards are IAM001's, which
				// names the risks they carry.
				hit.Grants = notWildcardOnly(notRuntimeOnly(hit.Grants))
				if len(hit.Grants) == 0 {
					continue
				}
				loc, _ := grantLoc(r, hit.Grants[0])
				msg := "role " + r.ID + " (used by " + functionNames(fs) + ") can " + lowerFirst(hit.Risk.Name) +
					": " + grantList(hit.Grants, 4)
				if srcs := sourceList(hit.Grants, 2); srcs != "" {
					msg += " (from " + srcs + ")"
				}
				if hit.Conditional {
					msg += "; only under a condition"
				}
				var sev *finding.Severity
				if hit.Conditional {
					// A condition (iam:PassedToService, a source VPC) often
					// closes the path; say so without raising an alarm.
					sev = rule.Sev(finding.Info)
				}
				p.Add(rule.Report{Loc: loc, Resource: r.ID, Function: fs[0].ID, Key: hit.Risk.ID, Message: msg, Severity: sev})
			}
		})
	}
}

// sourceList names the statements that give grants, at most max of them.
func sourceList(gs []iam.Grant, max int) string {
	seen := map[string]bool{}
	var out []string
	for _, g := range gs {
		for _, s := range g.Sources {
			if s.Source != "" && !seen[s.Source] {
				seen[s.Source] = true
				out = append(out, s.Source)
			}
		}
	}
	sort.Strings(out)
	if len(out) > max {
		out = append(out[:max], itoa(len(out)-max)+" more")
	}
	return strings.Join(out, ", ")
}

// notWildcardOnly drops grants that statements give only through a
// service-wide wildcard (or NotAction).
func notWildcardOnly(gs []iam.Grant) []iam.Grant {
	var out []iam.Grant
	for _, g := range gs {
		action := g.Action.Service + ":" + g.Action.Name
		for _, s := range g.Sources {
			if namedIn(s, action) {
				out = append(out, g)
				break
			}
		}
	}
	return out
}

// namedIn reports whether a statement grants action by a pattern narrower
// than a whole service.
func namedIn(s iam.Statement, action string) bool {
	for _, a := range s.Action {
		if !wildcardAction(a) && iam.MatchAction(a, action) {
			return true
		}
	}
	return false
}

// risksOf names the risks whose grants come from the statement at loc.
func risksOf(p *rule.Pass, r *model.Role, loc model.Location) []string {
	var names []string
	for _, hit := range analyse(p, r).hits {
		if hit.Conditional {
			continue
		}
		for _, g := range hit.Grants {
			found := false
			for _, s := range g.Sources {
				found = found || s.Loc == loc
			}
			if found {
				names = append(names, lowerFirst(hit.Risk.Name))
				break
			}
		}
	}
	return names
}

func grantList(gs []iam.Grant, max int) string {
	seen := map[string]bool{}
	var names []string
	for _, g := range gs {
		n := g.Action.Service + ":" + g.Action.Name
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	sort.Strings(names)
	more := ""
	if len(names) > max {
		more = " and " + itoa(len(names)-max) + " more"
		names = names[:max]
	}
	return strings.Join(names, ", ") + more
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// runtimePolicies are the AWS managed policies Lambda itself needs for a
// function's configuration (logging, VPC networking, tracing, polling its
// event source): their grants are the platform's, not a design choice.
var runtimePolicies = map[string]bool{
	"AWSLambdaBasicExecutionRole":                 true,
	"AWSLambdaVPCAccessExecutionRole":             true,
	"AWSXrayWriteOnlyAccess":                      true,
	"AWSXRayDaemonWriteAccess":                    true,
	"AWSLambdaSQSQueueExecutionRole":              true,
	"AWSLambdaKinesisExecutionRole":               true,
	"AWSLambdaDynamoDBExecutionRole":              true,
	"AWSLambdaMSKExecutionRole":                   true,
	"AWSLambdaENIManagementAccess":                true,
	"CloudWatchLambdaInsightsExecutionRolePolicy": true,
}

// notRuntimeOnly drops grants that only the runtime policies give.
func notRuntimeOnly(gs []iam.Grant) []iam.Grant {
	var out []iam.Grant
	for _, g := range gs {
		for _, s := range g.Sources {
			name, managed := strings.CutPrefix(s.Source, "AWS managed policy ")
			if !managed || !runtimePolicies[name] {
				out = append(out, g)
				break
			}
		}
	}
	return out
}
