package zappa

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir is ../shared/corpus/sub relative to the repository root.
func corpusDir(t testing.TB, sub string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "..", "shared", "corpus", sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not found at %s: %v", dir, err)
	}
	return dir
}

// TestCorpus loads the vulnerable Flask application deployed with Zappa,
// whose settings file has comments and missing commas.
func TestCorpus(t *testing.T) {
	dir := corpusDir(t, "aws-vulnerable-lambda")
	data, err := os.ReadFile(filepath.Join(dir, "zappa_settings.json"))
	if err != nil {
		t.Fatal(err)
	}
	app, probs, err := Load("aws-vulnerable-lambda/zappa_settings.json", data, dir)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(app.Functions) != 1 {
		t.Fatalf("functions = %d, want 1", len(app.Functions))
	}
	f := app.Functions[0]
	if f.Handler.V != "main.app" || f.Name.V != "aws-vulnerable-lambda-dev" || f.Region.V != "us-west-2" {
		t.Errorf("function = %s %s %s, want main.app aws-vulnerable-lambda-dev us-west-2", f.Handler.V, f.Name.V, f.Region.V)
	}
	var routes []string
	for _, a := range app.APIs {
		for _, r := range a.Routes {
			routes = append(routes, r.Method.V+" "+r.Path.V+" "+r.Auth.V)
		}
	}
	if got := strings.Join(routes, "; "); got != "ANY / NONE; ANY /{proxy+} NONE" {
		t.Errorf("routes = %s", got)
	}
	if len(f.Triggers) != 3 {
		t.Errorf("triggers = %d, want 3 (two API routes and keep-warm)", len(f.Triggers))
	}
	if f.Role == nil || !f.Role.Implicit || len(f.Role.Statements) != len(defaultPolicy) {
		t.Errorf("role = %+v, want Zappa's managed role with its default policy", f.Role)
	}
	missingCommas := 0
	for _, p := range probs {
		if strings.Contains(p.Message, "missing comma") {
			missingCommas++
		}
	}
	if missingCommas != 2 {
		t.Errorf("missing-comma problems = %d, want 2: %v", missingCommas, probs)
	}
}

// TestHostile checks that hostile settings fail quickly with an error
// naming the file.
func TestHostile(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for i := range 9 {
		name := string(rune('b' + i))
		bomb += name + ": &" + name + " [" + strings.Repeat("*"+prev+", ", 9) + "*" + prev + "]\n"
		prev = name
	}
	tests := []struct {
		name, file, src, want string
	}{
		{"deep json", "zappa_settings.json", strings.Repeat("[", 100000), "nesting deeper"},
		{"deep yaml", "zappa_settings.yml", "a: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000), "zappa_settings.yml"},
		{"alias bomb", "zappa_settings.yml", bomb, "zappa_settings.yml"},
		{"huge", "zappa_settings.json", `{"dev": "` + strings.Repeat("x", MaxFileSize) + `"}`, "too large"},
		{"unterminated", "zappa_settings.json", `{"dev": {"app_function": "main.app`, "unterminated string"},
		{"not a map", "zappa_settings.json", `[1, 2]`, "map of stage names"},
		{"deep toml", "zappa_settings.toml", "a = " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000), "zappa_settings.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Load(tt.file, []byte(tt.src), t.TempDir())
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.file) {
				t.Errorf("Load(%s) error = %v, want one naming the file and containing %q", tt.name, err, tt.want)
			}
		})
	}
}

// FuzzLoad checks that no settings file makes Load panic, seeded from
// the test fixtures in every syntax.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Base(p), data)
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		file := "zappa_settings.json"
		switch {
		case strings.HasSuffix(name, ".yml"):
			file = "zappa_settings.yml"
		case strings.HasSuffix(name, ".toml"):
			file = "zappa_settings.toml"
		}
		app, _, err := Load(file, data, "testdata")
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatalf("Load(%s, %q): %v", file, data, err)
		}
		if err == nil && app == nil {
			t.Fatalf("Load(%s) returned neither an application nor an error", file)
		}
	})
}
