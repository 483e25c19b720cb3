package cfn

import (
	"github.com/slsguard/slsguard/internal/model"
)

// Lambda's defaults for values a template leaves out.
const (
	defaultTimeout = 3
	defaultMemory  = 128
)

// functionCommon reads the properties AWS::Lambda::Function and
// AWS::Serverless::Function share.
func (b *builder) functionCommon(r *resource, p *val) *model.Function {
	f := &model.Function{ID: r.id, Loc: r.loc, Name: p.get("FunctionName").str()}
	if f.Name.V == "" {
		f.Name = model.String{V: r.id, Loc: r.loc, Origin: model.Defaulted}
	}
	f.Runtime = p.get("Runtime").str()
	f.Handler = p.get("Handler").str()
	f.PackageType = p.get("PackageType").str()
	f.Timeout = orDefault(intOf(p.get("Timeout")), defaultTimeout, r.loc)
	f.Memory = orDefault(intOf(p.get("MemorySize")), defaultMemory, r.loc)
	if vars := p.path("Environment", "Variables"); vars != nil {
		for _, kv := range vars.pairs {
			f.Env = append(f.Env, model.EnvVar{Name: model.Str(kv.key, kv.keyLoc), Value: kv.v.str()})
		}
	}
	f.EnvKMSKey = p.get("KmsKeyArn").str()
	f.Layers = p.get("Layers").strs()
	f.Architectures = p.get("Architectures").strs()
	if vpc := p.get("VpcConfig"); vpc != nil && vpc.k == kMap {
		subnets := vpc.get("SubnetIds").strs()
		if len(subnets) > 0 {
			f.VPC = &model.VPC{Loc: vpc.loc, SubnetIDs: subnets, SecurityGroups: vpc.get("SecurityGroupIds").strs()}
		}
	}
	f.ReservedConcurrency = intOf(p.get("ReservedConcurrentExecutions"))
	f.DeadLetter = p.path("DeadLetterConfig", "TargetArn").str()
	f.Tracing = p.path("TracingConfig", "Mode").str()
	f.CodeSigning = p.get("CodeSigningConfigArn").str()
	f.LogGroup = p.path("LoggingConfig", "LogGroup").str()
	f.Region = b.app.Region
	if f.Region.V == "" {
		f.Region = model.String{}
	}
	f.RoleRef = p.get("Role").str()
	b.functions[r.id] = f
	b.app.Functions = append(b.app.Functions, f)
	return f
}

func orDefault(v model.Int, def int, loc model.Location) model.Int {
	if v.Origin == model.Unset {
		return model.Int{V: def, Loc: loc, Origin: model.Defaulted}
	}
	return v
}

func (b *builder) lambdaFunction(r *resource) {
	p := b.properties(r)
	f := b.functionCommon(r, p)
	code := p.get("Code")
	switch {
	case code.get("ZipFile") != nil:
		f.Code = model.String{V: "inline", Loc: code.get("ZipFile").loc, Origin: model.Explicit}
	case code.get("ImageUri") != nil:
		f.Code = code.get("ImageUri").str()
	case code.get("S3Bucket") != nil:
		f.Code = s3Code(code.get("S3Bucket"), code.get("S3Key"))
	case code != nil && code.k == kScalar:
		// "aws cloudformation package" input: a local path.
		f.Code = code.str()
	}
}

func s3Code(bucket, key *val) model.String {
	s := bucket.str()
	s.V = "s3://" + s.V + "/" + key.str().V
	return s
}

func (b *builder) samFunction(r *resource) {
	p := b.properties(r)
	f := b.functionCommon(r, p)
	switch cu := p.get("CodeUri"); {
	case p.get("InlineCode") != nil:
		f.Code = model.String{V: "inline", Loc: p.get("InlineCode").loc, Origin: model.Explicit}
	case p.get("ImageUri") != nil:
		f.Code = p.get("ImageUri").str()
	case cu != nil && cu.k == kMap:
		f.Code = s3Code(cu.get("Bucket"), cu.get("Key"))
	case cu != nil:
		f.Code = cu.str()
	}
	// SAM spells some Lambda properties its own way.
	if dlq := p.get("DeadLetterQueue"); dlq != nil {
		f.DeadLetter = dlq.get("TargetArn").str()
	}
	if t := p.get("Tracing"); t != nil {
		f.Tracing = t.str()
	}
	if d := p.path("EventInvokeConfig", "DestinationConfig", "OnFailure"); d != nil {
		f.OnFailure = d.get("Destination").str()
		if f.OnFailure.Origin == model.Unset {
			f.OnFailure = model.String{V: d.get("Type").str().V, Loc: d.loc, Origin: model.Explicit}
		}
	}
	if u := p.get("FunctionUrlConfig"); u != nil && u.k == kMap {
		f.URL = functionURL(u)
		b.addTrigger(f, &model.Trigger{ID: r.id + "Url", Kind: model.TriggerURL, Loc: u.loc, Source: f.URL.AuthType})
	}
	if f.RoleRef.V == "" && f.RoleRef.Origin == model.Unset {
		f.Role = b.samRole(r, p, f)
	}
	b.samEvents(r, p, f)
}

// functionURL reads FunctionUrlConfig (SAM) or AWS::Lambda::Url properties.
func functionURL(u *val) *model.URL {
	out := &model.URL{Loc: u.loc, AuthType: u.get("AuthType").str()}
	out.CORSOrigins = u.path("Cors", "AllowOrigins").strs()
	return out
}

// samRole builds the role SAM generates for a function without Role.
func (b *builder) samRole(r *resource, p *val, f *model.Function) *model.Role {
	loc := r.loc
	if pol := p.get("Policies"); pol != nil {
		loc = p.keyLoc("Policies")
	}
	role := &model.Role{
		ID:       r.id + "Role",
		Name:     model.String{V: r.id + "Role", Loc: loc, Origin: model.Defaulted},
		Loc:      loc,
		Implicit: true,
		Trust:    b.statements(p.get("AssumeRolePolicyDocument"), ""),
		Boundary: p.get("PermissionsBoundary").str(),
	}
	if role.Trust == nil {
		role.Trust = []*model.Statement{lambdaTrust(loc)}
	}
	role.ManagedPolicies = append(role.ManagedPolicies, model.String{V: "AWSLambdaBasicExecutionRole", Loc: r.loc, Origin: model.Defaulted})
	if f.VPC != nil {
		role.ManagedPolicies = append(role.ManagedPolicies, model.String{V: "AWSLambdaVPCAccessExecutionRole", Loc: f.VPC.Loc, Origin: model.Defaulted})
	}
	if f.Tracing.V == "Active" {
		role.ManagedPolicies = append(role.ManagedPolicies, model.String{V: "AWSXrayWriteOnlyAccess", Loc: f.Tracing.Loc, Origin: model.Defaulted})
	}
	b.samPolicies(role, p.get("Policies"))
	b.roles[role.ID] = role
	b.app.Roles = append(b.app.Roles, role)
	return role
}

func lambdaTrust(loc model.Location) *model.Statement {
	return &model.Statement{
		Loc:       loc,
		Effect:    model.String{V: "Allow", Loc: loc, Origin: model.Defaulted},
		Action:    []model.String{{V: "sts:AssumeRole", Loc: loc, Origin: model.Defaulted}},
		Principal: []model.Principal{{Type: "Service", ID: model.String{V: "lambda.amazonaws.com", Loc: loc, Origin: model.Defaulted}}},
	}
}

func (b *builder) eventInvokeConfig(r *resource) {
	p := b.properties(r)
	f := b.function(p.get("FunctionName").str())
	if f == nil {
		return
	}
	if d := p.path("DestinationConfig", "OnFailure", "Destination"); d != nil {
		f.OnFailure = d.str()
	}
}

func (b *builder) lambdaURL(r *resource) {
	p := b.properties(r)
	f := b.function(p.get("TargetFunctionArn").str())
	if f == nil {
		return
	}
	f.URL = functionURL(p)
	f.URL.Loc = r.loc
	b.addTrigger(f, &model.Trigger{ID: r.id, Kind: model.TriggerURL, Loc: r.loc, Source: f.URL.AuthType})
}

func (b *builder) lambdaPermission(r *resource) {
	p := b.properties(r)
	g := &model.Grant{
		ID:            r.id,
		Loc:           r.loc,
		FunctionRef:   p.get("FunctionName").str(),
		Action:        p.get("Action").str(),
		Principal:     p.get("Principal").str(),
		SourceARN:     p.get("SourceArn").str(),
		SourceAccount: p.get("SourceAccount").str(),
		URLAuthType:   p.get("FunctionUrlAuthType").str(),
	}
	if f := b.function(g.FunctionRef); f != nil {
		g.FunctionID = f.ID
	}
	b.app.Grants = append(b.app.Grants, g)
}
