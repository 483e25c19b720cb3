package sls

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// sharedRoleID is the role the framework creates for every function that
// names no role of its own.
const sharedRoleID = "IamRoleLambdaExecution"

// role returns a function's Role property: its own role, a role generated
// for it (per-function statements, as the serverless-iam-roles-per-function
// plugin and framework v4 define them), a custom provider role, or the
// shared role.
func (c *compiler) role(key, fn *yaml.Node, id string) *yaml.Node {
	if r := get(fn, "role"); r != nil {
		return roleRef(r)
	}
	stmts := get(fn, "iamRoleStatements")
	managed := get(fn, "iamManagedPolicies")
	if r := path(fn, "iam", "role"); r != nil {
		if r.Kind == yaml.ScalarNode {
			return roleRef(r)
		}
		stmts, managed = orNode(get(r, "statements"), stmts), orNode(get(r, "managedPolicies"), managed)
	}
	if stmts != nil || managed != nil {
		return c.functionRole(key, fn, id, stmts, managed)
	}
	if r := c.providerRole(); r != nil && r.Kind == yaml.ScalarNode {
		return roleRef(r)
	} else if r != nil && r.Kind == yaml.MappingNode && get(r, "statements") == nil && (get(r, "Fn::GetAtt") != nil || get(r, "Ref") != nil) {
		return r
	}
	// An entry (even empty) records that the shared role is used.
	c.roleStatements[sharedRoleID] = c.roleStatements[sharedRoleID]
	return getAtt(sharedRoleID, "Arn", at(key))
}

func orNode(a, b *yaml.Node) *yaml.Node {
	if a != nil {
		return a
	}
	return b
}

// providerRole is provider.iam.role (v3+) or the legacy provider.role.
func (c *compiler) providerRole() *yaml.Node {
	if r := path(c.provider, "iam", "role"); r != nil {
		return r
	}
	return get(c.provider, "role")
}

// roleRef turns a role setting into the Role property: an ARN as is, a
// logical ID as Fn::GetAtt, an intrinsic as written.
func roleRef(r *yaml.Node) *yaml.Node {
	if r.Kind != yaml.ScalarNode || customTag(r.Tag) || strings.HasPrefix(r.Value, "arn:") || strings.Contains(r.Value, "${") {
		return r
	}
	return getAtt(r.Value, "Arn", at(r))
}

// sharedRole generates IamRoleLambdaExecution when a function uses it,
// with provider.iam.role.statements / managedPolicies (or the legacy
// iamRoleStatements / iamManagedPolicies).
func (c *compiler) sharedRole() {
	extra, used := c.roleStatements[sharedRoleID]
	if !used {
		return
	}
	p := at(keyNode(c.root, "provider"))
	stmts := get(c.provider, "iamRoleStatements")
	managed := get(c.provider, "iamManagedPolicies")
	boundary := get(c.provider, "rolePermissionsBoundary")
	var name *yaml.Node
	if r := path(c.provider, "iam", "role"); r != nil && r.Kind == yaml.MappingNode {
		p = at(keyNode(get(c.provider, "iam"), "role"))
		stmts, managed = orNode(get(r, "statements"), stmts), orNode(get(r, "managedPolicies"), managed)
		boundary, name = orNode(get(r, "permissionsBoundary"), boundary), get(r, "name")
	} else if k := keyNode(c.provider, "iamRoleStatements"); k != nil {
		p = at(k)
	}
	if name == nil {
		name = str(c.service+"-"+c.stage+"-"+c.region+"-lambdaRole", p)
	}
	all := append(c.logStatements(p, c.service+"-"+c.stage+"*"), statementList(stmts)...)
	all = append(all, extra...)
	c.addRole(sharedRoleID, p, name, all, c.managedPolicies(managed, p, true), boundary)
}

// functionRole generates a role for one function, as the per-function
// roles plugin does; iamRoleStatementsInherit adds the provider's
// statements.
func (c *compiler) functionRole(key, fn *yaml.Node, id string, stmts, managed *yaml.Node) *yaml.Node {
	p := at(key)
	if k := keyNode(fn, "iamRoleStatements"); k != nil {
		p = at(k)
	} else if k := keyNode(get(fn, "iam"), "role"); k != nil {
		p = at(k)
	}
	roleID := normalize(key.Value) + sharedRoleID
	c.roleStatements[roleID] = nil
	c.perFunctionRoles[roleID] = true
	fnName := c.service + "-" + c.stage + "-" + key.Value
	all := append(c.logStatements(p, fnName), statementList(stmts)...)
	inherit := get(fn, "iamRoleStatementsInherit")
	if inherit == nil {
		inherit = path(c.root, "custom", "serverless-iam-roles-per-function", "defaultInherit")
	}
	if truthy(inherit) {
		all = append(all, statementList(orNode(path(c.provider, "iam", "role", "statements"), get(c.provider, "iamRoleStatements")))...)
	}
	name := get(fn, "iamRoleStatementsName")
	if name == nil {
		name = str(fnName+"-"+c.region+"-lambdaRole", p)
	}
	vpc := c.setting(fn, "vpc") != nil
	// The statements events add (queues, streams) are appended when the
	// events are compiled; the role is finished in finishAPIs.
	c.pendingRoles = append(c.pendingRoles, pendingRole{id: roleID, p: p, name: name, stmts: all, managed: c.managedPolicies(managed, p, vpc)})
	return getAtt(roleID, "Arn", p)
}

type pendingRole struct {
	id      string
	p       pos
	name    *yaml.Node
	stmts   []*yaml.Node
	managed *yaml.Node
}

// logStatements are the CloudWatch Logs permissions every generated role
// gets, scoped to the service's log groups.
func (c *compiler) logStatements(p pos, prefix string) []*yaml.Node {
	group := "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/" + prefix
	return []*yaml.Node{
		obj(p, "Effect", "Allow", "Action", []string{"logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource"},
			"Resource", seq(p, sub(group+":*", p))),
		obj(p, "Effect", "Allow", "Action", []string{"logs:PutLogEvents"}, "Resource", seq(p, sub(group+":*:*", p))),
	}
}

func statementList(n *yaml.Node) []*yaml.Node {
	var out []*yaml.Node
	for _, s := range items(n) {
		// Lists of statements included from files may nest.
		if s.Kind == yaml.SequenceNode {
			out = append(out, statementList(s)...)
			continue
		}
		out = append(out, s)
	}
	return out
}

// managedPolicies lists the role's managed policy ARNs, adding the VPC
// access policy the framework attaches to roles of functions in a VPC.
func (c *compiler) managedPolicies(managed *yaml.Node, p pos, vpc bool) *yaml.Node {
	out := seq(p)
	for _, m := range items(managed) {
		out.Content = append(out.Content, m)
	}
	if vpc && c.anyVPC() {
		out.Content = append(out.Content, str("arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole", p))
	}
	if len(out.Content) == 0 {
		return nil
	}
	return out
}

func (c *compiler) anyVPC() bool {
	if get(c.provider, "vpc") != nil {
		return true
	}
	for _, fl := range functionLists(get(c.root, "functions")) {
		for _, kv := range pairs(fl) {
			if get(kv[1], "vpc") != nil {
				return true
			}
		}
	}
	return false
}

func (c *compiler) addRole(id string, p pos, name *yaml.Node, stmts []*yaml.Node, managed, boundary *yaml.Node) {
	trust := obj(p, "Version", "2012-10-17", "Statement", seq(p, obj(p, "Effect", "Allow",
		"Principal", obj(p, "Service", []string{"lambda.amazonaws.com"}), "Action", []string{"sts:AssumeRole"})))
	policy := obj(p, "PolicyName", sub(c.service+"-"+c.stage+"-lambda", p),
		"PolicyDocument", obj(p, "Version", "2012-10-17", "Statement", seq(p, stmts...)))
	props := obj(p, "AssumeRolePolicyDocument", trust, "Policies", seq(p, policy), "Path", "/",
		"RoleName", name, "ManagedPolicyArns", managed, "PermissionsBoundary", boundary)
	c.add(id, p, "AWS::IAM::Role", props)
}

// grantForEvent adds the permissions the framework gives a function's
// generated role for a poll-based event source.
func (c *compiler) grantForEvent(role *yaml.Node, p pos, actions []string, resource *yaml.Node) {
	id := roleTarget(role)
	if _, ok := c.roleStatements[id]; !ok {
		return
	}
	c.roleStatements[id] = append(c.roleStatements[id], obj(p, "Effect", "Allow", "Action", actions, "Resource", seq(p, resource)))
}

// roleTarget returns the logical ID in a Fn::GetAtt role reference.
func roleTarget(role *yaml.Node) string {
	if ga := get(role, "Fn::GetAtt"); ga != nil && len(ga.Content) > 0 {
		return ga.Content[0].Value
	}
	return ""
}

// finishRoles adds the per-function roles once their events are known.
func (c *compiler) finishRoles() {
	for _, r := range c.pendingRoles {
		c.addRole(r.id, r.p, r.name, append(r.stmts, c.roleStatements[r.id]...), r.managed, nil)
	}
}
