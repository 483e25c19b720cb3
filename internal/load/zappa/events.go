package zappa

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

// api builds the REST API Zappa puts in front of the WSGI application: a
// root and a greedy proxy resource, both with method ANY.
func (b *builder) api(stage string, loc model.Location, st *node, f *model.Function) {
	if on, ok := st.get("apigateway_enabled").boolean(); ok && !on.V {
		return
	}
	a := &model.API{ID: stage + "-api", Kind: model.APIREST, Loc: loc, Implicit: true, Name: f.Name,
		EndpointType: defStr(defaultEndpoint, loc)}
	if ep := st.get("endpoint_configuration"); ep != nil {
		if types := ep.strs(); len(types) > 0 {
			a.EndpointType = types[0]
			a.EndpointType.V = strings.ToUpper(a.EndpointType.V)
		}
	}
	a.Stages = []*model.Stage{{Name: defStr(stage, loc), Loc: loc}}
	if k, ok := st.get("api_key_required").boolean(); ok {
		a.APIKeyRequired = k
	}
	auth := defStr("NONE", loc)
	az := st.get("authorizer")
	iam, _ := st.get("iam_authorization").boolean()
	switch {
	case iam.V:
		auth = model.String{V: "AWS_IAM", Loc: iam.Loc, Origin: model.Explicit}
	case az != nil && az.k == kMap:
		typ := "LAMBDA"
		if t := az.get("type").str(); strings.EqualFold(t.V, "COGNITO_USER_POOLS") {
			typ = "COGNITO"
		}
		// Zappa names the authorizer after the function it calls.
		name := az.get("function").str()
		if name.V == "" {
			name = az.get("arn").str()
		}
		if name.V == "" {
			name = model.String{V: "ZappaAuthorizer", Loc: az.loc, Origin: model.Defaulted}
		}
		a.Authorizers = append(a.Authorizers, &model.Authorizer{Name: name, Type: typ, Loc: az.loc})
		auth = name
	}
	if rp := st.get("apigateway_policy").str(); rp.V != "" {
		if doc := b.policyFile(rp); doc != nil {
			a.ResourcePolicy = statements(doc, "apigateway_policy "+rp.V)
		}
	}
	for _, path := range []string{"/", "/{proxy+}"} {
		r := &model.Route{Loc: loc, Method: defStr("ANY", loc), Path: defStr(path, loc), Auth: auth,
			APIKeyRequired: a.APIKeyRequired, FunctionID: f.ID}
		a.Routes = append(a.Routes, r)
		b.trigger(f, &model.Trigger{ID: a.ID + ":ANY " + path, Kind: model.TriggerRESTAPI, Loc: loc, API: a, Route: r,
			Source: defStr("ANY "+path, loc)})
	}
	b.app.APIs = append(b.app.APIs, a)
	// Zappa creates the custom domain without a security policy, which
	// leaves API Gateway's default in force.
	if d := st.get("domain").str(); d.V != "" {
		b.app.Domains = append(b.app.Domains, &model.Domain{ID: a.ID + "-domain", APIID: a.ID, Name: d, Loc: d.Loc})
	}
}

// url reads the function URL settings of recent Zappa versions.
func (b *builder) url(st *node, f *model.Function) {
	on, ok := st.get("function_url_enabled").boolean()
	if !ok || !on.V {
		return
	}
	cfg := st.get("function_url_config")
	auth := cfg.get("authorizer").str()
	if auth.V == "" {
		auth = defStr("NONE", on.Loc)
	}
	f.URL = &model.URL{Loc: on.Loc, AuthType: auth}
	if cors := cfg.get("cors"); cors != nil {
		f.URL.CORSOrigins = cors.get("allowOrigins").strs()
	}
	b.trigger(f, &model.Trigger{ID: f.ID + "-url", Kind: model.TriggerURL, Loc: on.Loc, Source: auth})
}

func (b *builder) trigger(f *model.Function, t *model.Trigger) {
	t.Function, t.FunctionID = f, f.ID
	f.Triggers = append(f.Triggers, t)
	b.app.Triggers = append(b.app.Triggers, t)
}

// events reads the stage's scheduled and event-source events and the
// keep-warm schedule. Zappa routes every event to the stage's one Lambda
// function, which dispatches to the Python function the event names.
func (b *builder) events(stage string, loc model.Location, st *node, f *model.Function) {
	warm, ok := st.get("keep_warm").boolean()
	if !ok || warm.V {
		expr := st.get("keep_warm_expression").str()
		if expr.V == "" {
			wloc := loc
			if ok {
				wloc = warm.Loc
			}
			expr = defStr(defaultKeepWarm, wloc)
		}
		b.trigger(f, &model.Trigger{ID: stage + ":keep_warm", Kind: model.TriggerSchedule, Loc: expr.Loc, Source: expr})
	}
	if alb, ok := st.get("alb_enabled").boolean(); ok && alb.V {
		b.trigger(f, &model.Trigger{ID: stage + ":alb", Kind: model.TriggerALB, Loc: alb.Loc, Source: model.Str("alb", alb.Loc)})
	}
	evs := st.get("events")
	if evs != nil && evs.k != kList {
		b.problem(evs.loc, "events must be a list")
		return
	}
	for i, ev := range evs.list() {
		if ev.k != kMap {
			b.problem(ev.loc, "an event must be a map")
			continue
		}
		id := stage + ":event" + strconv.Itoa(i)
		if name := ev.get("name").str(); name.V != "" {
			id = stage + ":" + name.V
		}
		exprs := ev.get("expressions").strs()
		if e := ev.get("expression").str(); e.V != "" {
			exprs = append([]model.String{e}, exprs...)
		}
		for j, e := range exprs {
			tid := id
			if j > 0 {
				tid += "#" + strconv.Itoa(j)
			}
			b.trigger(f, &model.Trigger{ID: tid, Kind: model.TriggerSchedule, Loc: ev.loc, Source: e})
		}
		src := ev.get("event_source")
		if src == nil {
			if len(exprs) == 0 {
				b.problem(ev.loc, fmt.Sprintf("event %d has neither expression nor event_source", i))
			}
			continue
		}
		arn := src.get("arn").str()
		if arn.V == "" {
			b.problem(src.loc, "event_source has no arn")
			continue
		}
		b.trigger(f, &model.Trigger{ID: id, Kind: arnKind(arn.V), Loc: ev.loc, Source: arn})
	}
}

// arnKind tells an event source's type from its ARN, as Zappa does.
func arnKind(arn string) model.TriggerKind {
	parts := strings.SplitN(arn, ":", 4)
	if len(parts) < 3 {
		return model.TriggerOther
	}
	switch parts[2] {
	case "s3":
		return model.TriggerS3
	case "sns":
		return model.TriggerSNS
	case "sqs":
		return model.TriggerSQS
	case "dynamodb":
		return model.TriggerDynamoDB
	case "kinesis":
		return model.TriggerKinesis
	case "events":
		return model.TriggerEventBridge
	}
	return model.TriggerOther
}
