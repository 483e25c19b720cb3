package tf

import (
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

// lambdaModule reports whether a module source is the community module
// terraform-aws-modules/lambda/aws (from the registry or GitHub).
func lambdaModule(source string) bool {
	s := strings.ToLower(source)
	return strings.HasPrefix(s, "terraform-aws-modules/lambda/aws") ||
		strings.Contains(s, "github.com/terraform-aws-modules/terraform-aws-lambda")
}

// moduleCalls turns calls of the community Lambda module into functions
// with the role, URL, permissions and event sources the module creates
// from its main inputs.
func (b *builder) moduleCalls() {
	for _, c := range b.m.calls {
		if !lambdaModule(c.source) {
			continue
		}
		p := blk{m: b.m, body: c.body, loc: c.loc}
		if v := p.bool("create"); v.Set() && !v.V {
			continue
		}
		if v := p.int("count"); v.Set() && v.V == 0 {
			continue
		}
		if v := p.bool("create_function"); v.Set() && !v.V {
			continue
		}
		b.moduleFunction(c, p)
	}
}

func (b *builder) moduleFunction(c *moduleCall, p blk) {
	addr := "module." + c.name
	id := c.name
	if b.funcIDs[id] {
		id = addr
	}
	b.funcIDs[id] = true
	f := &model.Function{ID: id, Loc: c.loc, Name: p.str("function_name")}
	if f.Name.Origin == model.Unset {
		f.Name = model.String{V: c.name, Loc: c.loc, Origin: model.Defaulted}
	}
	f.Runtime = p.str("runtime")
	f.Handler = p.str("handler")
	f.PackageType = p.str("package_type")
	f.Timeout = orDefault(p.int("timeout"), defaultTimeout, c.loc)
	f.Memory = orDefault(p.int("memory_size"), defaultMemory, c.loc)
	for _, e := range p.pairs("environment_variables") {
		f.Env = append(f.Env, model.EnvVar{Name: e.key, Value: e.val})
	}
	f.EnvKMSKey = p.str("kms_key_arn")
	f.Layers = p.strs("layers")
	f.Architectures = p.strs("architectures")
	if subnets := p.strs("vpc_subnet_ids"); len(subnets) > 0 {
		f.VPC = &model.VPC{Loc: subnets[0].Loc, SubnetIDs: subnets, SecurityGroups: p.strs("vpc_security_group_ids")}
	}
	if rc := p.int("reserved_concurrent_executions"); !(rc.Origin == model.Explicit && rc.V < 0) {
		f.ReservedConcurrency = rc
	}
	f.DeadLetter = p.str("dead_letter_target_arn")
	f.Tracing = p.str("tracing_mode")
	f.CodeSigning = p.str("code_signing_config_arn")
	for _, key := range []string{"local_existing_package", "source_path", "image_uri"} {
		if f.Code.Origin == model.Unset {
			f.Code = p.str(key)
		}
	}
	f.Region = b.app.Region
	b.app.Functions = append(b.app.Functions, f)
	b.functions[addr] = f
	if v := p.bool("create_role"); v.Set() && !v.V {
		f.RoleRef = p.str("lambda_role")
	} else {
		f.Role = b.moduleRole(c, p, f)
	}
	b.moduleURL(c, p, f)
	b.moduleTriggers(c, p, f)
}

// moduleRole builds the role the module creates for its function.
func (b *builder) moduleRole(c *moduleCall, p blk, f *model.Function) *model.Role {
	loc := c.loc
	role := &model.Role{
		ID:       "module." + c.name + ".role",
		Name:     p.str("role_name"),
		Loc:      loc,
		Implicit: true,
		Trust:    []*model.Statement{lambdaTrust(loc)},
		Boundary: p.str("role_permissions_boundary"),
	}
	if role.Name.Origin == model.Unset {
		role.Name = model.String{V: f.Name.Text(), Loc: loc, Origin: model.Defaulted}
	}
	if v := p.bool("attach_cloudwatch_logs_policy"); !v.Set() || v.V {
		role.ManagedPolicies = append(role.ManagedPolicies, model.String{V: "AWSLambdaBasicExecutionRole", Loc: loc, Origin: model.Defaulted})
	}
	if p.bool("attach_policy_json").V {
		role.Statements = append(role.Statements, b.policyAttr(p, "policy_json", "policy_json of module."+c.name)...)
	}
	if p.bool("attach_policy_jsons").V {
		for _, s := range p.strs("policy_jsons") {
			role.Statements = append(role.Statements, b.statements(b.docOfString(s), "policy_jsons of module."+c.name)...)
		}
	}
	if p.bool("attach_policy").V {
		b.attachARN(role, p.str("policy"))
	}
	if p.bool("attach_policies").V {
		for _, arn := range p.strs("policies") {
			b.attachARN(role, arn)
		}
	}
	if p.bool("attach_policy_statements").V {
		role.Statements = append(role.Statements, b.moduleStatements(c, p)...)
	}
	b.roles[role.ID] = role
	b.app.Roles = append(b.app.Roles, role)
	return role
}

func (b *builder) docOfString(s model.String) *pv {
	if s.Origin != model.Explicit {
		return nil
	}
	t, err := parseJSONTree([]byte(s.V), func(int) model.Location { return s.Loc }, plainStr)
	if err != nil {
		return nil
	}
	return t
}

// moduleStatements reads policy_statements: a map of objects with effect,
// actions, resources, principals and conditions.
func (b *builder) moduleStatements(c *moduleCall, p blk) []*model.Statement {
	tree := b.exprTree(p, p.expr("policy_statements"), 0)
	if tree == nil || tree.kind != pvObj {
		return nil
	}
	var out []*model.Statement
	for i, name := range tree.keys {
		s := tree.vals[i]
		if s == nil || s.kind != pvObj {
			continue
		}
		st := &model.Statement{Loc: s.loc, Source: "policy statement " + name.V + " of module." + c.name,
			Sid: s.get("sid").str(), Effect: s.get("effect").str(),
			Action: s.get("actions").strs(), NotAction: s.get("not_actions").strs(),
			Resource: s.get("resources").strs(), NotResource: s.get("not_resources").strs()}
		if st.Effect.Origin == model.Unset {
			st.Effect = model.String{V: "Allow", Loc: s.loc, Origin: model.Defaulted}
		}
		out = append(out, st)
	}
	return out
}

func (b *builder) moduleURL(c *moduleCall, p blk, f *model.Function) {
	if !p.bool("create_lambda_function_url").V {
		return
	}
	auth := p.str("authorization_type")
	if auth.Origin == model.Unset {
		// The module's default is an open URL.
		auth = model.String{V: "NONE", Loc: p.str("create_lambda_function_url").Loc, Origin: model.Defaulted}
	}
	f.URL = &model.URL{Loc: auth.Loc, AuthType: auth}
	if cors := p.expr("cors"); cors != nil {
		f.URL.CORSOrigins = b.exprTree(p, cors, 0).get("allow_origins").strs()
	}
	b.addTrigger(f, &model.Trigger{ID: "module." + c.name + ".url", Kind: model.TriggerURL, Loc: f.URL.Loc, Source: auth})
}

func (b *builder) moduleTriggers(c *moduleCall, p blk, f *model.Function) {
	if t := b.exprTree(p, p.expr("allowed_triggers"), 0); t != nil && t.kind == pvObj {
		for i, name := range t.keys {
			at := t.vals[i]
			principal := at.get("principal").str()
			if svc := at.get("service").str(); principal.Origin == model.Unset && svc.Origin != model.Unset {
				principal = svc
				principal.V += ".amazonaws.com"
			}
			b.app.Grants = append(b.app.Grants, &model.Grant{ID: "module." + c.name + ".allowed_triggers." + name.V, Loc: name.Loc,
				FunctionID: f.ID, FunctionRef: model.String{V: f.ID, Loc: name.Loc, Origin: model.Explicit},
				Action:    model.String{V: "lambda:InvokeFunction", Loc: name.Loc, Origin: model.Defaulted},
				Principal: principal, SourceARN: at.get("source_arn").str(), SourceAccount: at.get("source_account").str()})
		}
	}
	if t := b.exprTree(p, p.expr("event_source_mapping"), 0); t != nil && t.kind == pvObj {
		for i, name := range t.keys {
			src := t.vals[i].get("event_source_arn").str()
			b.addTrigger(f, &model.Trigger{ID: "module." + c.name + ".event_source_mapping." + name.V,
				Kind: b.esmKind(src, blk{}), Loc: name.Loc, Source: src})
		}
	}
}

func lambdaTrust(loc model.Location) *model.Statement {
	return &model.Statement{
		Loc:       loc,
		Effect:    model.String{V: "Allow", Loc: loc, Origin: model.Defaulted},
		Action:    []model.String{{V: "sts:AssumeRole", Loc: loc, Origin: model.Defaulted}},
		Principal: []model.Principal{{Type: "Service", ID: model.String{V: "lambda.amazonaws.com", Loc: loc, Origin: model.Defaulted}}},
	}
}
