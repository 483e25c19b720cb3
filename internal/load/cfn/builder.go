package cfn

import (
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
)

// builder turns a template's resources into the model.
type builder struct {
	ev       *evaluator
	file     string
	root     *val
	app      *model.App
	sam      bool
	globals  *val
	res      []*resource
	byID     map[string]*resource
	problems []finding.Problem

	functions map[string]*model.Function
	roles     map[string]*model.Role
	apis      map[string]*model.API
	stores    map[string]*model.Store
	// policies are the template's customer-managed policies, by ID, for
	// ManagedPolicyArns that refer to them.
	policies map[string]*model.Policy
	// extRoles are roles known only by name or ARN, keyed by role name.
	extRoles map[string]*model.Role
	// wafAPIs are the IDs of APIs with a WAF association.
	wafAPIs map[string]bool
	// pendingAttach are managed policies whose roles come later in the
	// file.
	pendingAttach []pendingPolicy
	// afterFunctions are links from resources built before functions
	// (an API's quick-create target) to the functions.
	afterFunctions []func()
}

// handler builds the model for one resource type. Handlers run in phases
// so that what a later handler refers to already exists: identities, then
// stores and APIs, then functions, then everything that attaches to those.
type handler struct {
	phase int
	fn    func(*builder, *resource)
}

const (
	phasePolicy = iota
	phaseIdentity
	phaseStore
	phaseFunction
	phaseAttach
	phaseCount
)

// handlers lists every resource type the loader understands. Other types
// are kept as plain resources.
var handlers = map[string]handler{
	"AWS::IAM::Role":                           {phaseIdentity, (*builder).iamRole},
	"AWS::IAM::ManagedPolicy":                  {phasePolicy, (*builder).managedPolicy},
	"AWS::S3::Bucket":                          {phaseStore, (*builder).s3Bucket},
	"AWS::DynamoDB::Table":                     {phaseStore, (*builder).dynamoTable},
	"AWS::DynamoDB::GlobalTable":               {phaseStore, (*builder).dynamoTable},
	"AWS::Serverless::SimpleTable":             {phaseStore, (*builder).simpleTable},
	"AWS::SQS::Queue":                          {phaseStore, (*builder).sqsQueue},
	"AWS::SNS::Topic":                          {phaseStore, (*builder).snsTopic},
	"AWS::Kinesis::Stream":                     {phaseStore, (*builder).kinesisStream},
	"AWS::KMS::Key":                            {phaseStore, (*builder).kmsKey},
	"AWS::SecretsManager::Secret":              {phaseStore, (*builder).secret},
	"AWS::SSM::Parameter":                      {phaseStore, (*builder).ssmParameter},
	"AWS::Logs::LogGroup":                      {phaseStore, (*builder).logGroup},
	"AWS::Serverless::Api":                     {phaseStore, (*builder).samRestAPI},
	"AWS::Serverless::HttpApi":                 {phaseStore, (*builder).samHTTPAPI},
	"AWS::ApiGateway::RestApi":                 {phaseStore, (*builder).restAPI},
	"AWS::ApiGatewayV2::Api":                   {phaseStore, (*builder).v2API},
	"AWS::Serverless::Function":                {phaseFunction, (*builder).samFunction},
	"AWS::Lambda::Function":                    {phaseFunction, (*builder).lambdaFunction},
	"AWS::IAM::Policy":                         {phaseAttach, (*builder).inlinePolicy},
	"AWS::IAM::RolePolicy":                     {phaseAttach, (*builder).rolePolicy},
	"AWS::Lambda::Permission":                  {phaseAttach, (*builder).lambdaPermission},
	"AWS::Lambda::EventSourceMapping":          {phaseAttach, (*builder).eventSourceMapping},
	"AWS::Lambda::Url":                         {phaseAttach, (*builder).lambdaURL},
	"AWS::Lambda::EventInvokeConfig":           {phaseAttach, (*builder).eventInvokeConfig},
	"AWS::ApiGateway::Method":                  {phaseAttach, (*builder).restMethod},
	"AWS::ApiGateway::Stage":                   {phaseAttach, (*builder).restStage},
	"AWS::ApiGateway::UsagePlan":               {phaseAttach, (*builder).usagePlan},
	"AWS::ApiGateway::DomainName":              {phaseAttach, (*builder).restDomain},
	"AWS::ApiGateway::RequestValidator":        {phaseAttach, (*builder).requestValidator},
	"AWS::ApiGatewayV2::Route":                 {phaseAttach, (*builder).v2Route},
	"AWS::ApiGatewayV2::Stage":                 {phaseAttach, (*builder).v2Stage},
	"AWS::ApiGatewayV2::DomainName":            {phaseAttach, (*builder).v2Domain},
	"AWS::WAFv2::WebACLAssociation":            {phaseAttach, (*builder).wafAssociation},
	"AWS::WAFRegional::WebACLAssociation":      {phaseAttach, (*builder).wafAssociation},
	"AWS::S3::BucketPolicy":                    {phaseAttach, (*builder).bucketPolicy},
	"AWS::SQS::QueuePolicy":                    {phaseAttach, (*builder).queuePolicy},
	"AWS::SNS::TopicPolicy":                    {phaseAttach, (*builder).topicPolicy},
	"AWS::Events::Rule":                        {phaseAttach, (*builder).eventsRule},
	"AWS::SNS::Subscription":                   {phaseAttach, (*builder).snsSubscription},
	"AWS::ElasticLoadBalancingV2::TargetGroup": {phaseAttach, (*builder).targetGroup},
	"AWS::IoT::TopicRule":                      {phaseAttach, (*builder).iotTopicRule},
	"AWS::Cognito::UserPool":                   {phaseAttach, (*builder).userPool},
	"AWS::Logs::SubscriptionFilter":            {phaseAttach, (*builder).subscriptionFilter},
	"AWS::CodeCommit::Repository":              {phaseAttach, (*builder).codeCommitRepo},
}

func (b *builder) build() {
	b.policies = map[string]*model.Policy{}
	b.extRoles = map[string]*model.Role{}
	b.wafAPIs = map[string]bool{}
	for _, r := range b.res {
		b.app.Resources = append(b.app.Resources, &model.Resource{
			ID: r.id, Type: r.typ, Loc: r.loc, Suppress: suppressions(r.meta),
		})
	}
	for phase := 0; phase < phaseCount; phase++ {
		for _, r := range b.res {
			if h, ok := handlers[r.typ]; ok && h.phase == phase {
				h.fn(b, r)
			}
		}
		switch phase {
		case phaseIdentity:
			for _, pp := range b.pendingAttach {
				b.attach(pp.ref, pp.pol)
			}
		case phaseFunction:
			for _, fn := range b.afterFunctions {
				fn()
			}
		}
	}
	b.linkRoles()
	b.finishAPIs()
	b.s3Notifications()
}

// suppressions reads slsguard's own Metadata on a resource:
//
//	Metadata:
//	  slsguard:
//	    ignore:
//	      - id: IAM001
//	        reason: read-only role shared on purpose
func suppressions(meta *val) map[string]string {
	ign := meta.path("slsguard", "ignore")
	if ign == nil {
		return nil
	}
	out := map[string]string{}
	for _, it := range ign.items() {
		switch it.k {
		case kScalar:
			out[it.s] = ""
		case kMap:
			if id := it.get("id"); id != nil {
				out[id.s] = it.get("reason").str().V
			}
		}
	}
	return out
}

// roleFor resolves how a function names its role to a role of the model:
// a Ref or GetAtt of a role resource, or a name or ARN string, which gives
// one shared external role per distinct name.
func (b *builder) roleFor(ref model.String) *model.Role {
	if ref.RefTarget != "" {
		if r, ok := b.roles[ref.RefTarget]; ok {
			return r
		}
	}
	name := roleName(ref.V)
	if name == "" {
		return nil
	}
	for _, id := range sortedIDs(b.roles) {
		r := b.roles[id]
		if r.Name.V == name || r.ID == name {
			return r
		}
	}
	if r, ok := b.extRoles[name]; ok {
		return r
	}
	r := &model.Role{ID: name, Name: model.String{V: name, Loc: ref.Loc, Origin: ref.Origin}, ARN: ref, Loc: ref.Loc, External: true}
	b.extRoles[name] = r
	b.app.Roles = append(b.app.Roles, r)
	return r
}

// roleName extracts the role name from an ARN (dropping any path) or
// returns a plain name as is.
func roleName(s string) string {
	if i := strings.Index(s, ":role/"); i >= 0 {
		s = s[i+len(":role/"):]
		if j := strings.LastIndexByte(s, '/'); j >= 0 {
			s = s[j+1:]
		}
	}
	// ${OrdersRole}: a Sub of the role's Ref, which is its name.
	if strings.HasPrefix(s, "${") && strings.HasSuffix(s, "}") && strings.Count(s, "${") == 1 {
		s = s[2 : len(s)-1]
	}
	return s
}

func (b *builder) linkRoles() {
	for _, f := range b.app.Functions {
		if f.Role == nil && f.RoleRef.V != "" {
			f.Role = b.roleFor(f.RoleRef)
		}
	}
}

// function finds the function a property refers to (by Ref, GetAtt, name
// or ARN).
func (b *builder) function(ref model.String) *model.Function {
	if ref.RefTarget != "" {
		if f, ok := b.functions[ref.RefTarget]; ok {
			return f
		}
	}
	name := ref.V
	if i := strings.Index(name, ":function:"); i >= 0 {
		name = name[i+len(":function:"):]
		name, _, _ = strings.Cut(name, ":")
	}
	for _, id := range sortedIDs(b.functions) {
		f := b.functions[id]
		if f.Name.V == name && name != "" {
			return f
		}
	}
	return nil
}

// addTrigger connects an event source to a function.
func (b *builder) addTrigger(f *model.Function, t *model.Trigger) {
	t.Function = f
	t.FunctionID = f.ID
	f.Triggers = append(f.Triggers, t)
	b.app.Triggers = append(b.app.Triggers, t)
}

// bool reads a CloudFormation boolean ("true"/"false", any case).
func boolOf(v *val) model.Bool {
	if v == nil || v.k != kScalar {
		return model.Bool{}
	}
	if v.sym != nil {
		return model.Bool{Loc: v.loc, Origin: model.Unresolved, Symbol: v.sym.text}
	}
	return model.Bool{V: strings.EqualFold(v.s, "true"), Loc: v.loc, Origin: model.Explicit}
}

// intOf reads an integer property.
func intOf(v *val) model.Int {
	if v == nil || v.k != kScalar {
		return model.Int{}
	}
	if v.sym != nil {
		return model.Int{Loc: v.loc, Origin: model.Unresolved, Symbol: v.sym.text}
	}
	n := 0
	for _, c := range strings.TrimSpace(v.s) {
		if c < '0' || c > '9' || n > 1<<40 {
			return model.Int{Loc: v.loc, Origin: model.Unresolved, Symbol: "the non-numeric value " + v.s}
		}
		n = n*10 + int(c-'0')
	}
	return model.Int{V: n, Loc: v.loc, Origin: model.Explicit}
}
