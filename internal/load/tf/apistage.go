package tf

import (
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

func (b *builder) restStage(in *instance, p blk) {
	a := b.apiOf(p.str("rest_api_id"))
	if a == nil {
		return
	}
	st := &model.Stage{Name: p.str("stage_name"), Loc: in.r.loc}
	al := p.block("access_log_settings")
	st.AccessLogging = model.Bool{V: al.has("destination_arn"), Loc: al.loc, Origin: model.Explicit}
	if !al.exists() {
		st.AccessLogging = model.Bool{Loc: in.r.loc, Origin: model.Defaulted}
	}
	b.addStage(a, st)
	b.stageAPI(in, a)
}

// stageAPI remembers which API a stage belongs to, for WAF associations
// and method settings that name the stage.
func (b *builder) stageAPI(in *instance, a *model.API) {
	b.apis[in.id()] = a
	b.apis[in.r.addr] = a
}

// restDeployment reads the stage a deployment creates with stage_name.
func (b *builder) restDeployment(in *instance, p blk) {
	a := b.apiOf(p.str("rest_api_id"))
	if a == nil || !p.has("stage_name") {
		return
	}
	b.addStage(a, &model.Stage{Name: p.str("stage_name"), Loc: in.r.loc,
		AccessLogging: model.Bool{Loc: in.r.loc, Origin: model.Defaulted}})
}

func (b *builder) addStage(a *model.API, st *model.Stage) {
	for _, s := range a.Stages {
		if s.Name.V == st.Name.V && st.Name.Origin == model.Explicit && s.Name.Origin == model.Explicit {
			*s = *st
			return
		}
	}
	a.Stages = append(a.Stages, st)
}

func (b *builder) methodSettings(in *instance, p blk) {
	a := b.apiOf(p.str("rest_api_id"))
	if a == nil {
		return
	}
	s := p.block("settings")
	if positive(s.int("throttling_rate_limit")) || positive(s.int("throttling_burst_limit")) {
		a.Throttle = model.Bool{V: true, Loc: s.loc, Origin: model.Explicit}
		for _, st := range a.Stages {
			if st.Name.V == p.str("stage_name").V {
				st.Throttle = a.Throttle
			}
		}
	}
}

func positive(v model.Int) bool {
	return v.Origin == model.Explicit && v.V > 0 || v.Origin == model.Unresolved
}

func (b *builder) usagePlan(in *instance, p blk) {
	for _, s := range p.blocks("api_stages") {
		a := b.apiOf(s.str("api_id"))
		if a == nil {
			continue
		}
		a.UsagePlan = model.Bool{V: true, Loc: in.r.loc, Origin: model.Explicit}
		if p.block("throttle_settings").exists() || s.block("throttle").exists() {
			a.Throttle = model.Bool{V: true, Loc: in.r.loc, Origin: model.Explicit}
		}
	}
}

func (b *builder) restDomain(in *instance, p blk) {
	b.app.Domains = append(b.app.Domains, &model.Domain{ID: in.id(), Name: p.str("domain_name"), Loc: in.r.loc,
		SecurityPolicy: p.str("security_policy")})
}

func (b *builder) v2Domain(in *instance, p blk) {
	d := &model.Domain{ID: in.id(), Name: p.str("domain_name"), Loc: in.r.loc}
	d.SecurityPolicy = p.block("domain_name_configuration").str("security_policy")
	if d.SecurityPolicy.Origin == model.Unset {
		d.SecurityPolicy = model.String{V: "TLS_1_2", Loc: in.r.loc, Origin: model.Defaulted}
	}
	b.app.Domains = append(b.app.Domains, d)
}

func (b *builder) v2Route(in *instance, p blk) {
	a := b.apiOf(p.str("api_id"))
	if a == nil {
		return
	}
	key := p.str("route_key")
	method, path, ok := strings.Cut(key.V, " ")
	if !ok {
		method, path = "ANY", key.V
	}
	route := &model.Route{
		Loc:            in.r.loc,
		Method:         model.String{V: method, Loc: key.Loc, Origin: key.Origin},
		Path:           model.String{V: path, Loc: key.Loc, Origin: key.Origin},
		Auth:           p.str("authorization_type"),
		APIKeyRequired: p.bool("api_key_required"),
	}
	if route.Auth.V == "JWT" || route.Auth.V == "CUSTOM" {
		if id := p.str("authorizer_id"); id.Origin != model.Unset {
			route.Auth.V += ":" + id.Text()
		}
	}
	a.Routes = append(a.Routes, route)
	target := p.str("target")
	if ip, _, ok := b.m.blkOf(target.RefTarget, "aws_apigatewayv2_integration"); ok {
		target = ip.str("integration_uri")
	}
	b.routeTarget(a, route, target, in.r.loc)
}

func (b *builder) v2Stage(in *instance, p blk) {
	a := b.apiOf(p.str("api_id"))
	if a == nil {
		return
	}
	st := &model.Stage{Name: p.str("name"), Loc: in.r.loc}
	al := p.block("access_log_settings")
	st.AccessLogging = model.Bool{V: al.has("destination_arn"), Loc: al.loc, Origin: model.Explicit}
	if !al.exists() {
		st.AccessLogging = model.Bool{Loc: in.r.loc, Origin: model.Defaulted}
	}
	rs := p.block("default_route_settings")
	if positive(rs.int("throttling_rate_limit")) || positive(rs.int("throttling_burst_limit")) {
		st.Throttle = model.Bool{V: true, Loc: rs.loc, Origin: model.Explicit}
		a.Throttle = st.Throttle
	}
	b.addStage(a, st)
	b.stageAPI(in, a)
}

func (b *builder) wafAssociation(in *instance, p blk) {
	b.wafTargets = append(b.wafTargets, p.str("resource_arn"))
}

func (b *builder) finishAPIs() {
	for _, t := range b.wafTargets {
		if a := b.apiOf(t); a != nil {
			a.WAF = model.Bool{V: true, Loc: t.Loc, Origin: model.Explicit}
		}
	}
	for _, a := range b.app.APIs {
		for _, r := range a.Routes {
			if r.Auth.Origin == model.Unset {
				r.Auth = model.String{V: "NONE", Loc: r.Loc, Origin: model.Defaulted}
			}
		}
	}
}

func (b *builder) restAPIPolicy(in *instance, p blk) {
	if a := b.apiOf(p.str("rest_api_id")); a != nil {
		a.ResourcePolicy = append(a.ResourcePolicy, b.policyAttr(p, "policy", "API resource policy")...)
	}
}
