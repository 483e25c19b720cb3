package chalice

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/slsguard/slsguard/internal/model"
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

// outline lists an application's functions with their handler and
// triggers.
func outline(app *model.App) []string {
	var out []string
	for _, f := range app.Functions {
		out = append(out, "fn "+f.Name.V+" "+f.Handler.V)
		for _, t := range f.Triggers {
			out = append(out, "  "+string(t.Kind)+" "+t.Source.Text())
		}
	}
	for _, a := range app.APIs {
		for _, r := range a.Routes {
			out = append(out, "route "+r.Method.V+" "+r.Path.V+" "+r.Auth.V)
		}
	}
	return out
}

// TestCorpus loads the Chalice applications of the deliberately
// vulnerable DVFaaS project.
func TestCorpus(t *testing.T) {
	root := corpusDir(t, "dvfaas")
	tests := []struct {
		rel  string
		want []string
	}{
		{"iam_privilege_escalation/bad-dynamo-search", []string{
			"fn dvfaas-bad-dynamo-search-dev app.app",
			"  api-rest POST /search",
			"route POST /search NONE",
		}},
		{"insecure_deserialization/insecure-deserialization", []string{
			"fn dvfaas-insecure-deserialization-dev app.app",
			"  api-rest GET /test",
			"  api-rest POST /yaml_upload/{email}",
			"route GET /test NONE",
			"route POST /yaml_upload/{email} NONE",
		}},
		{"xxe/xxe-example", []string{
			"fn dvfaas-xxe-dev-cv_event_handler app.cv_event_handler",
			"  s3 placeholder <S3 bucket Name> in config-sample.json",
			"fn dvfaas-xxe-dev app.app",
			"  api-rest POST /signup",
			"  api-rest POST /login",
			"  api-rest DELETE /delete_user/{email}",
			"  api-rest POST /upload",
			"route POST /signup NONE",
			"route POST /login NONE",
			"route DELETE /delete_user/{email} NONE",
			"route POST /upload NONE",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.rel, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(root, tt.rel, "app.py"))
			if err != nil {
				t.Fatal(err)
			}
			if !Looks(data) {
				t.Errorf("Looks(%s/app.py) = false", tt.rel)
			}
			app, probs, err := Load(root, tt.rel)
			if err != nil {
				t.Fatalf("Load(%s): %v", tt.rel, err)
			}
			for _, p := range probs {
				if !strings.Contains(p.Message, "sample configuration") {
					t.Errorf("Load(%s): unexpected problem %v", tt.rel, p)
				}
			}
			if diff := cmp.Diff(tt.want, outline(app)); diff != "" {
				t.Errorf("Load(%s) (-want +got):\n%s", tt.rel, diff)
			}
			for _, f := range app.Functions {
				if f.Role == nil {
					t.Errorf("%s: function %s has no role", tt.rel, f.ID)
				}
			}
		})
	}
}

func writeProject(t testing.TB, dir, appPy, config string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, ".chalice"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "app.py"), []byte(appPy), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, ".chalice", "config.json")
	if config == "" {
		os.Remove(cfg)
		return
	}
	if err := os.WriteFile(cfg, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestHostile checks that hostile projects fail quickly with an error
// naming the file, and that deep code inside function bodies (which the
// loader does not read) is no reason to fail.
func TestHostile(t *testing.T) {
	const head = "from chalice import Chalice\napp = Chalice(app_name='a')\n"
	tests := []struct {
		name, appPy, config string
		// want is a substring of the error; "" means Load must succeed.
		want string
	}{
		{"huge app.py", head + "x = '" + strings.Repeat("x", MaxFileSize) + "'\n", "", "app.py: file too large"},
		{"deep constant", head + "x = " + strings.Repeat("(", 3000) + "1" + strings.Repeat(")", 3000) + "\n", "", "app.py: line 3: nesting too deep"},
		{"deep config", head, strings.Repeat("[", 5000) + strings.Repeat("]", 5000), ".chalice/config.json"},
		{"broken config", head, `{"app_name": `, ".chalice/config.json"},
		{"no app", "import chalice\n", "", "no Chalice(...) application"},
		{"deep body", head + "def f():\n    return " + strings.Repeat("[", 3000) + strings.Repeat("]", 3000) + "\n", "", ""},
		{"alias bomb config", head, "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b]\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeProject(t, filepath.Join(dir, "p"), tt.appPy, tt.config)
			_, _, err := Load(dir, "p")
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Load(%s) = %v, want success", tt.name, err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Load(%s) error = %v, want one containing %q", tt.name, err, tt.want)
			}
		})
	}
}

// FuzzLoad checks that no app.py and configuration make Load panic,
// seeded from the test projects.
func FuzzLoad(f *testing.F) {
	dirs, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, d := range dirs {
		appPy, err := os.ReadFile(filepath.Join(d, "app.py"))
		if err != nil {
			f.Fatal(err)
		}
		cfg, _ := os.ReadFile(filepath.Join(d, ".chalice", "config.json"))
		f.Add(appPy, cfg)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, appPy, cfg []byte) {
		writeProject(t, filepath.Join(dir, "p"), string(appPy), string(cfg))
		app, _, err := Load(dir, "p")
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatalf("Load(%q, %q): %v", appPy, cfg, err)
		}
		if err == nil && app == nil {
			t.Fatal("Load returned neither an application nor an error")
		}
	})
}

// TestSelfReference checks that constants built from themselves resolve
// quickly to an unresolved value.
func TestSelfReference(t *testing.T) {
	dir := t.TempDir()
	writeProject(t, filepath.Join(dir, "p"), "from chalice import Chalice\nX = 'a'\nX = X + X\nY = Y\napp = Chalice(app_name=X)\n"+
		"@app.on_sns_message(topic=Y)\ndef f(e):\n    pass\n", "")
	app, _, err := Load(dir, "p")
	if err != nil {
		t.Fatal(err)
	}
	if got := app.Functions[0].Triggers[0].Source; got.Origin != model.Unresolved {
		t.Errorf("topic = %+v, want unresolved", got)
	}
}

// TestBlueprintProblems checks that blueprints that cannot be read are
// reported at the registration and the rest of the application loads.
func TestBlueprintProblems(t *testing.T) {
	tests := []struct{ name, appPy, want string }{
		{"missing", "from chalicelib.gone import bp\n", "blueprint module chalicelib.gone was not found in the project"},
		{"relative", "from .local import bp\n", "blueprint module .local is not read: relative imports are not followed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeProject(t, filepath.Join(dir, "p"), "from chalice import Chalice\n"+tt.appPy+
				"app = Chalice(app_name='a')\napp.register_blueprint(bp)\n@app.route('/')\ndef i():\n    pass\n", "")
			app, probs, err := Load(dir, "p")
			if err != nil {
				t.Fatal(err)
			}
			if len(probs) != 1 || !strings.Contains(probs[0].Error(), "p/app.py:4:1: "+tt.want) {
				t.Errorf("problems = %v, want one at p/app.py:4:1 containing %q", probs, tt.want)
			}
			if len(app.Functions) != 1 {
				t.Errorf("functions = %d, want 1", len(app.Functions))
			}
		})
	}
}

// TestSyntaxError checks that a broken app.py is reported at its first
// error and its readable decorators are still loaded.
func TestSyntaxError(t *testing.T) {
	dir := t.TempDir()
	writeProject(t, filepath.Join(dir, "p"), "from chalice import Chalice\napp = Chalice(app_name='a')\n"+
		"@app.route('/')\ndef i():\n    pass\n\ndef broken(:\n    pass\n", "")
	app, probs, err := Load(dir, "p")
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 1 || probs[0].Loc.Line != 7 || !strings.Contains(probs[0].Message, "syntax error") {
		t.Errorf("problems = %v, want a syntax error at line 7", probs)
	}
	if len(app.APIs) != 1 || len(app.APIs[0].Routes) != 1 {
		t.Errorf("routes not loaded: %+v", app.APIs)
	}
}
