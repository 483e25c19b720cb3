resource "azurerm_linux_function_app" "orders" { # want FN010
  name                       = "orders-func"
  resource_group_name        = "rg-orders"
  location                   = "westeurope"
  service_plan_id            = "/subscriptions/0000/resourceGroups/rg-orders/providers/Microsoft.Web/serverFarms/plan"
  storage_account_name       = "ordersstore"
  storage_account_access_key = var.storage_key

  site_config {
    minimum_tls_version = "1.0" # want FN010
    application_stack {
      python_version = "3.12"
    }
  }
}

resource "azurerm_windows_function_app" "reports" {
  name                 = "reports-func"
  resource_group_name  = "rg-orders"
  location             = "westeurope"
  service_plan_id      = "/subscriptions/0000/resourceGroups/rg-orders/providers/Microsoft.Web/serverFarms/plan"
  storage_account_name = "ordersstore"
  https_only           = false # want FN010

  site_config {
    application_stack {
      node_version = "~20"
    }
  }
}

resource "google_cloudfunctions_function" "hook" { # want FN010
  name                  = "hook"
  runtime               = "nodejs20"
  entry_point           = "handler"
  trigger_http          = true
  source_archive_bucket = "artifacts"
  source_archive_object = "hook.zip"
  service_account_email = "hook@project.iam.gserviceaccount.com"
}

variable "storage_key" {
  type      = string
  sensitive = true
}
