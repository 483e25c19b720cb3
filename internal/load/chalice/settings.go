package chalice

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/slsguard/slsguard/internal/model"
	yaml "go.yaml.in/yaml/v3"
)

// configure applies the configuration settings of one function.
func (b *builder) configure(f *model.Function, name string, loc model.Location) {
	c := b.cfg
	f.Timeout = defaulted(defaultTimeout, loc)
	if v, ok := c.integer(c.lookup("lambda_timeout", name)); ok {
		f.Timeout = v
	}
	f.Memory = defaulted(defaultMemory, loc)
	if v, ok := c.integer(c.lookup("lambda_memory_size", name)); ok {
		f.Memory = v
	}
	if v, ok := c.integer(c.lookup("reserved_concurrency", name)); ok {
		f.ReservedConcurrency = v
	}
	f.Env = c.env(name)
	f.Layers = c.strs(c.lookup("layers", name))
	subnets, groups := c.lookup("subnet_ids", name), c.lookup("security_group_ids", name)
	if subnets != nil || groups != nil {
		vloc := loc
		if subnets != nil {
			vloc = c.loc(subnets)
		}
		f.VPC = &model.VPC{Loc: vloc, SubnetIDs: c.strs(subnets), SecurityGroups: c.strs(groups)}
	}
	if x, ok := c.boolean(c.lookup("xray", name)); ok {
		f.Tracing = model.String{V: "PassThrough", Loc: x.Loc, Origin: model.Explicit}
		if x.V {
			f.Tracing.V = "Active"
		}
	}
	f.Role, f.RoleRef = b.role(name, loc)
}

// role returns the function's execution role: the one named by
// iam_role_arn when manage_iam_role is false, else the role Chalice
// creates, with the policy it generates from the code (autogen_policy)
// or the policy file.
func (b *builder) role(name string, loc model.Location) (*model.Role, model.String) {
	c := b.cfg
	if manage, ok := c.boolean(c.lookup("manage_iam_role", name)); ok && !manage.V {
		arn := c.str(c.lookup("iam_role_arn", name))
		if arn.Origin == model.Unset {
			b.problem(manage.Loc, "manage_iam_role is false but no iam_role_arn is given")
			return nil, model.String{}
		}
		key := arn.V + "|" + arn.Symbol
		if r := b.roles[key]; r != nil {
			return r, arn
		}
		id := arn.V
		if id == "" {
			id = "ExternalRole"
		}
		r := &model.Role{ID: id, Name: model.String{V: arnName(arn.V), Loc: arn.Loc, Origin: arn.Origin, Symbol: arn.Symbol},
			ARN: arn, Loc: arn.Loc, External: true}
		return b.addRole(key, r), arn
	}
	autogen := true
	if a, ok := c.boolean(c.lookup("autogen_policy", name)); ok {
		autogen = a.V
	}
	file := c.str(c.lookup("iam_policy_file", name))
	if file.V == "" {
		file = defaulted("policy-"+c.stage+".json", loc)
	}
	// Chalice shares one role among functions whose policy settings are
	// the same, and gives a function with its own settings its own role.
	id, roleName := "DefaultRole", b.appName+"-"+c.stage
	if name != apiHandlerName && (get(get(c.stNode, "lambda_functions"), name) != nil || get(get(c.root, "lambda_functions"), name) != nil) &&
		(c.lookup("iam_policy_file", name) != c.lookup("iam_policy_file", apiHandlerName) || c.lookup("autogen_policy", name) != c.lookup("autogen_policy", apiHandlerName)) {
		id, roleName = name+"Role", b.appName+"-"+c.stage+"-"+name
	}
	if r := b.roles[id]; r != nil {
		return r, r.Name
	}
	r := &model.Role{ID: id, Name: defaulted(roleName, loc), Loc: loc, Implicit: true, Trust: lambdaTrust(loc)}
	if autogen {
		r.Statements = autogenStatements(loc)
	} else {
		r.Statements = b.policyFile(file)
	}
	return b.addRole(id, r), r.Name
}

func (b *builder) addRole(key string, r *model.Role) *model.Role {
	b.roles[key] = r
	b.app.Roles = append(b.app.Roles, r)
	return r
}

// autogenStatements is the part of Chalice's generated policy that does
// not depend on the code: CloudWatch Logs access. Chalice adds the actions
// of the boto3 calls it finds in app.py, which the code analysis sees.
func autogenStatements(loc model.Location) []*model.Statement {
	var acts []model.String
	for _, a := range []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"} {
		acts = append(acts, defaulted(a, loc))
	}
	return []*model.Statement{{Loc: loc, Source: "Chalice generated policy (autogen_policy)", Effect: defaulted("Allow", loc),
		Action: acts, Resource: []model.String{defaulted("arn:*:logs:*:*:*", loc)}}}
}

func lambdaTrust(loc model.Location) []*model.Statement {
	return []*model.Statement{{Loc: loc, Source: "Chalice role trust policy", Effect: defaulted("Allow", loc),
		Action:    []model.String{defaulted("sts:AssumeRole", loc)},
		Principal: []model.Principal{{Type: "Service", ID: defaulted("lambda.amazonaws.com", loc)}}}}
}

// policyFile reads a policy document from .chalice/.
func (b *builder) policyFile(name model.String) []*model.Statement {
	if filepath.IsAbs(name.V) || strings.Contains(filepath.ToSlash(name.V), "..") {
		b.problem(name.Loc, fmt.Sprintf("policy file %q is outside .chalice/: not read", name.V))
		return nil
	}
	rel := filepath.ToSlash(filepath.Join(b.rel, ".chalice", name.V))
	data, err := readLimited(filepath.Join(b.root, b.rel, ".chalice", name.V))
	if err != nil {
		b.problem(name.Loc, fmt.Sprintf("policy file %s could not be read: %v", rel, err))
		return nil
	}
	doc, err := parseJSON(rel, data)
	if err != nil {
		b.problem(model.Location{File: rel}, err.Error())
		return nil
	}
	pc := &config{file: rel}
	return pc.statements(doc, "policy file "+name.V)
}

// statements reads a policy document's statements.
func (c *config) statements(doc *yaml.Node, source string) []*model.Statement {
	list := get(doc, "Statement")
	if list == nil {
		return nil
	}
	items := list.Content
	if list.Kind == yaml.MappingNode {
		items = []*yaml.Node{list}
	}
	var out []*model.Statement
	for _, it := range items {
		if it.Kind != yaml.MappingNode {
			continue
		}
		st := &model.Statement{Loc: c.loc(it), Source: source, Sid: c.str(get(it, "Sid")), Effect: c.str(get(it, "Effect")),
			Action: c.strs(get(it, "Action")), NotAction: c.strs(get(it, "NotAction")),
			Resource: c.strs(get(it, "Resource")), NotResource: c.strs(get(it, "NotResource")),
			Principal: c.principals(get(it, "Principal")), NotPrincipal: c.principals(get(it, "NotPrincipal")),
			Condition: c.conditions(get(it, "Condition"))}
		out = append(out, st)
	}
	return out
}

func (c *config) principals(n *yaml.Node) []model.Principal {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		return []model.Principal{{Type: "*", ID: c.str(n)}}
	}
	var out []model.Principal
	for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
		for _, id := range c.strs(n.Content[i+1]) {
			out = append(out, model.Principal{Type: n.Content[i].Value, ID: id})
		}
	}
	return out
}

func (c *config) conditions(n *yaml.Node) []model.Condition {
	var out []model.Condition
	for i := 0; n != nil && n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
		keys := n.Content[i+1]
		for j := 0; keys.Kind == yaml.MappingNode && j+1 < len(keys.Content); j += 2 {
			out = append(out, model.Condition{Operator: n.Content[i].Value, Key: keys.Content[j].Value,
				Values: c.strs(keys.Content[j+1]), Loc: c.loc(keys.Content[j])})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Operator < out[b].Operator })
	return out
}

// arnName extracts a role's name from its ARN.
func arnName(arn string) string {
	if i := strings.LastIndexByte(arn, '/'); i >= 0 && strings.Contains(arn, ":role/") {
		return arn[i+1:]
	}
	return arn
}
