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
	f.Region = p.str("location")
	if id := p.block("identity"); id.exists() {
		f.Role = &model.Role{ID: in.id() + ".identity", Name: id.str("type"), Loc: id.loc, Implicit: true}
		b.roles[in.id()] = f.Role
		if _, ok := b.roles[in.r.addr]; !ok {
			b.roles[in.r.addr] = f.Role
		}
		b.app.Roles = append(b.app.Roles, f.Role)
	}
	b.addFunction(in, f)
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
