resource "google_cloudfunctions2_function" "api" {
  name     = "api"
  location = "europe-west1"

  build_config {
    runtime     = "nodejs24"
    entry_point = "handler"
  }

  service_config {
    ingress_settings      = "ALLOW_INTERNAL_ONLY"
    service_account_email = "api@project.iam.gserviceaccount.com"
  }
}
