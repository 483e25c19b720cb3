package secrets

import "testing"

func TestCheckVar(t *testing.T) {
	tests := []struct {
		name, value string
		want        VarKind
		kind        string
	}{
		// true positives: literal credentials
		{"DB_PASSWORD", "hunter2", Secret, "password"},
		{"dbPassword", "S3cr3t!pass", Secret, "password"},
		{"MasterUserPassword", "changeme", Secret, "password"},
		{"JWT_SECRET", "my-jwt-signing-secret", Secret, "secret-variable"},
		{"STRIPE_API_KEY", "abc123notrandom", Secret, ""},
		{"apiKey", "k3y-v4lu3", Secret, "secret-variable"},
		{"GITHUB_TOKEN", "ghp_4Xk9QmB2vL7nR8tY1wZ3cF6hJ0pS5aD2eG7i", Secret, "github-pat"},
		{"SOME_SETTING", "AKIAZ7QXK2LMNPQRSTUV", Secret, "aws-access-token"},
		{"DATABASE_URL", "postgres://app:Wq8zr2Lk@db.internal:5432/app", Secret, "connection-string-password"},
		{"SESSION_KEY", "0123456789abcdef", Secret, "generic-api-key"},
		{"client_secret", "\"quoted-secret-value\"", Secret, "secret-variable"},
		// store references: the recommended way
		{"DB_PASSWORD", "{{resolve:secretsmanager:prod/db:SecretString:password}}", StoreReference, ""},
		{"DB_PASSWORD", "{{resolve:ssm-secure:/prod/db/password:1}}", StoreReference, ""},
		{"API_KEY", "${ssm:/prod/api-key}", StoreReference, ""},
		{"API_KEY", "${ssm(us-east-1):/prod/api-key}", StoreReference, ""},
		{"SECRET", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf", StoreReference, ""},
		{"TOKEN", "arn:aws:ssm:us-east-1:123456789012:parameter/prod/token", StoreReference, ""},
		{"PASSWORD", "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/db/)", StoreReference, ""},
		{"API_KEY", "projects/p1/secrets/api-key/versions/latest", StoreReference, ""},
		// placeholders
		{"DB_PASSWORD", "", Placeholder, ""},
		{"DB_PASSWORD", "${env:DB_PASSWORD}", Placeholder, ""},
		{"DB_PASSWORD", "${self:custom.dbPassword}", Placeholder, ""},
		{"API_KEY", "<your-api-key>", Placeholder, ""},
		{"API_KEY", "xxxxxxxx", Placeholder, ""},
		{"API_KEY", "TODO", Placeholder, ""},
		{"API_KEY", "dummy", Placeholder, ""},
		{"API_KEY", "your-api-key-here", Placeholder, ""},
		{"DB_PASSWORD", "!Ref DBPassword", Placeholder, ""},
		{"TOKEN", "$TOKEN", Placeholder, ""},
		{"EMAIL_SERVICE_API_KEY", "KEYEXAMPLE1234", Placeholder, ""},
		{"GITHUB_WEBHOOK_SECRET", "REPLACE-WITH-YOUR-SECRET-HERE", Placeholder, ""},
		{"channelSecret", "CHANNEL_SECRET", Placeholder, ""},
		{"GOOGLE_API_KEY", "AIzaXXXX", Placeholder, ""},
		{"access_key", "AKIAIOSFODNN7EXAMPLE", Secret, "aws-access-token"},
		// not secrets
		{"AWS_REGION", "us-east-1", NotSecret, ""},
		{"TABLE_NAME", "users", NotSecret, ""},
		{"DB_PASSWORD_SECRET_ARN", "arn:aws:lambda:us-east-1:1:function:x", NotSecret, ""},
		{"SECRET_NAME", "prod/db", NotSecret, ""},
		{"PASSWORD_MIN_LENGTH", "12", NotSecret, ""},
		{"TOKEN_TTL", "3600", NotSecret, ""},
		{"TOKEN_URL", "https://auth.example.com/token", NotSecret, ""},
		{"S3_KEY", "uploads/file.txt", NotSecret, ""},
		{"PARTITION_KEY", "pk", NotSecret, ""},
		{"REQUIRE_TOKEN", "true", NotSecret, ""},
		{"ACCESS_KEY_ID_PARAM", "/prod/key", NotSecret, ""},
		{"KMS_KEY", "alias/aws/lambda", NotSecret, ""},
		{"ENCRYPTION_KEY", "arn:aws:kms:us-east-1:123456789012:key/1234", NotSecret, ""},
		{"LOG_LEVEL", "debug", NotSecret, ""},
		{"credentials", "~/.gcloud/keyfile.json", NotSecret, ""},
		{"secrets", "/deploy/secrets/secrets.json", NotSecret, ""},
		{"registry-auth-token", "^4.0.0", NotSecret, ""},
		{"PASSWORD_ITERATIONS", "4096", NotSecret, ""},
	}
	for _, tt := range tests {
		m, got := CheckVar(tt.name, tt.value)
		if got != tt.want {
			t.Errorf("CheckVar(%q, %q) = %v, want %v", tt.name, tt.value, got, tt.want)
			continue
		}
		if got != Secret {
			if m != (Match{}) {
				t.Errorf("CheckVar(%q, %q) returned match %+v for %v", tt.name, tt.value, m, got)
			}
			continue
		}
		if tt.kind != "" && m.Kind != tt.kind {
			t.Errorf("CheckVar(%q, %q).Kind = %q, want %q", tt.name, tt.value, m.Kind, tt.kind)
		}
		if m.Redacted == "" || m.Confidence == "" || m.Line != 0 {
			t.Errorf("CheckVar(%q, %q) = %+v: want Redacted, Confidence and no line", tt.name, tt.value, m)
		}
	}
}

func TestSecretName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"DB_PASSWORD", true}, {"dbPassword", true}, {"DBPassword", true}, {"db-pass", true},
		{"AWS_SECRET_ACCESS_KEY", true}, {"privateKey", true}, {"x-api-key", true}, {"authToken", true},
		{"SLACK_WEBHOOK_SECRET", true}, {"credentials", true}, {"PWD", true},
		{"PASS", false}, {"KEY", false}, {"CACHE_KEY", false}, {"SECRET_ARN", false}, {"ClientId", false},
		{"AWS_ACCESS_KEY_ID", false}, {"passwordPolicy", false}, {"TOKEN_TABLE", false}, {"region", false},
	}
	for _, tt := range tests {
		if got := secretName(tt.name); got != tt.want {
			t.Errorf("secretName(%q) = %v, want %v (tokens %q)", tt.name, got, tt.want, nameTokens(tt.name))
		}
	}
}
