package cfn

import (
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

// apiOf finds the API a part (method, stage, route...) belongs to.
func (b *builder) apiOf(ref model.String) *model.API {
	if a, ok := b.apis[ref.RefTarget]; ok {
		return a
	}
	return nil
}

func (b *builder) restMethod(r *resource) {
	p := b.properties(r)
	a := b.apiOf(p.get("RestApiId").str())
	if a == nil {
		return
	}
	route := &model.Route{
		Loc:            r.loc,
		Method:         upper(p.get("HttpMethod").str()),
		Path:           b.resourcePath(p.get("ResourceId").str(), 0),
		Auth:           p.get("AuthorizationType").str(),
		APIKeyRequired: boolOf(p.get("ApiKeyRequired")),
	}
	if route.Auth.V == "CUSTOM" || route.Auth.V == "COGNITO_USER_POOLS" {
		if id := p.get("AuthorizerId").str(); id.Origin != model.Unset {
			route.Auth.V += ":" + id.Text()
		}
	}
	if route.Auth.Origin == model.Unset {
		route.Auth = model.String{V: "NONE", Loc: r.loc, Origin: model.Defaulted}
	}
	if v := p.get("RequestValidatorId"); v != nil {
		route.Validation = b.validatorOn(v.str())
	}
	a.Routes = append(a.Routes, route)
	b.routeTarget(a, route, p.path("Integration", "Uri").str(), r.loc)
}

// resourcePath rebuilds an API Gateway resource's path from its PathPart
// and parents.
func (b *builder) resourcePath(ref model.String, depth int) model.String {
	res, ok := b.byID[ref.RefTarget]
	if !ok || res.typ != "AWS::ApiGateway::Resource" || depth > 32 {
		if ref.RefTarget != "" && ref.V != "" {
			return model.String{V: "/", Loc: ref.Loc, Origin: model.Explicit}
		}
		return model.String{V: "/", Loc: ref.Loc, Origin: model.Defaulted}
	}
	p := b.properties(res)
	parent := b.resourcePath(p.get("ParentId").str(), depth+1)
	part := p.get("PathPart").str().V
	path := strings.TrimSuffix(parent.V, "/") + "/" + part
	return model.String{V: path, Loc: res.loc, Origin: model.Explicit}
}

func (b *builder) validatorOn(ref model.String) model.Bool {
	res, ok := b.byID[ref.RefTarget]
	if !ok {
		return model.Bool{Loc: ref.Loc, Origin: model.Unresolved, Symbol: ref.Text()}
	}
	p := b.properties(res)
	on := p.get("ValidateRequestBody").text() == "true" || p.get("ValidateRequestParameters").text() == "true"
	return model.Bool{V: on, Loc: ref.Loc, Origin: model.Explicit}
}

// requestValidator needs no model of its own: methods read it through
// validatorOn.
func (b *builder) requestValidator(*resource) {}

func (b *builder) restStage(r *resource) {
	p := b.properties(r)
	a := b.apiOf(p.get("RestApiId").str())
	if a == nil {
		return
	}
	st := &model.Stage{Name: p.get("StageName").str(), Loc: r.loc}
	if al := p.get("AccessLogSetting"); al != nil {
		st.AccessLogging = model.Bool{V: al.get("DestinationArn") != nil, Loc: al.loc, Origin: model.Explicit}
	}
	for _, ms := range p.get("MethodSettings").items() {
		if ms.get("ThrottlingRateLimit") != nil || ms.get("ThrottlingBurstLimit") != nil {
			st.Throttle = model.Bool{V: true, Loc: ms.loc, Origin: model.Explicit}
			a.Throttle = st.Throttle
		}
	}
	b.addStage(a, st)
}

func (b *builder) v2Stage(r *resource) {
	p := b.properties(r)
	a := b.apiOf(p.get("ApiId").str())
	if a == nil {
		return
	}
	st := &model.Stage{Name: p.get("StageName").str(), Loc: r.loc}
	if al := p.get("AccessLogSettings"); al != nil {
		st.AccessLogging = model.Bool{V: al.get("DestinationArn") != nil, Loc: al.loc, Origin: model.Explicit}
	}
	if rs := p.get("DefaultRouteSettings"); rs != nil && (rs.get("ThrottlingRateLimit") != nil || rs.get("ThrottlingBurstLimit") != nil) {
		st.Throttle = model.Bool{V: true, Loc: rs.loc, Origin: model.Explicit}
		a.Throttle = st.Throttle
	}
	b.addStage(a, st)
}

// addStage records an explicit stage, replacing the one a SAM API
// describes by its own properties.
func (b *builder) addStage(a *model.API, st *model.Stage) {
	if a.Implicit || (len(a.Stages) == 1 && a.Stages[0].Name.Origin == model.Unset && a.Stages[0].AccessLogging.Origin == model.Unset) {
		a.Stages = nil
	}
	a.Stages = append(a.Stages, st)
}

func (b *builder) usagePlan(r *resource) {
	p := b.properties(r)
	for _, s := range p.get("ApiStages").items() {
		if a := b.apiOf(s.get("ApiId").str()); a != nil {
			a.UsagePlan = model.Bool{V: true, Loc: r.loc, Origin: model.Explicit}
			if p.get("Throttle") != nil || s.get("Throttle") != nil {
				a.Throttle = model.Bool{V: true, Loc: r.loc, Origin: model.Explicit}
			}
		}
	}
}

func (b *builder) restDomain(r *resource) {
	p := b.properties(r)
	d := &model.Domain{ID: r.id, Name: p.get("DomainName").str(), Loc: r.loc, SecurityPolicy: p.get("SecurityPolicy").str()}
	b.app.Domains = append(b.app.Domains, d)
}

func (b *builder) v2Domain(r *resource) {
	p := b.properties(r)
	d := &model.Domain{ID: r.id, Name: p.get("DomainName").str(), Loc: r.loc}
	for _, c := range p.get("DomainNameConfigurations").items() {
		d.SecurityPolicy = c.get("SecurityPolicy").str()
	}
	if d.SecurityPolicy.Origin == model.Unset {
		// API Gateway v2 domains only offer TLS 1.2.
		d.SecurityPolicy = model.String{V: "TLS_1_2", Loc: r.loc, Origin: model.Defaulted}
	}
	b.app.Domains = append(b.app.Domains, d)
}

func (b *builder) v2Route(r *resource) {
	p := b.properties(r)
	a := b.apiOf(p.get("ApiId").str())
	if a == nil {
		return
	}
	key := p.get("RouteKey").str()
	method, path, ok := strings.Cut(key.V, " ")
	if !ok {
		method, path = "ANY", key.V
	}
	route := &model.Route{
		Loc:            r.loc,
		Method:         model.String{V: method, Loc: key.Loc, Origin: key.Origin},
		Path:           model.String{V: path, Loc: key.Loc, Origin: key.Origin},
		Auth:           p.get("AuthorizationType").str(),
		APIKeyRequired: boolOf(p.get("ApiKeyRequired")),
	}
	if route.Auth.Origin == model.Unset {
		route.Auth = model.String{V: "NONE", Loc: r.loc, Origin: model.Defaulted}
	}
	a.Routes = append(a.Routes, route)
	target := p.get("Target").str()
	if integ, ok := b.byID[integrationID(target)]; ok {
		target = b.properties(integ).get("IntegrationUri").str()
	}
	b.routeTarget(a, route, target, r.loc)
}

// integrationID extracts X from "integrations/${X}" or "integrations/X".
func integrationID(t model.String) string {
	s := strings.TrimPrefix(t.V, "integrations/")
	s = strings.TrimSuffix(strings.TrimPrefix(s, "${"), "}")
	if t.RefTarget != "" {
		return t.RefTarget
	}
	return s
}

func (b *builder) wafAssociation(r *resource) {
	p := b.properties(r)
	arn := p.get("ResourceArn").str()
	for _, id := range sortedIDs(b.apis) {
		if arn.RefTarget == id || strings.Contains(arn.V, "${"+id+"}") || strings.Contains(arn.V, "${"+id+".") {
			b.wafAPIs[id] = true
		}
	}
	// A stage ARN refers to the API through the stage resource.
	if st, ok := b.byID[arn.RefTarget]; ok {
		sp := b.properties(st)
		for _, key := range []string{"RestApiId", "ApiId"} {
			if a := b.apiOf(sp.get(key).str()); a != nil {
				b.wafAPIs[a.ID] = true
			}
		}
	}
}

// finishAPIs applies API-wide defaults to routes once every route is known.
func (b *builder) finishAPIs() {
	for _, a := range b.app.APIs {
		if b.wafAPIs[a.ID] {
			a.WAF = model.Bool{V: true, Origin: model.Explicit}
		}
		for _, r := range a.Routes {
			if r.Auth.Origin == model.Unset {
				if a.DefaultAuth.Origin != model.Unset {
					r.Auth = a.DefaultAuth
					r.Auth.Origin = model.Defaulted
				} else {
					r.Auth = model.String{V: "NONE", Loc: r.Loc, Origin: model.Defaulted}
				}
			}
			if r.APIKeyRequired.Origin == model.Unset && a.APIKeyRequired.Known() {
				r.APIKeyRequired = a.APIKeyRequired
				r.APIKeyRequired.Origin = model.Defaulted
			}
		}
	}
}
