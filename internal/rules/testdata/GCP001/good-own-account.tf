resource "google_service_account" "report" {
  account_id = "report-fn"
}

resource "google_cloudfunctions_function" "report" {
  name                  = "report"
  runtime               = "python312"
  entry_point           = "handler"
  source_archive_bucket = "sources"
  source_archive_object = "report.zip"
  trigger_http          = true
  service_account_email = google_service_account.report.email
}

resource "google_cloudfunctions2_function" "job" {
  name     = "job"
  location = "europe-west1"

  build_config {
    runtime     = "nodejs24"
    entry_point = "run"
  }

  service_config {
    ingress_settings      = "ALLOW_INTERNAL_ONLY"
    service_account_email = "job@project.iam.gserviceaccount.com"
  }
}
