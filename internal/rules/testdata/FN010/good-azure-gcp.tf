resource "azurerm_linux_function_app" "orders" {
  name                       = "orders-func"
  resource_group_name        = "rg-orders"
  location                   = "westeurope"
  service_plan_id            = "/subscriptions/0000/resourceGroups/rg-orders/providers/Microsoft.Web/serverFarms/plan"
  storage_account_name       = "ordersstore"
  storage_account_access_key = var.storage_key
  https_only                 = true

  site_config {
    minimum_tls_version = "1.2"
    application_stack {
      python_version = "3.12"
    }
  }
}

resource "google_cloudfunctions_function" "hook" {
  name                         = "hook"
  runtime                      = "nodejs20"
  entry_point                  = "handler"
  trigger_http                 = true
  https_trigger_security_level = "SECURE_ALWAYS"
  source_archive_bucket        = "artifacts"
  source_archive_object        = "hook.zip"
  service_account_email        = "hook@project.iam.gserviceaccount.com"
}

resource "google_cloudfunctions_function" "events" {
  name                  = "events"
  runtime               = "python312"
  entry_point           = "handler"
  source_archive_bucket = "artifacts"
  source_archive_object = "events.zip"
  service_account_email = "events@project.iam.gserviceaccount.com"
  event_trigger {
    event_type = "google.pubsub.topic.publish"
    resource   = "projects/p/topics/orders"
  }
}

resource "aws_lambda_function" "aws" {
  function_name = "aws"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/aws"
  filename      = "aws.zip"
}

variable "storage_key" {
  type      = string
  sensitive = true
}
