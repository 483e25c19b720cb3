package tf

import (
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

func (b *builder) iamRole(in *instance, p blk) {
	role := &model.Role{ID: in.id(), Name: p.str("name"), Loc: in.r.loc}
	if role.Name.Origin == model.Unset {
		role.Name = model.String{V: in.r.name, Loc: in.r.loc, Origin: model.Defaulted}
	}
	role.Trust = b.policyAttr(p, "assume_role_policy", "")
	for _, arn := range p.strs("managed_policy_arns") {
		b.attachARN(role, arn)
	}
	role.Boundary = p.str("permissions_boundary")
	for _, ip := range p.blocks("inline_policy") {
		name := ip.str("name").Text()
		role.Statements = append(role.Statements, b.policyAttr(ip, "policy", "inline policy "+name)...)
	}
	b.roles[in.id()] = role
	if _, ok := b.roles[in.r.addr]; !ok {
		b.roles[in.r.addr] = role
	}
	b.app.Roles = append(b.app.Roles, role)
}

func (b *builder) iamPolicy(in *instance, p blk) {
	pol := &model.Policy{ID: in.id(), Name: p.str("name"), Loc: in.r.loc}
	pol.Statements = b.policyAttr(p, "policy", "managed policy "+in.id())
	b.policies[in.id()] = pol
	if _, ok := b.policies[in.r.addr]; !ok {
		b.policies[in.r.addr] = pol
	}
	b.app.Policies = append(b.app.Policies, pol)
}

// attachARN attaches a managed policy to a role: the module's own policy
// gives its statements, an AWS-managed one its name.
func (b *builder) attachARN(role *model.Role, arn model.String) {
	if pol, ok := b.policies[arn.RefTarget]; ok {
		role.Statements = append(role.Statements, pol.Statements...)
		pol.Roles = append(pol.Roles, model.String{V: role.ID, Loc: arn.Loc, Origin: model.Explicit})
		return
	}
	role.ManagedPolicies = append(role.ManagedPolicies, arn)
}

// rolePolicy is an inline policy written as its own resource.
func (b *builder) rolePolicy(in *instance, p blk) {
	name := p.str("name")
	pol := &model.Policy{ID: in.id(), Name: name, Loc: in.r.loc}
	pol.Statements = b.policyAttr(p, "policy", "policy "+strings.TrimPrefix(in.id(), "aws_iam_role_policy."))
	b.app.Policies = append(b.app.Policies, pol)
	b.attach(p.str("role"), pol)
}

func (b *builder) attach(ref model.String, pol *model.Policy) {
	role := b.roleFor(ref)
	if role == nil {
		return
	}
	role.Statements = append(role.Statements, pol.Statements...)
	pol.Roles = append(pol.Roles, model.String{V: role.ID, Loc: ref.Loc, Origin: ref.Origin})
}

func (b *builder) rolePolicyAttachment(in *instance, p blk) {
	if role := b.roleFor(p.str("role")); role != nil {
		b.attachARN(role, p.str("policy_arn"))
	}
}

func (b *builder) policyAttachment(in *instance, p blk) {
	arn := p.str("policy_arn")
	for _, r := range p.strs("roles") {
		if role := b.roleFor(r); role != nil {
			b.attachARN(role, arn)
		}
	}
}
