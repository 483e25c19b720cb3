package cli

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runDepsCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Run(args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func writeDepsTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestDBAndDeps(t *testing.T) {
	records := writeDepsTree(t, map[string]string{
		"PYSEC-2099-1.yaml": "id: PYSEC-2099-1\naliases: [CVE-2099-1]\naffected:\n- package: {ecosystem: PyPI, name: PyYAML}\n  ranges:\n  - type: ECOSYSTEM\n    events: [{introduced: '0'}, {fixed: '5.1'}]\n",
		"broken.json":       "{",
	})
	app := writeDepsTree(t, map[string]string{
		"fn/requirements.txt": "pyyaml==3.13\nrequests>=2\n",
	})
	db := filepath.Join(t.TempDir(), "db")

	code, out, _ := runDepsCLI(t, "db", "status", "--db", db)
	if code != ExitOK || !strings.Contains(out, "no database") {
		t.Errorf("db status before import: exit %d, output %q", code, out)
	}
	code, out, errOut := runDepsCLI(t, "db", "import", "--db", db, records)
	if code != ExitOK || !strings.Contains(out, "PyPI 1 records") || !strings.Contains(errOut, "broken.json") {
		t.Errorf("db import: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, _ = runDepsCLI(t, "db", "status", "--db", db)
	if code != ExitOK || !strings.Contains(out, "PyPI") || !strings.Contains(out, records) {
		t.Errorf("db status: exit %d, output %q", code, out)
	}

	code, out, _ = runDepsCLI(t, "deps", "--db", db, filepath.Join(app, "fn"))
	if code != ExitFindings {
		t.Errorf("deps on a vulnerable app: exit %d, want %d", code, ExitFindings)
	}
	for _, want := range []string{"PYSEC-2099-1 (CVE-2099-1)", "fix: upgrade to 5.1", "requirements.txt:1", "unpinned requests>=2"} {
		if !strings.Contains(out, want) {
			t.Errorf("deps text output lacks %q:\n%s", want, out)
		}
	}

	code, out, _ = runDepsCLI(t, "deps", "--db", db, "--format", "json", filepath.Join(app, "fn"))
	var rep depsReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("deps --format json: %v\n%s", err, out)
	}
	if code != ExitFindings || len(rep.Dirs) != 1 || len(rep.Dirs[0].Vulns) != 1 || rep.Dirs[0].Vulns[0].Fixed != "5.1" {
		t.Errorf("deps json: exit %d, report %+v", code, rep)
	}

	code, _, errOut = runDepsCLI(t, "deps", "--db", filepath.Join(t.TempDir(), "none"), app)
	if code != ExitOK || !strings.Contains(errOut, "no vulnerability database") {
		t.Errorf("deps without a database: exit %d, stderr %q", code, errOut)
	}
	if code, _, _ := runDepsCLI(t, "deps", "--format", "xml", app); code != ExitUsage {
		t.Errorf("deps --format xml: exit %d, want %d", code, ExitUsage)
	}
}

func TestDepsCycloneDX(t *testing.T) {
	app := writeDepsTree(t, map[string]string{"requirements.txt": "PyYAML==3.13\n"})
	code, out, errOut := runDepsCLI(t, "deps", "--db", filepath.Join(t.TempDir(), "none"), "--format", "cyclonedx", app)
	var bom struct {
		BOMFormat  string `json:"bomFormat"`
		Components []struct {
			PURL string `json:"purl"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(out), &bom); err != nil {
		t.Fatalf("deps --format cyclonedx: %v (stderr %q)\n%s", err, errOut, out)
	}
	if code != ExitOK || bom.BOMFormat != "CycloneDX" || len(bom.Components) != 1 || bom.Components[0].PURL != "pkg:pypi/pyyaml@3.13" {
		t.Errorf("deps --format cyclonedx: exit %d, %+v", code, bom)
	}
	if code, _, _ := runDepsCLI(t, "deps", "--format", "cyclonedx", app, app); code != ExitUsage {
		t.Errorf("cyclonedx with two paths: exit %d, want %d", code, ExitUsage)
	}
}

func TestDBUpdate(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("GO-2099-0001.json")
	w.Write([]byte(`{"id": "GO-2099-0001", "affected": [{"package": {"ecosystem": "Go", "name": "example.com/m"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}]}`))
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/Go/all.zip" {
			http.NotFound(rw, r)
			return
		}
		if r.Header.Get("If-None-Match") == `"1"` {
			rw.WriteHeader(http.StatusNotModified)
			return
		}
		rw.Header().Set("ETag", `"1"`)
		rw.Write(buf.Bytes())
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "db")
	code, out, errOut := runDepsCLI(t, "db", "update", "--db", db, "--base-url", srv.URL, "Go")
	if code != ExitOK || !strings.Contains(out, "Go: 1 records") {
		t.Errorf("db update: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, _ = runDepsCLI(t, "db", "update", "--db", db, "--base-url", srv.URL, "Go")
	if code != ExitOK || !strings.Contains(out, "Go: up to date (1 records)") {
		t.Errorf("second db update: exit %d, stdout %q", code, out)
	}
	code, _, errOut = runDepsCLI(t, "db", "update", "--db", db, "--base-url", srv.URL, "npm")
	if code == ExitOK || !strings.Contains(errOut, "404") {
		t.Errorf("db update of a missing export: exit %d, stderr %q", code, errOut)
	}
}
