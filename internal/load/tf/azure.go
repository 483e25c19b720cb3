package tf

import (
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

var otherHandlers = map[string]handler{
	"azurerm_linux_function_app":                  {phaseFunction, (*builder).azureFunctionApp},
	"azurerm_windows_function_app":                {phaseFunction, (*builder).azureFunctionApp},
	"azurerm_function_app":                        {phaseFunction, (*builder).azureFunctionApp},
	"azurerm_role_assignment":                     {phaseAttach, (*builder).azureRoleAssignment},
	"azurerm_function_app_function":               {phaseAttach, (*builder).azureFunction},
	"google_cloudfunctions_function":              {phaseFunction, (*builder).gcpFunction},
	"google_cloudfunctions2_function":             {phaseFunction, (*builder).gcpFunction2},
	"google_cloudfunctions_function_iam_member":   {phaseAttach, (*builder).gcpInvoker},
	"google_cloudfunctions_function_iam_binding":  {phaseAttach, (*builder).gcpInvoker},
	"google_cloudfunctions2_function_iam_member":  {phaseAttach, (*builder).gcpInvoker},
	"google_cloudfunctions2_function_iam_binding": {phaseAttach, (*builder).gcpInvoker},
	"google_cloud_run_service_iam_member":         {phaseAttach, (*builder).gcpInvoker},
	"google_cloud_run_service_iam_binding":        {phaseAttach, (*builder).gcpInvoker},
	"google_cloud_run_v2_service_iam_member":      {phaseAttach, (*builder).gcpInvoker},
	"google_cloud_run_v2_service_iam_binding":     {phaseAttach, (*builder).gcpInvoker},
	"google_project_iam_member":                   {phaseAttach, (*builder).gcpProjectRole},
	"google_project_iam_binding":                  {phaseAttach, (*builder).gcpProjectRole},
}

// azureFunctionApp reads an Azure function app: app settings are its
// environment, the application stack its runtime ("node|20", as the
// runtime table writes Azure IDs), a managed identity its role.
func (b *builder) azureFunctionApp(in *instance, p blk) {
	f := &model.Function{ID: b.functionID(in), Loc: in.r.loc, Name: p.str("name")}
	if f.Name.Origin == model.Unset {
		f.Name = model.String{V: in.r.name, Loc: in.r.loc, Origin: model.Defaulted}
	}
	settings := p.pairs("app_settings")
	for _, e := range settings {
		f.Env = append(f.Env, model.EnvVar{Name: e.key, Value: e.val})
	}
	sc := p.block("site_config")
	f.Runtime = azureRuntime(sc, settings)
	// Function apps accept plain HTTP unless https_only is set; the
	// minimum TLS version defaults to 1.2 in the azurerm provider.
	f.HTTPSOnly = p.bool("https_only")
	if f.HTTPSOnly.Origin == model.Unset {
		f.HTTPSOnly = model.Bool{V: false, Loc: in.r.loc, Origin: model.Defaulted}
	}
	f.MinTLS = sc.str("minimum_tls_version")
	if f.MinTLS.Origin == model.Unset {
		f.MinTLS = model.String{V: "1.2", Loc: in.r.loc, Origin: model.Defaulted}
	}
	f.Region = p.str("location")
	if id := p.block("identity"); id.exists() {
		f.Role = &model.Role{ID: in.id() + ".identity", Name: id.str("type"), Loc: id.loc, Implicit: true}
		b.roles[in.id()] = f.Role
		if _, ok := b.roles[in.r.addr]; !ok {
			b.roles[in.r.addr] = f.Role
		}
		b.app.Roles = append(b.app.Roles, f.Role)
	}
	if easyAuth(p) {
		b.easyAuth[f] = true
	}
	b.addFunction(in, f)
}

// easyAuth reports whether App Service authentication turns away
// unauthenticated requests before they reach the functions.
func easyAuth(p blk) bool {
	if a := p.block("auth_settings"); a.bool("enabled").V {
		action := a.str("unauthenticated_client_action")
		return action.V != "AllowAnonymous"
	}
	if a := p.block("auth_settings_v2"); a.bool("auth_enabled").V {
		action := a.str("unauthenticated_action")
		return a.bool("require_authentication").V || (action.Origin == model.Explicit && action.V != "AllowAnonymous")
	}
	return false
}

// azureRuntime reads the runtime from application_stack, or from the
// linux_fx_version and FUNCTIONS_WORKER_RUNTIME of the older resource.
func azureRuntime(sc blk, settings []kv) model.String {
	stack := sc.block("application_stack")
	isolated := stack.bool("use_dotnet_isolated_runtime").V
	for _, lang := range [][2]string{{"node_version", "node"}, {"python_version", "python"}, {"java_version", "java"},
		{"powershell_core_version", "powershell"}, {"dotnet_version", "dotnet"}} {
		v := stack.str(lang[0])
		if v.Origin == model.Unset {
			continue
		}
		name := lang[1]
		if name == "dotnet" && isolated {
			name = "dotnet-isolated"
		}
		if v.Origin == model.Explicit {
			v.V = name + "|" + strings.TrimPrefix(strings.ToLower(v.V), "~")
		}
		return v
	}
	if fx := sc.str("linux_fx_version"); fx.Origin != model.Unset {
		fx.V = strings.ToLower(fx.V)
		return fx
	}
	for _, s := range settings {
		if s.key.V == "FUNCTIONS_WORKER_RUNTIME" {
			return s.val
		}
	}
	return model.String{}
}

// azureRoleAssignment gives a function app's managed identity the role
// assigned to it. Owner and Contributor allow every action on the scope.
func (b *builder) azureRoleAssignment(in *instance, p blk) {
	principal := p.str("principal_id")
	role, ok := b.roles[principal.RefTarget]
	if !ok {
		return
	}
	name := p.str("role_definition_name")
	if name.Origin == model.Unset {
		name = p.str("role_definition_id")
	}
	action := name
	switch strings.ToLower(name.V) {
	case "owner", "contributor":
		action.V = "*"
	}
	role.Statements = append(role.Statements, &model.Statement{
		Loc: in.r.loc, Source: "Azure role " + name.Text(),
		Effect:   model.String{V: "Allow", Loc: in.r.loc, Origin: model.Defaulted},
		Action:   []model.String{action},
		Resource: []model.String{p.str("scope")},
	})
}

// azureFunction reads one function of a function app and its bindings:
// an HTTP trigger with authLevel anonymous makes the app callable without
// a key, which the model records as an open URL. Other triggers are kept
// as they are named; their retry semantics differ from Lambda's event
// sources.
func (b *builder) azureFunction(in *instance, p blk) {
	f := b.function(p.str("function_app_id"))
	if f == nil {
		return
	}
	tree := b.policyTree(p, "config_json")
	for _, bind := range tree.get("bindings").items() {
		typ := bind.get("type").str()
		if typ.V == "httpTrigger" {
			b.azureHTTP(in, f, bind, typ)
			continue
		}
		if !strings.HasSuffix(typ.V, "Trigger") {
			continue
		}
		src := typ
		for _, key := range []string{"queueName", "path", "topicName", "eventHubName", "schedule", "collectionName"} {
			if v := bind.get(key).str(); v.Origin != model.Unset {
				src.V += " " + v.Text()
				break
			}
		}
		kind := model.TriggerOther
		if typ.V == "timerTrigger" {
			kind = model.TriggerSchedule
		}
		b.addTrigger(f, &model.Trigger{ID: in.id() + ":" + typ.V, Kind: kind, Loc: typ.Loc, Source: src})
	}
}

func (b *builder) azureHTTP(in *instance, f *model.Function, bind *pv, typ model.String) {
	auth := bind.get("authLevel").str()
	if auth.Origin == model.Unset {
		// The Functions runtime's default for HTTP triggers.
		auth = model.String{V: "function", Loc: typ.Loc, Origin: model.Defaulted}
	}
	authType := model.String{V: "FUNCTION_KEY", Loc: auth.Loc, Origin: auth.Origin}
	switch {
	case b.easyAuth[f]:
		authType.V = "APP_SERVICE_AUTH"
	case strings.EqualFold(auth.V, "anonymous"):
		authType.V = "NONE"
	}
	if f.URL == nil || authType.V == "NONE" {
		f.URL = &model.URL{Loc: in.r.loc, AuthType: authType}
	}
	b.addTrigger(f, &model.Trigger{ID: in.id() + ":http", Kind: model.TriggerURL, Loc: in.r.loc, Source: authType})
}
