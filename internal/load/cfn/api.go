package cfn

import (
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

func (b *builder) newAPI(r *resource, kind model.APIKind, p *val) *model.API {
	a := &model.API{ID: r.id, Kind: kind, Loc: r.loc, Name: p.get("Name").str()}
	if a.Name.Origin == model.Unset {
		a.Name = model.String{V: r.id, Loc: r.loc, Origin: model.Defaulted}
	}
	b.apis[r.id] = a
	b.app.APIs = append(b.app.APIs, a)
	return a
}

func (b *builder) samRestAPI(r *resource) {
	p := b.properties(r)
	a := b.newAPI(r, model.APIREST, p)
	b.samAPISettings(a, p, r.loc)
	b.openAPIRoutes(a, p.get("DefinitionBody"))
}

func (b *builder) samHTTPAPI(r *resource) {
	p := b.properties(r)
	a := b.newAPI(r, model.APIHTTP, p)
	b.samAPISettings(a, p, r.loc)
	b.openAPIRoutes(a, p.get("DefinitionBody"))
}

// samAPISettings reads the properties AWS::Serverless::Api and
// AWS::Serverless::HttpApi (and their Globals) share or spell alike.
func (b *builder) samAPISettings(a *model.API, p *val, loc model.Location) {
	if auth := p.get("Auth"); auth != nil {
		a.DefaultAuth = auth.get("DefaultAuthorizer").str()
		a.APIKeyRequired = boolOf(auth.get("ApiKeyRequired"))
		for _, az := range auth.get("Authorizers").fields() {
			a.Authorizers = append(a.Authorizers, &model.Authorizer{Name: model.Str(az.key, az.keyLoc), Type: authorizerType(az.v), Loc: az.keyLoc})
		}
		if up := auth.get("UsagePlan"); up != nil {
			plan := up.get("CreateUsagePlan").str()
			a.UsagePlan = model.Bool{V: plan.V != "" && plan.V != "NONE", Loc: up.loc, Origin: model.Explicit}
			if up.get("Throttle") != nil {
				a.Throttle = model.Bool{V: true, Loc: up.get("Throttle").loc, Origin: model.Explicit}
			}
		}
		if rp := auth.get("ResourcePolicy"); rp != nil {
			a.ResourcePolicy = append(a.ResourcePolicy, &model.Statement{Loc: rp.loc, Source: "resource policy", Effect: model.String{V: "Allow", Origin: model.Defaulted}})
		}
	}
	if ep := p.get("EndpointConfiguration"); ep != nil {
		if ep.k == kMap {
			a.EndpointType = ep.get("Type").str()
		} else {
			a.EndpointType = ep.str()
		}
	}
	for _, ms := range p.get("MethodSettings").items() {
		if ms.get("ThrottlingRateLimit") != nil || ms.get("ThrottlingBurstLimit") != nil {
			a.Throttle = model.Bool{V: true, Loc: ms.loc, Origin: model.Explicit}
		}
	}
	if rs := p.get("DefaultRouteSettings"); rs != nil && (rs.get("ThrottlingRateLimit") != nil || rs.get("ThrottlingBurstLimit") != nil) {
		a.Throttle = model.Bool{V: true, Loc: rs.loc, Origin: model.Explicit}
	}
	stage := &model.Stage{Name: p.get("StageName").str(), Loc: loc}
	if len(a.Stages) == 1 && stage.Name.Origin == model.Unset {
		stage.Name = a.Stages[0].Name
	}
	for _, key := range []string{"AccessLogSetting", "AccessLogSettings"} {
		if al := p.get(key); al != nil {
			dest := al.get("DestinationArn")
			stage.AccessLogging = model.Bool{V: dest != nil, Loc: al.loc, Origin: model.Explicit}
		}
	}
	a.Stages = []*model.Stage{stage}
	if d := p.get("Domain"); d != nil && d.k == kMap {
		dom := &model.Domain{
			ID: a.ID + "Domain", APIID: a.ID, Name: d.get("DomainName").str(), Loc: d.loc,
			SecurityPolicy: d.get("SecurityPolicy").str(),
		}
		if a.Kind == model.APIHTTP && dom.SecurityPolicy.Origin == model.Unset {
			// HTTP API domains only offer TLS 1.2.
			dom.SecurityPolicy = model.String{V: "TLS_1_2", Loc: d.loc, Origin: model.Defaulted}
		}
		b.app.Domains = append(b.app.Domains, dom)
	}
	a.DisableExecuteEndpoint = boolOf(p.get("DisableExecuteApiEndpoint"))
}

func authorizerType(v *val) string {
	switch {
	case v.get("UserPoolArn") != nil:
		return "COGNITO"
	case v.get("FunctionArn") != nil:
		return "LAMBDA"
	case v.get("JwtConfiguration") != nil:
		return "JWT"
	}
	return "CUSTOM"
}

// openAPIRoutes reads routes and their security from an inline OpenAPI or
// Swagger definition.
func (b *builder) openAPIRoutes(a *model.API, def *val) {
	if def == nil || def.k != kMap {
		return
	}
	global := def.get("security")
	validators := def.get("x-amazon-apigateway-request-validators")
	defaultValidator := def.get("x-amazon-apigateway-request-validator")
	for _, path := range def.get("paths").fields() {
		for _, op := range path.v.pairs {
			method := strings.ToUpper(op.key)
			if !isHTTPMethod(method) {
				continue
			}
			r := &model.Route{Loc: op.keyLoc, Method: model.Str(method, op.keyLoc), Path: model.Str(path.key, path.keyLoc)}
			sec := op.v.get("security")
			if sec == nil {
				sec = global
			}
			if sec != nil {
				r.Auth = openAPIAuth(sec)
			}
			if v := op.v.get("x-amazon-apigateway-request-validator"); v != nil || defaultValidator != nil {
				if v == nil {
					v = defaultValidator
				}
				validator := validators.get(v.s)
				on := validator.get("validateRequestBody").text() == "true" || validator.get("validateRequestParameters").text() == "true"
				r.Validation = model.Bool{V: on, Loc: v.loc, Origin: model.Explicit}
			}
			a.Routes = append(a.Routes, r)
		}
	}
}

func openAPIAuth(sec *val) model.String {
	if sec.k == kList && len(sec.list) == 0 {
		return model.String{V: "NONE", Loc: sec.loc, Origin: model.Explicit}
	}
	var names []string
	for _, req := range sec.items() {
		names = append(names, req.keys()...)
	}
	if len(names) == 0 {
		return model.String{V: "NONE", Loc: sec.loc, Origin: model.Explicit}
	}
	return model.String{V: strings.Join(names, "+"), Loc: sec.loc, Origin: model.Explicit}
}

func isHTTPMethod(m string) bool {
	switch m {
	case "GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY", "X-AMAZON-APIGATEWAY-ANY-METHOD":
		return true
	}
	return false
}

func (b *builder) restAPI(r *resource) {
	p := b.properties(r)
	a := b.newAPI(r, model.APIREST, p)
	if ep := p.path("EndpointConfiguration", "Types"); ep != nil {
		if items := ep.strs(); len(items) > 0 {
			a.EndpointType = items[0]
		}
	}
	a.DisableExecuteEndpoint = boolOf(p.get("DisableExecuteApiEndpoint"))
	b.openAPIRoutes(a, p.get("Body"))
	if pol := p.get("Policy"); pol != nil {
		a.ResourcePolicy = b.statements(pol, "API resource policy")
	}
}

func (b *builder) v2API(r *resource) {
	p := b.properties(r)
	kind := model.APIHTTP
	if p.get("ProtocolType").text() == "WEBSOCKET" {
		kind = model.APIWebSocket
	}
	a := b.newAPI(r, kind, p)
	a.DisableExecuteEndpoint = boolOf(p.get("DisableExecuteApiEndpoint"))
	b.openAPIRoutes(a, p.get("Body"))
	if t := p.get("Target"); t != nil {
		// Quick create: one default route to the target function.
		route := &model.Route{Loc: r.loc, Method: model.String{V: "ANY", Loc: r.loc, Origin: model.Defaulted},
			Path: model.String{V: "$default", Loc: r.loc, Origin: model.Defaulted}}
		a.Routes = append(a.Routes, route)
		target := t.str()
		b.afterFunctions = append(b.afterFunctions, func() { b.routeTarget(a, route, target, r.loc) })
	}
}

// routeTarget links a route to the function an integration invokes.
func (b *builder) routeTarget(a *model.API, route *model.Route, uri model.String, loc model.Location) {
	f := b.functionInURI(uri)
	if f == nil {
		return
	}
	route.FunctionID = f.ID
	kind := model.TriggerRESTAPI
	switch a.Kind {
	case model.APIHTTP:
		kind = model.TriggerHTTPAPI
	case model.APIWebSocket:
		kind = model.TriggerWebSocket
	}
	b.addTrigger(f, &model.Trigger{ID: a.ID + ":" + route.Method.V + " " + route.Path.V, Kind: kind, Loc: loc, API: a, Route: route,
		Source: model.String{V: route.Method.V + " " + route.Path.V, Loc: loc, Origin: model.Explicit}})
}

// functionInURI finds the function an integration URI (usually a Fn::Sub of
// the function's ARN) refers to.
func (b *builder) functionInURI(uri model.String) *model.Function {
	if f := b.function(uri); f != nil {
		return f
	}
	for _, id := range sortedIDs(b.functions) {
		if strings.Contains(uri.V, "${"+id+".Arn}") || strings.Contains(uri.V, "${"+id+"}") {
			return b.functions[id]
		}
	}
	return nil
}
