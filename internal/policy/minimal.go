package policy

import (
	"slices"
	"strings"

	"github.com/slsguard/slsguard/internal/load/cfn/sampolicy"
)

// Statement is one Allow statement of a generated policy.
type Statement struct {
	Actions   []string `json:"actions"`
	Resources []string `json:"resources"`
	// Runtime is set for statements that serve Lambda itself (logging,
	// VPC, tracing, polling), which SAM adds on its own.
	Runtime bool     `json:"runtime,omitempty"`
	Why     []string `json:"why,omitempty"`
	Notes   []string `json:"notes,omitempty"`
	// Targets are the template resources of Resources.
	Targets []string `json:"-"`
}

// Minimal returns the least-privilege policy of the function: its needs
// and the runtime's, actions grouped by resource and resources with the
// same actions merged.
func (a *Analysis) Minimal() []Statement {
	var out []Statement
	out = append(out, group(a.Needs, false)...)
	out = append(out, group(a.Runtime, true)...)
	slices.SortStableFunc(out, func(x, y Statement) int {
		return strings.Compare(x.Actions[0]+"|"+x.Resources[0], y.Actions[0]+"|"+y.Resources[0])
	})
	return out
}

func group(needs []Need, runtime bool) []Statement {
	byRes := map[string]*Statement{}
	var order []string
	for _, n := range needs {
		s, ok := byRes[n.Resource]
		if !ok {
			s = &Statement{Resources: []string{n.Resource}, Runtime: runtime}
			if n.Target != "" {
				s.Targets = []string{n.Target}
			}
			byRes[n.Resource] = s
			order = append(order, n.Resource)
		}
		s.Actions = append(s.Actions, n.Action)
		s.Why = append(s.Why, n.Why...)
		if n.Note != "" {
			s.Notes = append(s.Notes, n.Note)
		}
	}
	var out []Statement
	for _, r := range order {
		s := byRes[r]
		slices.Sort(s.Actions)
		s.Actions = slices.Compact(s.Actions)
		slices.Sort(s.Why)
		s.Why = slices.Compact(s.Why)
		slices.Sort(s.Notes)
		s.Notes = slices.Compact(s.Notes)
		if k := slices.IndexFunc(out, func(o Statement) bool { return slices.Equal(o.Actions, s.Actions) }); k >= 0 {
			out[k].Resources = append(out[k].Resources, s.Resources...)
			out[k].Targets = append(out[k].Targets, s.Targets...)
			out[k].Why = append(out[k].Why, s.Why...)
			out[k].Notes = append(out[k].Notes, s.Notes...)
			continue
		}
		out = append(out, *s)
	}
	return out
}

// samArgs says how a SAM policy template parameter takes a template
// resource.
var samArgs = map[string]string{
	"TableName": "!Ref %s", "BucketName": "!Ref %s", "QueueName": "!GetAtt %s.QueueName",
	"TopicName": "!GetAtt %s.TopicName", "SecretArn": "!Ref %s", "FunctionName": "!Ref %s",
	"StreamName": "!Ref %s", "StateMachineName": "!GetAtt %s.Name", "ParameterName": "!Ref %s",
}

// SAMTemplate returns the SAM policy template that grants exactly the
// statement's actions on its one template resource, with its argument.
func SAMTemplate(s Statement) (name, param, arg string, ok bool) {
	if len(s.Targets) != 1 || len(s.Resources) != 1 {
		return "", "", "", false
	}
	for _, n := range sampolicy.Names() {
		t, _ := sampolicy.Lookup(n)
		if len(t.Parameters) != 1 || samArgs[t.Parameters[0]] == "" {
			continue
		}
		if slices.Equal(templateActions(t.Statements), s.Actions) {
			return n, t.Parameters[0], strings.ReplaceAll(samArgs[t.Parameters[0]], "%s", s.Targets[0]), true
		}
	}
	return "", "", "", false
}

// templateActions collects the actions of a SAM template's statements.
func templateActions(sts []any) []string {
	var out []string
	for _, st := range sts {
		m, ok := st.(map[string]any)
		if !ok {
			continue
		}
		switch a := m["Action"].(type) {
		case string:
			out = append(out, a)
		case []any:
			for _, x := range a {
				if s, ok := x.(string); ok {
					out = append(out, s)
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
