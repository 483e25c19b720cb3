package iam

import (
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

// Statement is one policy statement reduced to what evaluation needs.
// Action, NotAction, Resource and NotResource hold the patterns as written;
// unresolved template values keep their ${...} placeholders.
type Statement struct {
	Effect      string // "Allow" or "Deny"
	Action      []string
	NotAction   []string
	Resource    []string
	NotResource []string
	// Conditions is true when the statement has a Condition block: whether
	// it applies depends on the request.
	Conditions bool
	// Source says where the statement came from, e.g. "AWS managed policy
	// AWSLambdaBasicExecutionRole" or "inline policy".
	Source string
	Loc    model.Location
}

// Allow reports whether the statement's effect is Allow.
func (s *Statement) Allow() bool { return strings.EqualFold(s.Effect, "Allow") }

// Deny reports whether the statement's effect is Deny.
func (s *Statement) Deny() bool { return strings.EqualFold(s.Effect, "Deny") }

// FromModel converts a statement of the application model.
func FromModel(st *model.Statement) Statement {
	return Statement{
		Effect:      st.Effect.V,
		Action:      values(st.Action),
		NotAction:   values(st.NotAction),
		Resource:    values(st.Resource),
		NotResource: values(st.NotResource),
		Conditions:  len(st.Condition) > 0,
		Source:      st.Source,
		Loc:         st.Loc,
	}
}

func values(vs []model.String) []string {
	if len(vs) == 0 {
		return nil
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.V
		if v.Origin != model.Unresolved || strings.Contains(v.V, "${") {
			continue
		}
		// An unresolved value without placeholders (a Terraform reference,
		// an import) must stay symbolic: as literal text it could match or
		// cover real ARNs by accident.
		text := v.V
		if text == "" {
			text = v.Symbol
		}
		out[i] = "${" + text + "}"
	}
	return out
}

// RolePolicies is a role's permissions gathered from the model, ready for
// Effective and Allowed.
type RolePolicies struct {
	Identity []Statement
	// Boundary is nil when the role has no permissions boundary or when it
	// could not be resolved (then Unresolved names it).
	Boundary []Statement
	// Unresolved lists managed policies (and the boundary) whose statements
	// are unknown: customer policies defined outside the application,
	// references that could not be evaluated, misspelled AWS policy names.
	Unresolved []model.String
}

// ForRole collects a role's statements: its inline statements, the AWS
// managed policies it attaches, the application's customer managed
// policies attached to it (by the policy's Roles or by reference from the
// role), and its permissions boundary.
func ForRole(role *model.Role, policies []*model.Policy) RolePolicies {
	var rp RolePolicies
	for _, st := range role.Statements {
		rp.Identity = append(rp.Identity, FromModel(st))
	}
	attached := map[*model.Policy]bool{}
	for _, p := range policies {
		for _, r := range p.Roles {
			if r.V == role.ID || r.RefTarget == role.ID || (role.Name.V != "" && r.V == role.Name.V) {
				attached[p] = true
			}
		}
	}
	for _, m := range role.ManagedPolicies {
		sts, ok := policyStatements(m, policies, attached)
		if !ok {
			rp.Unresolved = append(rp.Unresolved, m)
			continue
		}
		rp.Identity = append(rp.Identity, sts...)
	}
	for _, p := range policies {
		if attached[p] {
			rp.Identity = append(rp.Identity, customerStatements(p)...)
		}
	}
	if role.Boundary.V != "" || role.Boundary.Origin == model.Unresolved {
		sts, ok := policyStatements(role.Boundary, policies, map[*model.Policy]bool{})
		if ok {
			rp.Boundary = sts
			if rp.Boundary == nil {
				rp.Boundary = []Statement{}
			}
		} else {
			rp.Unresolved = append(rp.Unresolved, role.Boundary)
		}
	}
	return rp
}

// policyStatements resolves one policy reference. A customer policy found
// this way is marked in seen so that it is not added twice.
func policyStatements(ref model.String, policies []*model.Policy, seen map[*model.Policy]bool) ([]Statement, bool) {
	for _, p := range policies {
		if ref.RefTarget == p.ID || (ref.Origin != model.Unresolved && ref.V != "" && (ref.V == p.ID || ref.V == p.Name.V)) {
			if seen[p] {
				return nil, true
			}
			seen[p] = true
			return customerStatements(p), true
		}
	}
	if ref.Origin == model.Unresolved && !strings.HasPrefix(ref.V, "arn:") {
		return nil, false
	}
	sts, ok := ManagedPolicy(ref.V)
	if !ok {
		return nil, false
	}
	for i := range sts {
		sts[i].Loc = ref.Loc
	}
	return sts, true
}

func customerStatements(p *model.Policy) []Statement {
	out := make([]Statement, 0, len(p.Statements))
	for _, st := range p.Statements {
		s := FromModel(st)
		if s.Source == "" {
			s.Source = "policy " + p.ID
		}
		out = append(out, s)
	}
	return out
}
