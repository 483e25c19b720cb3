variable "db_password" {
  type      = string
  sensitive = true
}

resource "random_password" "db" {
  length = 32
}

resource "aws_secretsmanager_secret" "db" {
  name = "db"
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = aws_secretsmanager_secret.db.id
  secret_string = random_password.db.result
}

resource "aws_ssm_parameter" "table" {
  name  = "/app/table"
  type  = "String"
  value = "orders"
}
