package chalice

import (
	"fmt"
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

// eventKinds maps the event decorators to their trigger kind and the
// argument (position 0 or keyword) that names the source.
var eventKinds = map[string]struct {
	kind model.TriggerKind
	arg  string
}{
	"on_s3_event":        {model.TriggerS3, "bucket"},
	"on_sns_message":     {model.TriggerSNS, "topic"},
	"on_sqs_message":     {model.TriggerSQS, "queue"},
	"on_kinesis_record":  {model.TriggerKinesis, "stream"},
	"on_dynamodb_record": {model.TriggerDynamoDB, "stream_arn"},
	"schedule":           {model.TriggerSchedule, "expression"},
	"on_cw_event":        {model.TriggerEventBridge, "event_pattern"},
}

// wsRoutes maps the websocket decorators to the route they handle and the
// name Chalice gives their function.
var wsRoutes = map[string][2]string{
	"on_ws_connect":    {"$connect", "websocket_connect"},
	"on_ws_message":    {"$default", "websocket_message"},
	"on_ws_disconnect": {"$disconnect", "websocket_disconnect"},
}

// decorator declares what one @app.<name>(...) decorator deploys.
func (b *builder) decorator(c *call, pyName string, loc model.Location) {
	handler := b.module + "." + pyName
	name := pyName
	if n := b.src.eval(c.kwargs["name"], nil); n.Origin == model.Explicit && n.V != "" {
		name = n.V
	}
	name = b.namePrefix + name
	switch {
	case c.name == "route":
		b.route(c, loc)
	case c.name == "lambda_function":
		// lambda_function(name=None) takes the name first; authorizer's
		// first parameter is ttl_seconds, so its name is keyword-only.
		if n := b.src.eval(c.arg(0, "name"), nil); n.Origin == model.Explicit && n.V != "" {
			name = b.namePrefix + n.V
		}
		b.function(name, name, handler, loc)
	case c.name == "authorizer":
		b.function(name, name, handler, loc)
	case wsRoutes[c.name][0] != "":
		b.websocket(c.name, handler, loc)
	default:
		ev, ok := eventKinds[c.name]
		if !ok {
			return
		}
		f := b.function(name, name, handler, loc)
		src := b.eventSource(c, ev.arg, b.envOf(name))
		if src.Origin == model.Unset {
			b.problem(loc, fmt.Sprintf("@%s.%s has no %s", c.recv, c.name, ev.arg))
		}
		b.trigger(f, &model.Trigger{ID: name + ":" + c.name, Kind: ev.kind, Loc: loc, Source: src})
	}
}

// eventSource resolves the argument naming an event's source.
func (b *builder) eventSource(c *call, arg string, env envFunc) model.String {
	switch arg {
	case "expression":
		return b.schedule(c.arg(0, arg), env)
	case "event_pattern":
		n := c.arg(0, arg)
		if n == nil {
			return model.String{}
		}
		return model.Str(b.src.snippet(n), b.src.loc(n))
	case "queue":
		if arn := c.kwargs["queue_arn"]; arn != nil {
			return b.src.eval(arn, env)
		}
	}
	return b.src.eval(c.arg(0, arg), env)
}

// schedule renders a schedule expression: a string, Rate(n, unit=...) or
// Cron(...).
func (b *builder) schedule(n *pnode, env envFunc) model.String {
	c := b.src.asCall(n)
	if c == nil {
		return b.src.eval(n, env)
	}
	switch c.name {
	case "Rate":
		v := b.src.eval(c.arg(0, "value"), env)
		unit := strings.ToLower(b.src.of(c.arg(1, "unit")))
		unit = unit[strings.LastIndexByte(unit, '.')+1:]
		if v.Origin != model.Explicit || unit == "" {
			break
		}
		if v.V == "1" {
			unit = strings.TrimSuffix(unit, "s")
		}
		return model.Str("rate("+v.V+" "+unit+")", b.src.loc(n))
	case "Cron":
		var parts []string
		for i, kw := range []string{"minutes", "hours", "day_of_month", "month", "day_of_week", "year"} {
			v := b.src.eval(c.arg(i, kw), env)
			if v.Origin != model.Explicit {
				return b.src.unresolved(n, b.src.snippet(n))
			}
			parts = append(parts, v.V)
		}
		return model.Str("cron("+strings.Join(parts, " ")+")", b.src.loc(n))
	}
	return b.src.unresolved(n, b.src.snippet(n))
}

// websocket declares a websocket handler function and its route on the
// application's websocket API.
func (b *builder) websocket(decorator, handler string, loc model.Location) {
	rt := wsRoutes[decorator]
	f := b.function(rt[1], rt[1], handler, loc)
	if b.ws == nil {
		b.ws = &model.API{ID: "WebsocketAPI", Kind: model.APIWebSocket, Loc: loc, Implicit: true,
			Name: defaulted(b.appName+"-"+b.cfg.stage+"-websocket-api", loc), EndpointType: defaulted("REGIONAL", loc)}
		b.ws.Stages = []*model.Stage{{Name: b.apiStage(loc), Loc: loc}}
		b.app.APIs = append(b.app.APIs, b.ws)
		b.domain(b.ws, "websocket_api_custom_domain")
	}
	r := &model.Route{Loc: loc, Method: defaulted("ANY", loc), Path: defaulted(rt[0], loc),
		Auth: defaulted("NONE", loc), FunctionID: f.ID}
	b.ws.Routes = append(b.ws.Routes, r)
	b.trigger(f, &model.Trigger{ID: b.ws.ID + ":" + rt[0], Kind: model.TriggerWebSocket, Loc: loc, API: b.ws, Route: r,
		Source: defaulted(rt[0], loc)})
}

func (b *builder) apiStage(loc model.Location) model.String {
	if s := b.cfg.str(b.cfg.lookup("api_gateway_stage", apiHandlerName)); s.V != "" {
		return s
	}
	return defaulted(defaultAPIStage, loc)
}

// route adds the routes of @app.route to the REST API, served by the one
// API handler function.
func (b *builder) route(c *call, loc model.Location) {
	f := b.function(apiHandlerID, apiHandlerName, "app.app", loc)
	api := b.restAPI(loc)
	path := b.src.eval(c.arg(0, "path"), nil)
	if b.urlPrefix != "" && path.Origin == model.Explicit {
		path.V = b.urlPrefix + path.V
	}
	methods := b.src.evalList(c.kwargs["methods"], nil)
	if len(methods) == 0 {
		methods = []model.String{defaulted("GET", loc)}
	}
	auth := defaulted("NONE", loc)
	if az := c.kwargs["authorizer"]; az != nil {
		auth = b.authorizer(api, az)
	}
	var key model.Bool
	if k := b.src.eval(c.kwargs["api_key_required"], nil); k.Origin == model.Explicit {
		key = model.Bool{V: k.V == "true", Loc: k.Loc, Origin: model.Explicit}
	}
	for _, m := range methods {
		m.V = strings.ToUpper(m.V)
		r := &model.Route{Loc: loc, Method: m, Path: path, Auth: auth, APIKeyRequired: key, FunctionID: f.ID}
		api.Routes = append(api.Routes, r)
		b.trigger(f, &model.Trigger{ID: api.ID + ":" + m.V + " " + path.Text(), Kind: model.TriggerRESTAPI, Loc: loc,
			API: api, Route: r, Source: model.String{V: m.V + " " + path.V, Loc: loc, Origin: path.Origin, Symbol: path.Symbol}})
	}
}

// restAPI returns the application's REST API, creating it on first use.
func (b *builder) restAPI(loc model.Location) *model.API {
	if b.rest != nil {
		return b.rest
	}
	a := &model.API{ID: "RestAPI", Kind: model.APIREST, Loc: loc, Implicit: true,
		Name: defaulted(b.appName, loc), EndpointType: defaulted(defaultEndpoint, loc)}
	if ep := b.cfg.str(b.cfg.lookup("api_gateway_endpoint_type", apiHandlerName)); ep.V != "" {
		ep.V = strings.ToUpper(ep.V)
		a.EndpointType = ep
	}
	a.Stages = []*model.Stage{{Name: b.apiStage(loc), Loc: loc}}
	if pf := b.cfg.str(b.cfg.lookup("api_gateway_policy_file", apiHandlerName)); pf.V != "" {
		a.ResourcePolicy = b.policyFile(pf)
	}
	b.rest = a
	b.app.APIs = append(b.app.APIs, a)
	b.domain(a, "api_gateway_custom_domain")
	return a
}

// domain reads a custom domain setting; Chalice asks API Gateway for
// TLS 1.2 unless tls_version says otherwise.
func (b *builder) domain(a *model.API, key string) {
	n := b.cfg.lookup(key, apiHandlerName)
	name := b.cfg.str(get(n, "domain_name"))
	if name.Origin == model.Unset {
		return
	}
	d := &model.Domain{ID: a.ID + "Domain", APIID: a.ID, Name: name, Loc: b.cfg.loc(n),
		SecurityPolicy: b.cfg.str(get(n, "tls_version"))}
	if d.SecurityPolicy.Origin == model.Unset {
		d.SecurityPolicy = defaulted("TLS_1_2", d.Loc)
	}
	b.app.Domains = append(b.app.Domains, d)
}

// authorizer resolves a route's authorizer= argument: IAMAuthorizer(),
// CognitoUserPoolAuthorizer(name, ...), CustomAuthorizer(name, ...), a
// function decorated with @app.authorizer, or a constant holding one.
func (b *builder) authorizer(api *model.API, n *pnode) model.String {
	loc := b.src.loc(n)
	for depth := 0; n.kind == "identifier" && depth < maxRefs; depth++ {
		name := b.src.of(n)
		if def := b.src.defs[name]; def != nil {
			return b.builtinAuthorizer(api, name, def, loc)
		}
		next, ok := b.src.consts[name]
		if !ok {
			break
		}
		n = next
	}
	c := b.src.asCall(n)
	if c == nil {
		return b.src.unresolved(n, "authorizer "+b.src.snippet(n))
	}
	switch c.name {
	case "IAMAuthorizer":
		return model.Str("AWS_IAM", loc)
	case "CognitoUserPoolAuthorizer", "CustomAuthorizer":
		name := b.src.eval(c.arg(0, "name"), nil)
		if name.Origin != model.Explicit {
			return b.src.unresolved(n, "authorizer "+b.src.snippet(n))
		}
		typ := "COGNITO"
		if c.name == "CustomAuthorizer" {
			typ = "LAMBDA"
		}
		b.addAuthorizer(api, name, typ)
		return model.Str(name.V, loc)
	}
	return b.src.unresolved(n, "authorizer "+b.src.snippet(n))
}

// builtinAuthorizer handles a reference to an @app.authorizer function:
// the authorizer is named after the function.
func (b *builder) builtinAuthorizer(api *model.API, pyName string, def *pnode, loc model.Location) model.String {
	name := pyName
	for _, d := range def.kids {
		if k := d.named0(); d.kind == "decorator" && len(k) == 1 {
			if c := b.src.asCall(k[0]); c != nil && c.name == "authorizer" {
				if n := b.src.eval(c.arg(-1, "name"), nil); n.Origin == model.Explicit && n.V != "" {
					name = n.V
				}
			}
		}
	}
	b.addAuthorizer(api, model.Str(name, loc), "LAMBDA")
	return model.Str(name, loc)
}

func (b *builder) addAuthorizer(api *model.API, name model.String, typ string) {
	for _, a := range api.Authorizers {
		if a.Name.V == name.V {
			return
		}
	}
	api.Authorizers = append(api.Authorizers, &model.Authorizer{Name: name, Type: typ, Loc: name.Loc})
}
