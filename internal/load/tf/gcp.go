package tf

import (
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

// Google Cloud Functions defaults.
const (
	gcpDefaultTimeout = 60
	gcpDefaultMemory  = 256
	// gcpGen2MaxInstances is the instance limit of a 2nd gen function
	// that sets none.
	gcpGen2MaxInstances = 100
)

// gcpFunction reads a 1st gen Cloud Function.
func (b *builder) gcpFunction(in *instance, p blk) {
	f := b.gcpCommon(in, p)
	f.Runtime = p.str("runtime")
	f.Handler = p.str("entry_point")
	f.Timeout = orDefault(p.int("timeout"), gcpDefaultTimeout, in.r.loc)
	f.Memory = orDefault(p.int("available_memory_mb"), gcpDefaultMemory, in.r.loc)
	for _, e := range p.pairs("environment_variables") {
		f.Env = append(f.Env, model.EnvVar{Name: e.key, Value: e.val})
	}
	f.ReservedConcurrency = p.int("max_instances")
	f.Region = p.str("region")
	b.gcpIdentity(f, p.str("service_account_email"), "the App Engine default service account", in.r.loc)
	if et := p.block("event_trigger"); et.exists() {
		b.addTrigger(f, &model.Trigger{ID: in.id() + ":event", Kind: gcpEventKind(et.str("event_type").V), Loc: et.loc, Source: et.str("resource")})
	}
	if p.bool("trigger_http").V {
		b.gcpURL(in, f, p.str("ingress_settings"))
		// 1st gen HTTP functions serve plain HTTP too unless
		// https_trigger_security_level is SECURE_ALWAYS.
		level := p.str("https_trigger_security_level")
		f.HTTPSOnly = model.Bool{V: level.V == "SECURE_ALWAYS", Loc: level.Loc, Origin: level.Origin}
		if level.Origin == model.Unset {
			f.HTTPSOnly = model.Bool{V: false, Loc: in.r.loc, Origin: model.Defaulted}
		}
	}
	b.addFunction(in, f)
}

// gcpFunction2 reads a 2nd gen Cloud Function, which runs as a Cloud Run
// service: an HTTP endpoint unless it has an event trigger.
func (b *builder) gcpFunction2(in *instance, p blk) {
	f := b.gcpCommon(in, p)
	bc, sc := p.block("build_config"), p.block("service_config")
	f.Runtime = bc.str("runtime")
	f.Handler = bc.str("entry_point")
	f.Timeout = orDefault(sc.int("timeout_seconds"), gcpDefaultTimeout, in.r.loc)
	f.Memory = gcpMemory(sc.str("available_memory"), in.r.loc)
	for _, e := range sc.pairs("environment_variables") {
		f.Env = append(f.Env, model.EnvVar{Name: e.key, Value: e.val})
	}
	f.ReservedConcurrency = sc.int("max_instance_count")
	if f.ReservedConcurrency.Origin == model.Unset {
		f.ReservedConcurrency = model.Int{V: gcpGen2MaxInstances, Loc: in.r.loc, Origin: model.Defaulted}
	}
	f.Region = p.str("location")
	b.gcpIdentity(f, sc.str("service_account_email"), "the Compute Engine default service account", in.r.loc)
	if et := p.block("event_trigger"); et.exists() {
		src := et.str("pubsub_topic")
		if src.Origin == model.Unset {
			src = et.str("event_type")
		}
		b.addTrigger(f, &model.Trigger{ID: in.id() + ":event", Kind: gcpEventKind(et.str("event_type").V), Loc: et.loc, Source: src})
	} else {
		b.gcpURL(in, f, sc.str("ingress_settings"))
	}
	b.addFunction(in, f)
}

func (b *builder) gcpCommon(in *instance, p blk) *model.Function {
	f := &model.Function{ID: b.functionID(in), Loc: in.r.loc, Name: p.str("name")}
	if f.Name.Origin == model.Unset {
		f.Name = model.String{V: in.r.name, Loc: in.r.loc, Origin: model.Defaulted}
	}
	f.EnvKMSKey = p.str("kms_key_name")
	return f
}

// gcpMemory reads a Cloud Run memory size ("256M", "1Gi") in MB.
func gcpMemory(s model.String, loc model.Location) model.Int {
	if s.Origin != model.Explicit {
		return model.Int{V: gcpDefaultMemory, Loc: loc, Origin: model.Defaulted}
	}
	v := strings.TrimSpace(s.V)
	mult := 1
	for _, suf := range []struct {
		s string
		m int
	}{{"Gi", 1024}, {"G", 1000}, {"Mi", 1}, {"M", 1}} {
		if strings.HasSuffix(v, suf.s) {
			v, mult = strings.TrimSuffix(v, suf.s), suf.m
			break
		}
	}
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' || n > 1<<30 {
			return model.Int{Loc: s.Loc, Origin: model.Unresolved, Symbol: s.V}
		}
		n = n*10 + int(c-'0')
	}
	return model.Int{V: n * mult, Loc: s.Loc, Origin: model.Explicit}
}

// gcpIdentity records the service account a function runs as; without
// one, Google uses a default account that has the Editor role on the
// project unless the organisation restricts it.
func (b *builder) gcpIdentity(f *model.Function, sa model.String, def string, loc model.Location) {
	if sa.Origin == model.Unset {
		f.RoleRef = model.String{V: def, Loc: loc, Origin: model.Defaulted}
		return
	}
	f.RoleRef = sa
}

// gcpURL gives an HTTP function its endpoint; invokers are read later.
// Internal-only ingress keeps it off the internet.
func (b *builder) gcpURL(in *instance, f *model.Function, ingress model.String) {
	if strings.HasPrefix(ingress.V, "ALLOW_INTERNAL") {
		return
	}
	loc := in.r.loc
	f.URL = &model.URL{Loc: loc, AuthType: model.String{V: "IAM", Loc: loc, Origin: model.Defaulted}}
	b.addTrigger(f, &model.Trigger{ID: in.id() + ":http", Kind: model.TriggerURL, Loc: loc, Source: f.URL.AuthType})
}

func gcpEventKind(eventType string) model.TriggerKind {
	switch {
	case strings.Contains(eventType, "pubsub"):
		return model.TriggerSNS
	case strings.Contains(eventType, "storage"):
		return model.TriggerS3
	}
	return model.TriggerOther
}

// gcpInvoker reads an IAM member or binding on a function (or on the Cloud
// Run service of a 2nd gen function). allUsers and allAuthenticatedUsers
// make the function callable by anyone.
func (b *builder) gcpInvoker(in *instance, p blk) {
	target := p.str("cloud_function")
	if target.Origin == model.Unset {
		target = p.str("service")
	}
	if target.Origin == model.Unset {
		target = p.str("name")
	}
	f := b.function(target)
	role := p.str("role")
	if f == nil || !strings.HasSuffix(role.V, ".invoker") {
		return
	}
	members := p.strs("members")
	if m := p.str("member"); m.Origin != model.Unset {
		members = append(members, m)
	}
	for _, m := range members {
		principal := m
		if m.V == "allUsers" || m.V == "allAuthenticatedUsers" {
			principal.V = "*"
			if f.URL != nil {
				f.URL.AuthType = model.String{V: "NONE", Loc: m.Loc, Origin: model.Explicit}
			}
		}
		b.app.Grants = append(b.app.Grants, &model.Grant{ID: in.id(), Loc: in.r.loc, FunctionID: f.ID, FunctionRef: target,
			Action: role, Principal: principal})
	}
}

// gcpProjectRole gives a service account the project role granted to it;
// Owner and Editor allow (nearly) every action in the project.
func (b *builder) gcpProjectRole(in *instance, p blk) {
	role := p.str("role")
	members := p.strs("members")
	if m := p.str("member"); m.Origin != model.Unset {
		members = append(members, m)
	}
	for _, m := range members {
		sa := strings.TrimPrefix(m.V, "serviceAccount:")
		for _, f := range b.app.Functions {
			if f.RoleRef.Origin == model.Unset || (f.RoleRef.V != sa && (f.RoleRef.RefTarget == "" || f.RoleRef.RefTarget != m.RefTarget)) {
				continue
			}
			r := b.roleFor(f.RoleRef)
			action := role
			if role.V == "roles/owner" || role.V == "roles/editor" {
				action.V = "*"
			}
			r.Statements = append(r.Statements, &model.Statement{Loc: in.r.loc, Source: "project role " + role.Text(),
				Effect: model.String{V: "Allow", Loc: in.r.loc, Origin: model.Defaulted}, Action: []model.String{action},
				Resource: []model.String{p.str("project")}})
		}
	}
}
