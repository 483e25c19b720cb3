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
      node_version = "16" # want FN003
    }
  }
}
