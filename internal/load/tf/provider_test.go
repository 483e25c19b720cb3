package tf

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/model"
)

// fnSummary lists what cross-provider rules read of a function.
func fnSummary(f *model.Function) []string {
	out := []string{"id=" + f.ID, "name=" + f.Name.Text(), "runtime=" + f.Runtime.Text(),
		"timeout=" + f.Timeout.Text(), "memory=" + f.Memory.Text()}
	for _, e := range f.Env {
		out = append(out, "env "+e.Name.V+"="+e.Value.Text())
	}
	if f.URL != nil {
		out = append(out, "url auth="+f.URL.AuthType.V+"@"+itoa(f.URL.AuthType.Loc.Line))
	}
	if f.Role != nil {
		out = append(out, "role="+f.Role.ID)
	} else if f.RoleRef.Origin != model.Unset {
		out = append(out, "roleRef="+f.RoleRef.Text())
	}
	if f.ReservedConcurrency.Origin != model.Unset {
		out = append(out, "maxInstances="+f.ReservedConcurrency.Text())
	}
	return out
}

func TestAzureFunctionApps(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"linux node", `resource "azurerm_linux_function_app" "api" {
  name       = "orders-api"
  https_only = false
  app_settings = {
    TABLE = "orders"
  }
  identity {
    type = "SystemAssigned"
  }
  site_config {
    minimum_tls_version = "1.0"
    application_stack {
      node_version = "20"
    }
  }
}
resource "azurerm_role_assignment" "owner" {
  scope                = "/subscriptions/x"
  role_definition_name = "Owner"
  principal_id         = azurerm_linux_function_app.api.identity[0].principal_id
}`, []string{"id=api", "name=orders-api", "runtime=node|20", "timeout=0", "memory=0", "env TABLE=orders",
			"role=azurerm_linux_function_app.api.identity"}},
		{"windows isolated dotnet", `resource "azurerm_windows_function_app" "w" {
  name = "w"
  site_config {
    application_stack {
      dotnet_version              = "v8.0"
      use_dotnet_isolated_runtime = true
    }
  }
}`, []string{"id=w", "name=w", "runtime=dotnet-isolated|v8.0", "timeout=0", "memory=0"}},
		{"legacy function app", `resource "azurerm_function_app" "old" {
  name = "old"
  app_settings = {
    FUNCTIONS_WORKER_RUNTIME = "python"
  }
  site_config {
    linux_fx_version = "PYTHON|3.9"
  }
}`, []string{"id=old", "name=old", "runtime=python|3.9", "timeout=0", "memory=0", "env FUNCTIONS_WORKER_RUNTIME=python"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			app := loadSrc(t, map[string]string{"main.tf": tc.src}, Options{})
			if app.Provider != "azure" {
				t.Errorf("provider = %q, want azure", app.Provider)
			}
			if diff := cmp.Diff(tc.want, fnSummary(app.Functions[0])); diff != "" {
				t.Errorf("function (-want +got):\n%s", diff)
			}
		})
	}
	app := loadSrc(t, map[string]string{"main.tf": tests[0].src}, Options{})
	got := roleStatements(t, app, "azurerm_linux_function_app.api.identity")
	if diff := cmp.Diff([]string{"Allow@17 *@19 on /subscriptions/x@18"}, got); diff != "" {
		t.Errorf("Owner assignment (-want +got):\n%s", diff)
	}
}

func TestGoogleFunctions(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		want   []string
		grants []string
	}{
		{"gen1 public", `resource "google_cloudfunctions_function" "api" {
  name         = "api"
  runtime      = "python312"
  entry_point  = "handler"
  trigger_http = true
  environment_variables = {
    MODE = "prod"
  }
}
resource "google_cloudfunctions_function_iam_member" "all" {
  cloud_function = google_cloudfunctions_function.api.name
  role           = "roles/cloudfunctions.invoker"
  member         = "allUsers"
}`, []string{"id=api", "name=api", "runtime=python312", "timeout=60", "memory=256", "env MODE=prod",
			"url auth=NONE@13", "role=the App Engine default service account"},
			[]string{"api roles/cloudfunctions.invoker *@13"}},
		{"gen2 internal with account", `resource "google_cloudfunctions2_function" "job" {
  name     = "job"
  location = "europe-west1"
  build_config {
    runtime     = "nodejs22"
    entry_point = "run"
  }
  service_config {
    available_memory      = "1Gi"
    timeout_seconds       = 300
    ingress_settings      = "ALLOW_INTERNAL_ONLY"
    service_account_email = google_service_account.job.email
    max_instance_count    = 3
  }
}
resource "google_service_account" "job" {
  account_id = "job"
}
resource "google_cloud_run_service_iam_member" "invoker" {
  service = google_cloudfunctions2_function.job.name
  role    = "roles/run.invoker"
  member  = "serviceAccount:caller@p.iam.gserviceaccount.com"
}`, []string{"id=job", "name=job", "runtime=nodejs22", "timeout=300", "memory=1024", "roleRef=the email of google_service_account.job", "maxInstances=3"},
			[]string{"job roles/run.invoker serviceAccount:caller@p.iam.gserviceaccount.com@22"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			app := loadSrc(t, map[string]string{"main.tf": tc.src}, Options{})
			if app.Provider != "gcp" {
				t.Errorf("provider = %q, want gcp", app.Provider)
			}
			if diff := cmp.Diff(tc.want, fnSummary(app.Functions[0])); diff != "" {
				t.Errorf("function (-want +got):\n%s", diff)
			}
			var grants []string
			for _, g := range app.Grants {
				grants = append(grants, g.FunctionID+" "+g.Action.V+" "+g.Principal.V+"@"+itoa(g.Principal.Loc.Line))
			}
			if diff := cmp.Diff(tc.grants, grants); diff != "" {
				t.Errorf("grants (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLambdaModule(t *testing.T) {
	app := loadSrc(t, map[string]string{"main.tf": `module "api" {
  source        = "terraform-aws-modules/lambda/aws"
  version       = "7.2.0"
  function_name = "orders-api"
  handler       = "index.handler"
  runtime       = "nodejs18.x"
  timeout       = 30
  source_path   = "src"
  environment_variables = {
    TABLE = "orders"
  }
  create_lambda_function_url = true
  attach_policy_statements   = true
  policy_statements = {
    dynamodb = {
      effect    = "Allow"
      actions   = ["dynamodb:*"]
      resources = ["*"]
    }
  }
  attach_policies    = true
  number_of_policies = 1
  policies           = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
  allowed_triggers = {
    APIGateway = {
      service    = "apigateway"
      source_arn = "arn:aws:execute-api:eu-west-1:123456789012:abc/*/*"
    }
  }
}
module "other" {
  source = "./modules/other"
}`}, Options{})
	if len(app.Functions) != 1 {
		t.Fatalf("got %d functions, want 1 (only the Lambda module makes one)", len(app.Functions))
	}
	want := []string{"id=api", "name=orders-api", "runtime=nodejs18.x", "timeout=30", "memory=128", "env TABLE=orders",
		"url auth=NONE@12", "role=module.api.role"}
	if diff := cmp.Diff(want, fnSummary(app.Functions[0])); diff != "" {
		t.Errorf("function (-want +got):\n%s", diff)
	}
	got := roleStatements(t, app, "module.api.role")
	wantRole := []string{"Allow@15 dynamodb:*@17 on *@18", "managed AWSLambdaBasicExecutionRole", "managed arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}
	if diff := cmp.Diff(wantRole, got); diff != "" {
		t.Errorf("role (-want +got):\n%s", diff)
	}
	if len(app.Grants) != 1 || app.Grants[0].Principal.V != "apigateway.amazonaws.com" || app.Grants[0].FunctionID != "api" {
		t.Errorf("grants = %+v, want one for apigateway.amazonaws.com", app.Grants)
	}
}

func TestAzureFunctionBindings(t *testing.T) {
	app := loadSrc(t, map[string]string{"main.tf": `resource "azurerm_linux_function_app" "app" {
  name = "orders"
  site_config {}
}
resource "azurerm_function_app_function" "web" {
  name            = "web"
  function_app_id = azurerm_linux_function_app.app.id
  config_json = jsonencode({
    bindings = [
      { type = "httpTrigger", direction = "in", name = "req", authLevel = "anonymous", methods = ["get"] },
      { type = "http", direction = "out", name = "$return" },
    ]
  })
}
resource "azurerm_function_app_function" "worker" {
  name            = "worker"
  function_app_id = azurerm_linux_function_app.app.id
  config_json = jsonencode({
    bindings = [{ type = "queueTrigger", direction = "in", name = "msg", queueName = "orders" }]
  })
}`}, Options{})
	f := fn(t, app, "app")
	if f.URL == nil || f.URL.AuthType.V != "NONE" || f.URL.AuthType.Loc.Line != 10 {
		t.Errorf("URL = %+v, want auth NONE from the anonymous HTTP trigger at line 10", f.URL)
	}
	want := []string{"app function-url NONE@5", "app other queueTrigger orders@19"}
	if diff := cmp.Diff(want, triggers(app)); diff != "" {
		t.Errorf("triggers (-want +got):\n%s", diff)
	}
}

func TestAzureEasyAuth(t *testing.T) {
	app := loadSrc(t, map[string]string{"main.tf": `resource "azurerm_linux_function_app" "app" {
  name = "orders"
  site_config {}
  auth_settings_v2 {
    auth_enabled           = true
    require_authentication = true
  }
}
resource "azurerm_function_app_function" "web" {
  name            = "web"
  function_app_id = azurerm_linux_function_app.app.id
  config_json     = jsonencode({ bindings = [{ type = "httpTrigger", authLevel = "anonymous" }] })
}`}, Options{})
	if f := fn(t, app, "app"); f.URL == nil || f.URL.AuthType.V != "APP_SERVICE_AUTH" {
		t.Errorf("URL = %+v, want App Service authentication in front of the anonymous trigger", f.URL)
	}
}
