resource "azurerm_linux_function_app" "api" {
  name                       = "orders-api"
  location                   = "westeurope"
  resource_group_name        = "orders"
  service_plan_id            = "plan"
  storage_account_name       = "ordersstorage"
  storage_account_access_key = "key"
  https_only                 = true

  site_config {
    application_stack {
      node_version = "22"
    }
  }
}

resource "azurerm_function_app_function" "orders" {
  name            = "orders"
  function_app_id = azurerm_linux_function_app.api.id
  language        = "Javascript"
  config_json = jsonencode({
    bindings = [
      { type = "httpTrigger", direction = "in", name = "req", authLevel = "function", methods = ["get"] },
      { type = "http", direction = "out", name = "res" },
    ]
  })
}
