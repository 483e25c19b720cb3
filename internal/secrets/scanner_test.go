package secrets

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Fake credentials, built so that this file does not itself look like a leak.
var (
	fakeAccessKey = "AKIA" + "Z7QXK2LMNPQRSTUV"
	fakeSecretKey = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYz9Q2mT4vLp"
	fakeGitHub    = "ghp_" + "4Xk9QmB2vL7nR8tY1wZ3cF6hJ0pS5aD2eG7i"
	fakePEM       = "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MlQ2z+N0vO0Dkwjk\n-----END RSA PRIVATE KEY-----\n"
)

var scanner = sync.OnceValues(NewScanner)

func mustScanner(t testing.TB) *Scanner {
	t.Helper()
	s, err := scanner()
	if err != nil {
		t.Fatalf("NewScanner: %v", err)
	}
	return s
}

type hit struct {
	Kind string
	Line int
}

func hits(ms []Match) []hit {
	var out []hit
	for _, m := range ms {
		out = append(out, hit{m.Kind, m.Line})
	}
	return out
}

func TestScanTruePositives(t *testing.T) {
	tests := []struct {
		name, path, content string
		want                []hit
	}{
		{"aws key pair in code", "handler.js",
			"const cfg = {\n  accessKeyId: '" + fakeAccessKey + "',\n  region: 'us-east-1',\n  s: '" + fakeSecretKey + "',\n};\n",
			[]hit{{"aws-access-token", 2}, {"aws-secret-access-key", 4}}},
		{"dotenv password", ".env", "REGION=us-east-1\nDB_PASSWORD=hunter2\n", []hit{{"password", 2}}},
		{"yaml environment", "serverless.yml", "provider:\n  environment:\n    DB_PASSWORD: Sup3rS3cret\n    STAGE: dev\n", []hit{{"password", 3}}},
		{"python assignment", "app.py", "import os\nPASSWORD = \"correct-horse\"\n", []hit{{"password", 2}}},
		{"python kwarg", "db.py", "conn = pymysql.connect(host=h, user='app', password='Qw3rty!!')\n", []hit{{"password", 1}}},
		{"go literal", "main.go", "package main\n\nvar apiKey = \"k3y-literal\"\n", []hit{{"secret-variable", 3}}},
		{"json config", "config.json", "{\n  \"dbPassword\": \"pa55word-value\"\n}\n", []hit{{"password", 2}}},
		{"connection string", "db.js", "const url = 'postgres://app:Wq8zr2Lk@db.internal:5432/app';\n", []hit{{"connection-string-password", 1}}},
		{"mongodb srv", "db.py", "client = MongoClient(\"mongodb+srv://admin:Zx9pL2@cluster0.mongodb.net/test\")\n", []hit{{"connection-string-password", 1}}},
		{"private key", "key.pem", fakePEM, []hit{{"private-key", 1}}},
		{"jwt sign literal", "auth.js", "const token = jwt.sign({ sub: id }, 'shhhhh');\n", []hit{{"jwt-signing-secret", 1}}},
		{"pyjwt encode literal", "auth.py", "token = jwt.encode(payload, 'k3ep-it-s4fe', algorithm='HS256')\n", []hit{{"jwt-signing-secret", 1}}},
		{"golang-jwt literal", "auth.go", "s, err := token.SignedString([]byte(\"signing-key\"))\n", []hit{{"jwt-signing-secret", 1}}},
		{"aws example key in a template", "template.yaml",
			"Variables:\n  access_key: \"AKIAIOSFODNN7EXAMPLE\"\n  secret_key: \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n",
			[]hit{{"aws-access-token", 2}, {"aws-secret-access-key", 3}}},
		{"github token", "deploy.sh", "export GH=" + fakeGitHub + "\n", []hit{{"github-pat", 1}}},
	}
	s := mustScanner(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.Scan(tt.path, []byte(tt.content))
			if diff := cmp.Diff(tt.want, hits(got)); diff != "" {
				t.Errorf("Scan(%q, %q) (-want +got):\n%s\n%+v", tt.path, tt.content, diff, got)
			}
			for _, m := range got {
				if m.Path != tt.path || m.Column < 1 || m.Redacted == "" {
					t.Errorf("Scan(%q) match %+v: want path, column and redaction", tt.path, m)
				}
			}
		})
	}
}

func TestScanFalsePositives(t *testing.T) {
	tests := []struct{ name, path, content string }{
		{"env from process", "handler.js", "const password = process.env.DB_PASSWORD;\n"},
		{"comparison", "handler.js", "if (password === '') { return; }\n"},
		{"form label", "form.js", "const field = { type: 'password', label: 'Password', password: 'password' };\n"},
		{"message", "handler.py", "PASSWORD_ERROR = 'Password must be at least 8 characters'\n"},
		{"placeholder env", ".env", "API_KEY=<your-api-key>\nDB_PASSWORD=\nTOKEN=${TOKEN}\n"},
		{"store reference", "template.yaml", "Environment:\n  Variables:\n    DB_PASSWORD: '{{resolve:secretsmanager:db:SecretString:password}}'\n"},
		{"sls ssm", "serverless.yml", "environment:\n  API_KEY: ${ssm:/prod/api-key}\n"},
		{"doc connection string", "README.md", "Use postgres://user:password@localhost:5432/db or postgres://${USER}:${PASS}@host/db\n"},
		{"url without password", "app.js", "fetch('https://api.example.com/v1/token')\n"},
		{"key names", "app.py", "KEY = 'uploads/' + name\ncache_key = \"user-profile\"\n"},
		{"jwt with env secret", "auth.js", "jwt.sign(payload, process.env.JWT_SECRET)\n"},
		{"aws key id example", "README.md", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"},
		{"hex hash near nothing", "hash.txt", "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709\n"},
		{"binary", "blob.bin", "\x00\x01password=hunter2"},
		{"secret name suffix", "template.yaml", "SecretArn: arn:aws:secretsmanager:us-east-1:1:secret:x\nDBSecretName: prod/db\n"},
	}
	s := mustScanner(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Scan(tt.path, []byte(tt.content)); len(got) != 0 {
				t.Errorf("Scan(%q, %q) = %+v, want nothing", tt.path, tt.content, got)
			}
		})
	}
}

func TestScanZip(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"index.js":        "exports.handler = async () => 'ok';\n",
		"config/prod.env": "X=1\nDB_PASSWORD=hunter2\n",
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := mustScanner(t).ScanFile("bundle.zip", buf.Bytes())
	if err != nil {
		t.Fatalf("ScanFile: %v", err)
	}
	want := []Match{{Path: "bundle.zip!config/prod.env", Kind: "password", Member: "config/prod.env", MemberLine: 2,
		Description: "Literal value assigned to a credential variable DB_PASSWORD", Redacted: Redact("hunter2"), Confidence: ConfidenceMedium}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ScanFile(zip) (-want +got):\n%s", diff)
	}
	if _, err := mustScanner(t).ScanFile("broken.zip", []byte("PK\x03\x04garbage")); err == nil {
		t.Error("ScanFile(broken zip): want an error")
	}
}

// TestNoSecretInOutput checks that no field of any match holds a secret.
func TestNoSecretInOutput(t *testing.T) {
	values := []string{fakeAccessKey, fakeSecretKey, fakeGitHub, "hunter2", "Wq8zr2Lk", "shhhhh", "correct-horse"}
	content := strings.Join([]string{
		"aws_access_key_id = " + fakeAccessKey,
		"aws_secret_access_key = " + fakeSecretKey,
		"GITHUB_TOKEN=" + fakeGitHub,
		"DB_PASSWORD=hunter2",
		"DATABASE_URL=postgres://app:Wq8zr2Lk@db:5432/app",
		"jwt.sign(x, 'shhhhh')",
		"password = 'correct-horse'",
	}, "\n")
	ms := mustScanner(t).Scan("creds.env", []byte(content))
	if len(ms) < len(values) {
		t.Errorf("Scan found %d matches, want at least %d: %+v", len(ms), len(values), ms)
	}
	var all []string
	for _, m := range ms {
		all = append(all, m.Path, m.Kind, m.Description, m.Redacted, m.Confidence)
	}
	for _, name := range []string{"DB_PASSWORD", "x"} {
		m, _ := CheckVar(name, "hunter2")
		all = append(all, m.Kind, m.Description, m.Redacted)
	}
	for _, v := range values {
		for _, field := range all {
			if strings.Contains(field, v) {
				t.Errorf("match field %q contains the secret %q", field, v)
			}
		}
	}
}

func TestScanConcurrent(t *testing.T) {
	s := mustScanner(t)
	content := []byte("DB_PASSWORD=hunter2\nGH=" + fakeGitHub + "\n")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got := s.Scan(".env", content); len(got) != 2 {
				t.Errorf("concurrent Scan = %+v, want 2 matches", got)
			}
		})
	}
	wg.Wait()
}

func FuzzScan(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*")
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(filepath.Base(p), b)
		}
	}
	f.Add(".env", []byte("DB_PASSWORD=hunter2\n"))
	f.Add("a.zip", []byte("PK\x03\x04"))
	s := mustScanner(f)
	f.Fuzz(func(t *testing.T, path string, content []byte) {
		for _, m := range s.Scan(path, content) {
			if m.Line < 1 || m.Column < 1 {
				t.Errorf("Scan(%q, %q): match %+v without a position", path, content, m)
			}
			if len(m.Redacted) > 4*4+len("…")+8 {
				t.Errorf("Scan: redaction %q too long", m.Redacted)
			}
		}
	})
}

// BenchmarkScan measures Scan over a mixed source file with a few secrets.
func BenchmarkScan(b *testing.B) {
	var sb strings.Builder
	for i := range 200 {
		sb.WriteString("const value" + strings.Repeat("x", i%7) + " = process.env.VALUE; // ordinary code line\n")
		if i%50 == 0 {
			sb.WriteString("DB_PASSWORD=hunter2\n")
		}
	}
	content := []byte(sb.String())
	s := mustScanner(b)
	b.SetBytes(int64(len(content)))
	for b.Loop() {
		s.Scan("handler.js", content)
	}
}

// BenchmarkNewScanner measures compiling the gitleaks rule set.
func BenchmarkNewScanner(b *testing.B) {
	for b.Loop() {
		if _, err := NewScanner(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestTestdata pins what Scan reports on the seed files of the fuzzer.
func TestTestdata(t *testing.T) {
	want := map[string][]hit{
		"config.py":      {{"password", 4}},
		"handler.js":     {{"password", 3}, {"jwt-signing-secret", 7}},
		"sample.env":     {{"password", 3}, {"secret-variable", 6}},
		"serverless.yml": {{"connection-string-password", 7}},
	}
	s := mustScanner(t)
	for name, w := range want {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(w, hits(s.Scan(name, b))); diff != "" {
			t.Errorf("Scan(testdata/%s) (-want +got):\n%s", name, diff)
		}
	}
}
