package policy

import (
	"regexp"
	"slices"
	"strings"

	"github.com/slsguard/slsguard/internal/iam"
	"github.com/slsguard/slsguard/internal/model"
)

// runtimePolicies are the AWS managed policies Lambda needs for a
// function's configuration; their grants are compared with the runtime's
// needs, not the code's.
var runtimePolicies = map[string]bool{
	"AWSLambdaBasicExecutionRole": true, "AWSLambdaVPCAccessExecutionRole": true, "AWSXrayWriteOnlyAccess": true,
	"AWSXRayDaemonWriteAccess": true, "AWSLambdaSQSQueueExecutionRole": true, "AWSLambdaKinesisExecutionRole": true,
	"AWSLambdaDynamoDBExecutionRole": true, "AWSLambdaMSKExecutionRole": true, "AWSLambdaENIManagementAccess": true,
	"CloudWatchLambdaInsightsExecutionRolePolicy": true,
}

// RoleGrants returns a role's effective grants without those only the
// runtime policies give, and the managed policies whose content is
// unknown.
func RoleGrants(app *model.App, r *model.Role) ([]iam.Grant, []string) {
	rp := iam.ForRole(r, boundary(app, r))
	var out []iam.Grant
	for _, g := range iam.Effective(rp.Identity, rp.Boundary) {
		if lambdaLogs(g) {
			continue
		}
		for _, s := range g.Sources {
			name, managed := strings.CutPrefix(s.Source, "AWS managed policy ")
			if !managed || !runtimePolicies[name] {
				out = append(out, g)
				break
			}
		}
	}
	var unknown []string
	for _, u := range rp.Unresolved {
		unknown = append(unknown, u.Text())
	}
	return out, unknown
}

// pollerActions are what Lambda's event source mappings do with the
// function's role. A mapping may be created outside the application (by
// another stack, by hand), so these grants are never called unused.
var pollerActions = map[string]bool{
	"dynamodb:GetRecords": true, "dynamodb:GetShardIterator": true, "dynamodb:DescribeStream": true, "dynamodb:ListStreams": true,
	"kinesis:GetRecords": true, "kinesis:GetShardIterator": true, "kinesis:DescribeStream": true, "kinesis:DescribeStreamSummary": true,
	"kinesis:ListShards": true, "kinesis:ListStreams": true, "kinesis:SubscribeToShard": true,
	"sqs:ReceiveMessage": true, "sqs:DeleteMessage": true, "sqs:GetQueueAttributes": true,
}

// codeGenerated reports whether the deployment tool writes the role's
// policy from the code's calls (Chalice's autogen_policy).
func codeGenerated(r *model.Role) bool {
	for _, st := range r.Statements {
		if strings.Contains(st.Source, "autogen_policy") {
			return true
		}
	}
	return false
}

// lambdaLogs reports whether a grant is on Lambda's own log groups, which
// the runtime writes to (the Serverless Framework's default statement).
func lambdaLogs(g iam.Grant) bool {
	return g.Action.Service == "logs" && strings.Contains(g.Resource, ":log-group:/aws/lambda/")
}

// EffectiveGrants returns every effective grant of a role, those of the
// runtime's managed policies included.
func EffectiveGrants(app *model.App, r *model.Role) []iam.Grant {
	rp := iam.ForRole(r, boundary(app, r))
	return iam.Effective(rp.Identity, rp.Boundary)
}

// boundary returns the application's policy that is r's permissions
// boundary.
func boundary(app *model.App, r *model.Role) []*model.Policy {
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

// compare fills the grants, unused grants, missing needs and counts.
func (a *Analysis) compare(app *model.App) {
	a.app = app
	a.Grants, a.Unused, a.Missing = nil, nil, nil
	a.Granted, a.UnusedActions, a.OverPermission = 0, 0, 0
	r := a.Function.Role
	if r == nil {
		return
	}
	a.Role = r.ID
	grants, unknown := RoleGrants(app, r)
	a.Grants = grants
	for _, u := range unknown {
		a.Partial = appendOnce(a.Partial, "policy "+u+" is not known")
	}
	partialSvc := map[string]bool{}
	for _, u := range a.Unresolved {
		partialSvc[u.Service] = true
	}
	granted, unused := map[string]bool{}, map[string]bool{}
	for _, g := range grants {
		act := g.Action.String()
		granted[act] = true
		if !a.uses(g) {
			a.Unused = append(a.Unused, g)
			unused[act] = true
		}
	}
	for _, g := range grants {
		if a.uses(g) {
			delete(unused, g.Action.String())
		}
	}
	a.Granted, a.UnusedActions = len(granted), len(unused)
	if a.Granted > 0 {
		a.OverPermission = float64(a.UnusedActions) / float64(a.Granted)
	}
	switch {
	case r.External:
		a.Partial = appendOnce(a.Partial, "role "+r.ID+" is defined outside the application: its grants are not known")
		return
	case codeGenerated(r):
		// Chalice adds the actions of the code's boto3 calls at deploy.
		return
	case len(unknown) > 0:
		return
	}
	rp := iam.ForRole(r, boundary(app, r))
	all := iam.Effective(rp.Identity, rp.Boundary)
	// The runtime's needs are left out: roles grant them under log group
	// and stack names only deployment knows, and the runtime policies
	// are the platform's concern.
	for _, n := range a.Needs {
		if observed(n) || n.Implicit {
			continue // it succeeded, or the platform grants it
		}
		if !a.allowed(rp, all, n) {
			a.Missing = append(a.Missing, n)
		}
	}
}

// uses reports whether a need of the function falls under the grant. The
// runtime's needs (polling a stream, network interfaces) use any grant of
// their actions.
func (a *Analysis) uses(g iam.Grant) bool {
	act := g.Action.String()
	if pollerActions[act] {
		return true
	}
	for _, n := range a.Runtime {
		if strings.EqualFold(n.Action, act) {
			return true
		}
	}
	for _, n := range a.Needs {
		if !strings.EqualFold(n.Action, act) {
			continue
		}
		if resourceMatch(a.app, g.Resource, n.Resource) || strings.HasSuffix(n.Resource, "/*") && resourceMatch(a.app, n.Resource, g.Resource) {
			return true
		}
		// An observed ARN is concrete; the grant's template values
		// (${Table}) stand for names only deployment knows.
		if observed(n) && iam.MatchARN(placeholders.ReplaceAllString(g.Resource, "*"), n.Resource) {
			return true
		}
	}
	return false
}

// allowed reports whether the role allows a need. A need whose resource
// is unknown is allowed when any grant gives the action.
func (a *Analysis) allowed(rp iam.RolePolicies, all []iam.Grant, n Need) bool {
	if n.Resource != "*" {
		ok, _ := iam.Allowed(rp.Identity, rp.Boundary, n.Action, n.Resource)
		if ok {
			return true
		}
	}
	for _, g := range all {
		if !strings.EqualFold(g.Action.String(), n.Action) || excepted(a.app, g, n) {
			continue
		}
		// An object of unknown key (bucket/*) is some object: a grant on
		// part of the bucket may well be the part the code uses.
		if resourceMatch(a.app, g.Resource, n.Resource) || strings.HasSuffix(n.Resource, "/*") && resourceMatch(a.app, n.Resource, g.Resource) {
			return true
		}
	}
	return false
}

// Judged reports whether the code's use of a service is fully known: no
// unresolved call, unread import or AWS-calling library may be a call of
// that service.
func (a *Analysis) Judged(service string) bool {
	return !a.opaque["*"] && !a.opaque[service]
}

// ReportableUnused returns the unused actions of the services whose use is
// fully known.
func (a *Analysis) ReportableUnused() []string {
	var out []string
	for _, act := range a.UnusedActionNames() {
		svc, _, _ := strings.Cut(act, ":")
		if a.Judged(svc) {
			out = append(out, act)
		}
	}
	return out
}

// placeholders matches template values in a pattern.
var placeholders = regexp.MustCompile(`\$\{[^}]*\}`)

// observed reports whether a need comes from CloudTrail.
func observed(n Need) bool {
	return len(n.Why) > 0 && strings.HasPrefix(n.Why[0], "CloudTrail ")
}

// excepted reports whether a need falls in a resource a grant carves out.
func excepted(app *model.App, g iam.Grant, n Need) bool {
	for _, e := range g.Except {
		if n.Resource != "*" && resourceMatch(app, e, n.Resource) {
			return true
		}
	}
	return false
}

func appendOnce(ss []string, s string) []string {
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	return append(ss, s)
}

// UnusedActionNames returns the granted actions that no need uses on any
// resource, sorted.
func (a *Analysis) UnusedActionNames() []string {
	used := map[string]bool{}
	for _, g := range a.Grants {
		if a.uses(g) {
			used[g.Action.String()] = true
		}
	}
	var out []string
	for _, g := range a.Unused {
		if act := g.Action.String(); !used[act] {
			out = appendOnce(out, act)
		}
	}
	slices.Sort(out)
	return out
}
