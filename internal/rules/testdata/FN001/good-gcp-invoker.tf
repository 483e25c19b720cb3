resource "google_cloudfunctions_function" "api" {
  name                  = "api"
  runtime               = "nodejs22"
  entry_point           = "handler"
  source_archive_bucket = "sources"
  source_archive_object = "api.zip"
  trigger_http          = true
  service_account_email = "api@project.iam.gserviceaccount.com"
}

resource "google_cloudfunctions_function_iam_member" "caller" {
  cloud_function = google_cloudfunctions_function.api.name
  role           = "roles/cloudfunctions.invoker"
  member         = "serviceAccount:caller@project.iam.gserviceaccount.com"
}
