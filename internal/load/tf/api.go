package tf

import (
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/slsguard/slsguard/internal/model"
)

func (b *builder) newAPI(in *instance, kind model.APIKind, p blk) *model.API {
	a := &model.API{ID: in.id(), Kind: kind, Loc: in.r.loc, Name: p.str("name")}
	if a.Name.Origin == model.Unset {
		a.Name = model.String{V: in.r.name, Loc: in.r.loc, Origin: model.Defaulted}
	}
	b.apis[in.id()] = a
	if _, ok := b.apis[in.r.addr]; !ok {
		b.apis[in.r.addr] = a
	}
	b.app.APIs = append(b.app.APIs, a)
	return a
}

func (b *builder) apiOf(ref model.String) *model.API {
	return b.apis[ref.RefTarget]
}

func (b *builder) restAPI(in *instance, p blk) {
	a := b.newAPI(in, model.APIREST, p)
	if types := p.block("endpoint_configuration").strs("types"); len(types) > 0 {
		a.EndpointType = types[0]
	} else {
		a.EndpointType = model.String{V: "EDGE", Loc: in.r.loc, Origin: model.Defaulted}
	}
	a.DisableExecuteEndpoint = p.bool("disable_execute_api_endpoint")
	if p.has("policy") {
		a.ResourcePolicy = b.policyAttr(p, "policy", "API resource policy")
	}
	b.openAPIRoutes(a, b.bodyTree(p))
}

// bodyTree reads an OpenAPI body given as JSON; a YAML body is not read.
func (b *builder) bodyTree(p blk) *pv {
	b.quietJSON = true
	defer func() { b.quietJSON = false }()
	return b.policyTree(p, "body")
}

func (b *builder) v2API(in *instance, p blk) {
	kind := model.APIHTTP
	if p.str("protocol_type").V == "WEBSOCKET" {
		kind = model.APIWebSocket
	}
	a := b.newAPI(in, kind, p)
	a.DisableExecuteEndpoint = p.bool("disable_execute_api_endpoint")
	if p.has("body") {
		b.openAPIRoutes(a, b.bodyTree(p))
	}
	if t := p.str("target"); t.Origin != model.Unset {
		route := &model.Route{Loc: in.r.loc, Method: model.String{V: "ANY", Loc: in.r.loc, Origin: model.Defaulted},
			Path: model.String{V: "$default", Loc: in.r.loc, Origin: model.Defaulted}}
		a.Routes = append(a.Routes, route)
		b.later = append(b.later, func() { b.routeTarget(a, route, t, in.r.loc) })
	}
}

// openAPIRoutes reads the routes of an OpenAPI body.
func (b *builder) openAPIRoutes(a *model.API, def *pv) {
	if def == nil || def.kind != pvObj {
		return
	}
	global := def.get("security")
	paths := def.get("paths")
	if paths == nil {
		return
	}
	for i, path := range paths.keys {
		ops := paths.vals[i]
		if ops == nil || ops.kind != pvObj {
			continue
		}
		for j, op := range ops.keys {
			method := strings.ToUpper(op.V)
			if method == "X-AMAZON-APIGATEWAY-ANY-METHOD" {
				method = "ANY"
			}
			if !isHTTPMethod(method) {
				continue
			}
			r := &model.Route{Loc: op.Loc, Method: model.Str(method, op.Loc), Path: path}
			sec := ops.vals[j].get("security")
			if sec == nil {
				sec = global
			}
			if sec != nil {
				r.Auth = openAPIAuth(sec)
			}
			a.Routes = append(a.Routes, r)
			uri := ops.vals[j].get("x-amazon-apigateway-integration").get("uri").str()
			loc := op.Loc
			b.later = append(b.later, func() { b.routeTarget(a, r, uri, loc) })
		}
	}
}

func openAPIAuth(sec *pv) model.String {
	var names []string
	for _, req := range sec.items() {
		if req != nil && req.kind == pvObj {
			for _, k := range req.keys {
				names = append(names, k.V)
			}
		}
	}
	if len(names) == 0 {
		return model.String{V: "NONE", Loc: sec.loc, Origin: model.Explicit}
	}
	return model.String{V: strings.Join(names, "+"), Loc: sec.loc, Origin: model.Explicit}
}

func isHTTPMethod(m string) bool {
	switch m {
	case "GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY":
		return true
	}
	return false
}

// routeTarget connects a route to the function its integration invokes.
func (b *builder) routeTarget(a *model.API, route *model.Route, uri model.String, loc model.Location) {
	f := b.function(uri)
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

func (b *builder) restMethod(in *instance, p blk) {
	a := b.apiOf(p.str("rest_api_id"))
	if a == nil {
		return
	}
	resID, _ := p.val("resource_id")
	route := &model.Route{
		Loc:            in.r.loc,
		Method:         upper(p.str("http_method")),
		Path:           b.resourcePath(resID, p.str("resource_id"), 0),
		Auth:           p.str("authorization"),
		APIKeyRequired: p.bool("api_key_required"),
	}
	if route.Auth.V == "CUSTOM" || route.Auth.V == "COGNITO_USER_POOLS" {
		if id := p.str("authorizer_id"); id.Origin != model.Unset {
			route.Auth.V += ":" + id.Text()
		}
	}
	if v := p.str("request_validator_id"); v.Origin != model.Unset {
		route.Validation = b.validatorOn(v)
	}
	a.Routes = append(a.Routes, route)
	b.routeTarget(a, route, b.integrationURI(a, route, resID), in.r.loc)
}

func upper(s model.String) model.String {
	s.V = strings.ToUpper(s.V)
	return s
}

// apiResource finds the aws_api_gateway_resource (or the API's root
// resource) a resource_id value refers to.
func apiResource(v cty.Value) (ref, bool) {
	if v == cty.NilVal {
		return ref{}, false
	}
	_, marks := v.UnmarkDeep()
	for _, r := range refsOf(marks) {
		if strings.HasPrefix(r.Addr, "aws_api_gateway_resource.") && r.Attr == "id" ||
			strings.HasPrefix(r.Addr, "aws_api_gateway_rest_api.") && r.Attr == "root_resource_id" {
			return r, true
		}
	}
	return ref{}, false
}

func (b *builder) resourcePath(v cty.Value, s model.String, depth int) model.String {
	r, ok := apiResource(v)
	if !ok || depth > 32 {
		return model.String{V: "/", Loc: s.Loc, Origin: model.Unresolved, Symbol: s.Text()}
	}
	if r.Attr == "root_resource_id" {
		return model.String{V: "/", Loc: s.Loc, Origin: model.Explicit}
	}
	rb, res, ok := b.m.blkOf(r.Addr, "aws_api_gateway_resource")
	if !ok {
		return model.String{V: "/", Loc: s.Loc, Origin: model.Unresolved, Symbol: s.Text()}
	}
	parentV, _ := rb.val("parent_id")
	parent := b.resourcePath(parentV, rb.str("parent_id"), depth+1)
	part := rb.str("path_part")
	return model.String{V: strings.TrimSuffix(parent.V, "/") + "/" + part.Text(), Loc: res.loc, Origin: model.Explicit}
}

// integrationURI finds the integration of a method: same API, same HTTP
// method, same API resource.
func (b *builder) integrationURI(a *model.API, route *model.Route, resID cty.Value) model.String {
	want, _ := apiResource(resID)
	for _, r := range b.m.resources {
		if r.typ != "aws_api_gateway_integration" || r.mode != "resource" {
			continue
		}
		for _, in := range b.m.expand(r) {
			p := r.blk(b.m, in)
			if b.apiOf(p.str("rest_api_id")) != a || !strings.EqualFold(p.str("http_method").V, route.Method.V) {
				continue
			}
			v, _ := p.val("resource_id")
			if got, ok := apiResource(v); ok && got == want {
				return p.str("uri")
			}
		}
	}
	return model.String{}
}

func (b *builder) validatorOn(ref model.String) model.Bool {
	p, _, ok := b.m.blkOf(ref.RefTarget, "")
	if !ok {
		return model.Bool{Loc: ref.Loc, Origin: model.Unresolved, Symbol: ref.Text()}
	}
	on := p.bool("validate_request_body").V || p.bool("validate_request_parameters").V
	return model.Bool{V: on, Loc: ref.Loc, Origin: model.Explicit}
}
