variable "db_password" {
  type    = string
  default = "Sup3rS3cretPassw0rd!" # want SEC003
}

resource "aws_secretsmanager_secret" "db" {
  name = "db"
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = aws_secretsmanager_secret.db.id
  secret_string = "xK9#mP2$vL7qR4wZ" # want SEC003
}

resource "aws_ssm_parameter" "token" {
  name  = "/app/github_token"
  type  = "String"
  value = "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" # want SEC003
}
