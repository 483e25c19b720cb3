package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slsguard/slsguard/internal/rules"
)

const lodashRecord = `{"id": "GHSA-2099-lodash", "aliases": ["CVE-2099-7"], "summary": "prototype pollution",
 "affected": [{"package": {"ecosystem": "npm", "name": "lodash"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "4.17.21"}]}]}]}`

const nodeApp = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: orders/
  Users:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: users/
`

func nodeLock(pkgs map[string]string) string {
	var entries []string
	for name, version := range pkgs {
		entries = append(entries, fmt.Sprintf(`"node_modules/%s": {"version": %q}`, name, version))
	}
	return `{"name": "x", "lockfileVersion": 3, "packages": {"": {"name": "x"}, ` + strings.Join(entries, ", ") + `}}`
}

// withClock fixes the CLI's clock for one test.
func withClock(t *testing.T, now time.Time) {
	t.Helper()
	old := clock
	clock = func() time.Time { return now }
	t.Cleanup(func() { clock = old })
}

// importFixtureDB imports lodashRecord into a new database at when.
func importFixtureDB(t *testing.T, when time.Time) string {
	t.Helper()
	withClock(t, when)
	records := writeDepsTree(t, map[string]string{"GHSA-2099-lodash.json": lodashRecord})
	db := filepath.Join(t.TempDir(), "db")
	if code, _, errOut := runDepsCLI(t, "db", "import", "--db", db, records); code != ExitOK {
		t.Fatalf("db import: exit %d, stderr %q", code, errOut)
	}
	return db
}

func TestSBOM(t *testing.T) {
	db := importFixtureDB(t, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	app := writeDepsTree(t, map[string]string{
		"template.yaml":                  nodeApp,
		"orders/package-lock.json":       nodeLock(map[string]string{"lodash": "4.17.20", "uuid": "9.0.1"}),
		"users/package-lock.json":        nodeLock(map[string]string{"lodash": "4.17.21"}),
		"other/template.yaml":            strings.ReplaceAll(nodeApp, "Orders", "Billing"),
		"other/orders/package-lock.json": nodeLock(map[string]string{"ms": "2.1.3"}),
	})
	code, out, errOut := runDepsCLI(t, "sbom", "--db", db, app)
	if code != ExitUsage || !strings.Contains(errOut, "--output-dir") {
		t.Errorf("sbom over two applications without --output-dir: exit %d, stderr %q", code, errOut)
	}
	outDir := t.TempDir()
	code, _, errOut = runDepsCLI(t, "sbom", "--db", db, "--output-dir", outDir, app)
	files, _ := filepath.Glob(filepath.Join(outDir, "*.cdx.json"))
	if code != ExitOK || len(files) != 2 {
		t.Fatalf("sbom --output-dir: exit %d, files %v, stderr %q", code, files, errOut)
	}

	code, out, errOut = runDepsCLI(t, "sbom", "--db", db, filepath.Join(app, "template.yaml"))
	if code != ExitOK {
		t.Fatalf("sbom: exit %d, stderr %q", code, errOut)
	}
	bom := checkBOM(t, out)
	var dirs []string
	for _, c := range bom.Components {
		var purls []string
		for _, p := range c.Components {
			purls = append(purls, p.PURL)
		}
		dirs = append(dirs, c.Name+": "+strings.Join(purls, " "))
	}
	want := "orders: pkg:npm/lodash@4.17.20 pkg:npm/uuid@9.0.1|users: pkg:npm/lodash@4.17.21"
	if got := strings.Join(dirs, "|"); got != want {
		t.Errorf("sbom components = %q, want %q", got, want)
	}
	if len(bom.Vulnerabilities) != 1 || bom.Vulnerabilities[0].ID != "GHSA-2099-lodash" ||
		len(bom.Vulnerabilities[0].Affects) != 1 || bom.Vulnerabilities[0].Affects[0].Ref != "orders|pkg:npm/lodash@4.17.20" {
		t.Errorf("sbom vulnerabilities = %+v, want GHSA-2099-lodash affecting orders' lodash only", bom.Vulnerabilities)
	}

	// A directory without an application is described on its own.
	code, out, _ = runDepsCLI(t, "sbom", "--db", filepath.Join(t.TempDir(), "none"), filepath.Join(app, "users"))
	bom = checkBOM(t, out)
	if code != ExitOK || len(bom.Components) != 1 || len(bom.Components[0].Components) != 1 || len(bom.Vulnerabilities) != 0 {
		t.Errorf("sbom of a plain directory: exit %d, %+v", code, bom)
	}
}

type bomDoc struct {
	BOMFormat   string `json:"bomFormat"`
	SpecVersion string `json:"specVersion"`
	Version     int    `json:"version"`
	Metadata    struct {
		Component struct {
			Type, Name string
		} `json:"component"`
	} `json:"metadata"`
	Components []struct {
		BOMRef     string `json:"bom-ref"`
		Type       string `json:"type"`
		Name       string `json:"name"`
		Components []struct {
			BOMRef string `json:"bom-ref"`
			Type   string `json:"type"`
			Name   string `json:"name"`
			PURL   string `json:"purl"`
		} `json:"components"`
	} `json:"components"`
	Vulnerabilities []struct {
		ID      string `json:"id"`
		Affects []struct {
			Ref string `json:"ref"`
		} `json:"affects"`
	} `json:"vulnerabilities"`
}

// checkBOM decodes an SBOM and checks the fields CycloneDX 1.5 requires:
// bomFormat, specVersion, a type and name on every component, unique
// bom-refs, and affects that point at components.
func checkBOM(t *testing.T, out string) bomDoc {
	t.Helper()
	var bom bomDoc
	if err := json.Unmarshal([]byte(out), &bom); err != nil {
		t.Fatalf("SBOM is not JSON: %v\n%s", err, out)
	}
	if bom.BOMFormat != "CycloneDX" || bom.SpecVersion != "1.5" || bom.Version < 1 {
		t.Errorf("bomFormat %q specVersion %q version %d", bom.BOMFormat, bom.SpecVersion, bom.Version)
	}
	if bom.Metadata.Component.Type != "application" || bom.Metadata.Component.Name == "" {
		t.Errorf("metadata.component = %+v", bom.Metadata.Component)
	}
	refs := map[string]bool{}
	add := func(ref, typ, name string) {
		if typ == "" || name == "" {
			t.Errorf("component %q without type or name", ref)
		}
		if refs[ref] {
			t.Errorf("bom-ref %q is not unique", ref)
		}
		refs[ref] = true
	}
	for _, c := range bom.Components {
		add(c.BOMRef, c.Type, c.Name)
		for _, p := range c.Components {
			add(p.BOMRef, p.Type, p.Name)
		}
	}
	for _, v := range bom.Vulnerabilities {
		for _, a := range v.Affects {
			if !refs[a.Ref] {
				t.Errorf("vulnerability %s affects unknown bom-ref %q", v.ID, a.Ref)
			}
		}
	}
	return bom
}

func TestStaleDatabase(t *testing.T) {
	db := importFixtureDB(t, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	app := writeDepsTree(t, map[string]string{
		"template.yaml":            nodeApp,
		"orders/package-lock.json": nodeLock(map[string]string{"uuid": "9.0.1"}),
	})
	tests := []struct {
		now  time.Time
		args []string
		want string // "" means no note
	}{
		{time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), nil, "vulnerability database is 19d old"},
		{time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), []string{"--db-max-age", "0"}, ""},
		{time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), []string{"--db-max-age", "720h"}, ""},
		{time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC), nil, ""},
	}
	for _, tt := range tests {
		withClock(t, tt.now)
		_, _, errOut := runDepsCLI(t, append([]string{"deps", "--db", db, filepath.Join(app, "orders")}, tt.args...)...)
		_, out, _ := runDepsCLI(t, append([]string{"scan", "--db", db, "-f", "json", "--fail-on", "none", app}, tt.args...)...)
		for name, got := range map[string]string{"deps": errOut, "scan": out} {
			has := strings.Contains(got, "vulnerability database is")
			if tt.want == "" && has || tt.want != "" && (!strings.Contains(got, tt.want) || !strings.Contains(got, "slsguard db update")) {
				t.Errorf("%s at %v %v: output %q, want note %q", name, tt.now, tt.args, got, tt.want)
			}
		}
	}
}

func TestOffline(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/request/2.88.2" {
			fmt.Fprint(w, `{"deprecated": "request has been deprecated, see issue 3142"}`)
			return
		}
		fmt.Fprint(w, `{}`)
	}))
	defer srv.Close()
	app := writeDepsTree(t, map[string]string{
		"template.yaml":            nodeApp,
		"orders/package-lock.json": nodeLock(map[string]string{"request": "2.88.2"}),
	})
	noDB := filepath.Join(t.TempDir(), "none")

	code, _, errOut := runDepsCLI(t, "db", "update", "--offline", "--db", noDB, "--base-url", srv.URL, "npm")
	if code != ExitUsage || !strings.Contains(errOut, "--offline") || !strings.Contains(errOut, "db import") {
		t.Errorf("db update --offline: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runDepsCLI(t, "scan", "--offline", "--online", "--db", noDB, app)
	if code != ExitUsage || !strings.Contains(errOut, "--offline") {
		t.Errorf("scan --offline --online: exit %d, stderr %q", code, errOut)
	}
	for _, args := range [][]string{
		{"scan", "--offline", "--db", noDB, "--npm-registry", srv.URL, "-f", "json", "--fail-on", "none", app},
		{"deps", "--offline", "--db", noDB, filepath.Join(app, "orders")},
		{"sbom", "--offline", "--db", noDB, filepath.Join(app, "template.yaml")},
	} {
		if code, _, errOut := runDepsCLI(t, args...); code != ExitOK {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
	if h := hits.Load(); h != 0 {
		t.Errorf("offline commands made %d requests, want none", h)
	}

	// The same scan online asks the registry (when DEP004 is in the catalog).
	if !hasRule("DEP004") {
		return
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	_, out, errOut := runDepsCLI(t, "scan", "--online", "--db", noDB, "--npm-registry", srv.URL, "-f", "json", "--fail-on", "none", app)
	if hits.Load() == 0 || !strings.Contains(out, "see issue 3142") {
		t.Errorf("scan --online: %d requests, stderr %q, output lacks the registry's message:\n%s", hits.Load(), errOut, out)
	}
}

func hasRule(id string) bool {
	for _, r := range rules.All() {
		if r.ID == id {
			return true
		}
	}
	return false
}

func TestSBOMFileName(t *testing.T) {
	used := map[string]bool{}
	for _, tt := range []struct{ in, want string }{
		{"orders", "orders.cdx.json"},
		{"orders", "orders-2.cdx.json"},
		{"../etc/passwd", "_etc_passwd.cdx.json"},
		{"..", "app.cdx.json"},
	} {
		if got := sbomFileName(tt.in, used); got != tt.want {
			t.Errorf("sbomFileName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
