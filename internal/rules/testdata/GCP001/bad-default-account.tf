resource "google_cloudfunctions_function" "report" { # want GCP001
  name                  = "report"
  runtime               = "python312"
  entry_point           = "handler"
  source_archive_bucket = "sources"
  source_archive_object = "report.zip"
  trigger_http          = true
}

resource "google_cloudfunctions2_function" "job" { # want GCP001
  name     = "job"
  location = "europe-west1"

  build_config {
    runtime     = "nodejs24"
    entry_point = "run"
  }

  service_config {
    ingress_settings = "ALLOW_INTERNAL_ONLY"
  }
}
