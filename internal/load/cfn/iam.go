package cfn

import (
	"sort"
	"strconv"

	"github.com/slsguard/slsguard/internal/load/cfn/sampolicy"
	"github.com/slsguard/slsguard/internal/model"
)

func (b *builder) iamRole(r *resource) {
	p := b.properties(r)
	role := &model.Role{ID: r.id, Name: p.get("RoleName").str(), Loc: r.loc}
	if role.Name.Origin == model.Unset {
		role.Name = model.String{V: r.id, Loc: r.loc, Origin: model.Defaulted}
	}
	role.Trust = b.statements(p.get("AssumeRolePolicyDocument"), "")
	role.ManagedPolicies = b.managedRefs(role, p.get("ManagedPolicyArns"))
	role.Boundary = p.get("PermissionsBoundary").str()
	for _, pol := range p.get("Policies").items() {
		name := pol.get("PolicyName").str().V
		role.Statements = append(role.Statements, b.statements(pol.get("PolicyDocument"), "inline policy "+name)...)
	}
	b.roles[r.id] = role
	b.app.Roles = append(b.app.Roles, role)
}

// managedRefs separates ManagedPolicyArns into AWS-managed policy names and
// references to the template's own managed policies, whose statements are
// added to the role.
func (b *builder) managedRefs(role *model.Role, arns *val) []model.String {
	var out []model.String
	for _, a := range arns.items() {
		s := a.str()
		if pol, ok := b.policies[s.RefTarget]; ok {
			role.Statements = append(role.Statements, pol.Statements...)
			pol.Roles = append(pol.Roles, model.String{V: role.ID, Loc: s.Loc, Origin: model.Explicit})
			continue
		}
		out = append(out, s)
	}
	return out
}

func (b *builder) managedPolicy(r *resource) {
	p := b.properties(r)
	pol := &model.Policy{ID: r.id, Name: p.get("ManagedPolicyName").str(), Loc: r.loc}
	pol.Statements = b.statements(p.get("PolicyDocument"), "managed policy "+r.id)
	b.policies[r.id] = pol
	b.app.Policies = append(b.app.Policies, pol)
	// Roles listed on the policy get its statements once they exist; roles
	// come first in the phase order, but a policy may precede its role in
	// the file, so attach after all identities are built.
	for _, rr := range p.get("Roles").items() {
		b.attachLater(rr.str(), pol)
	}
}

func (b *builder) inlinePolicy(r *resource) {
	p := b.properties(r)
	name := p.get("PolicyName").str().V
	pol := &model.Policy{ID: r.id, Name: p.get("PolicyName").str(), Loc: r.loc}
	pol.Statements = b.statements(p.get("PolicyDocument"), "policy "+name)
	b.app.Policies = append(b.app.Policies, pol)
	for _, rr := range p.get("Roles").items() {
		b.attach(rr.str(), pol)
	}
}

// rolePolicy reads AWS::IAM::RolePolicy, an inline policy of one role.
func (b *builder) rolePolicy(r *resource) {
	p := b.properties(r)
	name := p.get("PolicyName").str()
	pol := &model.Policy{ID: r.id, Name: name, Loc: r.loc}
	pol.Statements = b.statements(p.get("PolicyDocument"), "policy "+name.V)
	b.app.Policies = append(b.app.Policies, pol)
	b.attach(p.get("RoleName").str(), pol)
}

// attachLater attaches a managed policy to a role now if the role exists,
// or once every identity is built (a policy may precede its role).
func (b *builder) attachLater(ref model.String, pol *model.Policy) {
	if _, ok := b.roles[ref.RefTarget]; ok {
		b.attach(ref, pol)
		return
	}
	b.pendingAttach = append(b.pendingAttach, pendingPolicy{ref, pol})
}

type pendingPolicy struct {
	ref model.String
	pol *model.Policy
}

func (b *builder) attach(ref model.String, pol *model.Policy) {
	role := b.roleFor(ref)
	if role == nil {
		return
	}
	role.Statements = append(role.Statements, pol.Statements...)
	pol.Roles = append(pol.Roles, model.String{V: role.ID, Loc: ref.Loc, Origin: ref.Origin})
}

// statements reads a policy document's Statement list.
func (b *builder) statements(doc *val, source string) []*model.Statement {
	var out []*model.Statement
	for _, s := range doc.get("Statement").items() {
		if s.k != kMap {
			b.problem(s.loc, "policy statement is not a mapping")
			continue
		}
		st := &model.Statement{
			Loc:         s.loc,
			Source:      source,
			Sid:         s.get("Sid").str(),
			Effect:      s.get("Effect").str(),
			Action:      s.get("Action").strs(),
			NotAction:   s.get("NotAction").strs(),
			Resource:    s.get("Resource").strs(),
			NotResource: s.get("NotResource").strs(),
		}
		st.Principal = principals(s.get("Principal"))
		st.NotPrincipal = principals(s.get("NotPrincipal"))
		st.Condition = conditions(s.get("Condition"))
		out = append(out, st)
	}
	return out
}

func principals(v *val) []model.Principal {
	if v == nil {
		return nil
	}
	if v.k == kScalar {
		return []model.Principal{{Type: "*", ID: v.str()}}
	}
	var out []model.Principal
	for _, p := range v.pairs {
		for _, id := range p.v.strs() {
			out = append(out, model.Principal{Type: p.key, ID: id})
		}
	}
	return out
}

func conditions(v *val) []model.Condition {
	if v == nil || v.k != kMap {
		return nil
	}
	var out []model.Condition
	for _, op := range v.pairs {
		for _, k := range op.v.pairs {
			out = append(out, model.Condition{Operator: op.key, Key: k.key, Values: k.v.strs(), Loc: k.keyLoc})
		}
	}
	return out
}

// samPolicies reads a SAM function's Policies in its three forms: managed
// policy names or ARNs, inline policy documents, and policy templates.
func (b *builder) samPolicies(role *model.Role, pols *val) {
	for _, it := range pols.items() {
		switch {
		case it.k == kScalar:
			s := it.str()
			if pol, ok := b.policies[s.RefTarget]; ok {
				role.Statements = append(role.Statements, pol.Statements...)
				pol.Roles = append(pol.Roles, model.String{V: role.ID, Loc: s.Loc, Origin: model.Explicit})
				continue
			}
			role.ManagedPolicies = append(role.ManagedPolicies, s)
		case it.k == kMap && it.get("Statement") != nil:
			role.Statements = append(role.Statements, b.statements(it, "inline policy")...)
		case it.k == kMap && len(it.pairs) == 1:
			role.Statements = append(role.Statements, b.policyTemplate(it.pairs[0])...)
		default:
			b.problem(it.loc, "a Policies entry is neither a policy name, a policy document nor a policy template")
		}
	}
}

// policyTemplate expands a SAM policy template to the statements SAM
// generates, with the user's parameters substituted.
func (b *builder) policyTemplate(p pair) []*model.Statement {
	t, ok := sampolicy.Lookup(p.key)
	if !ok {
		b.problem(p.keyLoc, "unknown SAM policy template %s", p.key)
		return nil
	}
	scope := map[string]*val{}
	for _, name := range t.Parameters {
		v := p.v.get(name)
		if v == nil {
			b.problem(p.keyLoc, "SAM policy template %s needs parameter %s", p.key, name)
			v = b.ev.unresolved(p.keyLoc, "the missing parameter "+name, "", "")
		}
		scope[name] = v
	}
	prev := b.ev.scope
	b.ev.scope = scope
	defer func() { b.ev.scope = prev }()
	var out []*model.Statement
	for _, raw := range t.Statements {
		doc := &val{k: kMap, loc: p.keyLoc, pairs: []pair{{key: "Statement", keyLoc: p.keyLoc, v: fromAny(raw, p.keyLoc, 0)}}}
		out = append(out, b.statements(b.ev.eval(doc), "SAM policy template "+p.key)...)
	}
	var args []model.Arg
	for _, a := range p.v.pairs {
		args = append(args, model.Arg{Name: model.Str(a.key, a.keyLoc), Value: a.v.str()})
	}
	for _, st := range out {
		st.Loc = p.keyLoc
		st.Template = p.key
		st.TemplateArgs = args
	}
	return out
}

// fromAny converts decoded JSON into a value tree placed at loc.
func fromAny(x any, loc model.Location, depth int) *val {
	if depth > maxDepth {
		return &val{k: kNull, loc: loc}
	}
	switch t := x.(type) {
	case string:
		return scalar(t, loc)
	case bool:
		if t {
			return scalar("true", loc)
		}
		return scalar("false", loc)
	case float64:
		return scalar(strconv.FormatFloat(t, 'f', -1, 64), loc)
	case []any:
		v := &val{k: kList, loc: loc}
		for _, e := range t {
			v.list = append(v.list, fromAny(e, loc, depth+1))
		}
		return v
	case map[string]any:
		v := &val{k: kMap, loc: loc}
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v.pairs = append(v.pairs, pair{key: k, keyLoc: loc, v: fromAny(t[k], loc, depth+1)})
		}
		return v
	}
	return &val{k: kNull, loc: loc}
}
