resource "google_cloudfunctions_function" "gcp" {
  name                  = "old-gcp"
  runtime               = "nodejs16" # want FN003
  entry_point           = "handler"
  source_archive_bucket = "sources"
  source_archive_object = "fn.zip"
  trigger_http          = true
}
