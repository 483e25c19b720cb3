resource "google_cloudfunctions_function" "api" {
  name                  = "api"
  runtime               = "nodejs22"
  entry_point           = "handler"
  source_archive_bucket = "sources"
  source_archive_object = "api.zip"
  trigger_http          = true
  service_account_email = "api@project.iam.gserviceaccount.com"
}

resource "google_cloudfunctions_function_iam_member" "public" {
  project        = google_cloudfunctions_function.api.project
  region         = google_cloudfunctions_function.api.region
  cloud_function = google_cloudfunctions_function.api.name
  role           = "roles/cloudfunctions.invoker"
  member         = "allUsers" # want FN001
}
