resource "aws_lambda_function" "app" {
  function_name = "app"
  filename      = "app.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "arn:aws:iam::123456789012:role/app"

  environment {
    variables = {
      LOG_LEVEL      = "info"
      STRIPE_API_KEY = "sk_live_4eC39HqLyjWDarjtT1zdp7dc" # want SEC001
    }
  }
}

resource "azurerm_linux_function_app" "api" {
  name                       = "orders-api"
  location                   = "westeurope"
  resource_group_name        = "orders"
  service_plan_id            = "plan"
  storage_account_name       = "ordersstorage"
  storage_account_access_key = "key"

  app_settings = {
    DB_PASSWORD = "Sup3rS3cretPassw0rd!" # want SEC001
  }

  site_config {}
}
