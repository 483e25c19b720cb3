package deps

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slsguard/slsguard/internal/deps/vulndb"
)

func TestStaleNote(t *testing.T) {
	dir := t.TempDir()
	rec := `{"id":"GHSA-1","affected":[{"package":{"ecosystem":"npm","name":"x"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]}]}`
	if err := os.WriteFile(filepath.Join(dir, "r.json"), []byte(rec), 0o644); err != nil {
		t.Fatal(err)
	}
	updated := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	dbDir := filepath.Join(t.TempDir(), "db")
	if _, err := vulndb.Import(dbDir, dir, vulndb.ImportOptions{Now: updated}); err != nil {
		t.Fatal(err)
	}
	db, err := OpenDB(dbDir)
	if err != nil {
		t.Fatal(err)
	}
	if got := db.Updated(); !got.Equal(updated) {
		t.Fatalf("Updated() = %v, want %v", got, updated)
	}
	week := 7 * 24 * time.Hour
	tests := []struct {
		now    time.Time
		maxAge time.Duration
		want   string // substring; "" means no note
	}{
		{updated.Add(6 * 24 * time.Hour), week, ""},
		{updated.Add(10 * 24 * time.Hour), week, "is 10d old (updated 2026-11-01, older than --db-max-age 7d)"},
		{updated.Add(10 * 24 * time.Hour), 0, ""},
		{updated.Add(3 * time.Hour), time.Hour, "is 3h old"},
	}
	for _, tt := range tests {
		got := db.StaleNote(tt.now, tt.maxAge)
		if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("StaleNote(%v, %v) = %q, want %q", tt.now, tt.maxAge, got, tt.want)
		}
		if got != "" && !strings.Contains(got, "slsguard db update") {
			t.Errorf("StaleNote(%v, %v) = %q: does not say how to update", tt.now, tt.maxAge, got)
		}
	}
	if got := WithRegistry(nil, nil).StaleNote(updated.Add(100*24*time.Hour), week); got != "" {
		t.Errorf("StaleNote without a database = %q, want none", got)
	}
}

func TestKnownDeprecated(t *testing.T) {
	tests := []struct {
		p    Package
		want bool
	}{
		{Package{Ecosystem: "npm", Name: "request", Version: "2.88.2"}, true},
		{Package{Ecosystem: "npm", Name: "uuid", Version: "3.3.2"}, true},
		{Package{Ecosystem: "npm", Name: "uuid", Version: "3.4.0"}, false},
		{Package{Ecosystem: "npm", Name: "uuid", Version: "9.0.1"}, false},
		{Package{Ecosystem: "npm", Name: "request", Constraint: "^2"}, false},
		{Package{Ecosystem: "PyPI", Name: "request", Version: "1.0"}, false},
		{Package{Ecosystem: "npm", Name: "requests", Version: "1.0.0"}, false},
	}
	for _, tt := range tests {
		d, got := KnownDeprecated(tt.p)
		if got != tt.want || got && (!d.Builtin || d.Message == "") {
			t.Errorf("KnownDeprecated(%+v) = %+v, %v, want %v", tt.p, d, got, tt.want)
		}
	}
}

func TestRegistryDeprecated(t *testing.T) {
	var hits atomic.Int32
	var inFlight, maxInFlight atomic.Int32
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := maxInFlight.Load()
			if n <= m || maxInFlight.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(5 * time.Millisecond)
		mu.Lock()
		paths = append(paths, r.URL.EscapedPath())
		mu.Unlock()
		switch r.URL.EscapedPath() {
		case "/request/2.88.2":
			fmt.Fprint(w, `{"name":"request","version":"2.88.2","deprecated":"request has been deprecated"}`)
		case "/@scope%2Fold/1.0.0":
			fmt.Fprint(w, `{"deprecated":true}`)
		case "/broken/1.0.0":
			fmt.Fprint(w, `{"deprecated":`)
		case "/missing/1.0.0":
			http.NotFound(w, r)
		default:
			fmt.Fprint(w, `{"name":"x"}`)
		}
	}))
	defer srv.Close()
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	reg := &Registry{BaseURL: srv.URL, Client: srv.Client(), Concurrency: 2, CacheDir: t.TempDir(), Now: func() time.Time { return now }}
	pkgs := []Package{
		{Ecosystem: "npm", Name: "request", Version: "2.88.2"},
		{Ecosystem: "npm", Name: "request", Version: "2.88.2"}, // asked once
		{Ecosystem: "npm", Name: "@scope/old", Version: "1.0.0"},
		{Ecosystem: "npm", Name: "fine", Version: "1.0.0"},
		{Ecosystem: "npm", Name: "fine2", Version: "1.0.0"},
		{Ecosystem: "npm", Name: "broken", Version: "1.0.0"},
		{Ecosystem: "npm", Name: "missing", Version: "1.0.0"},
		{Ecosystem: "npm", Name: "unpinned", Constraint: "^1"},
		{Ecosystem: "PyPI", Name: "requests", Version: "1.0"},
	}
	got, unanswered, err := reg.Deprecated(context.Background(), pkgs)
	if diff := cmp.Diff([]string{"broken@1.0.0", "missing@1.0.0"}, unanswered); diff != "" {
		t.Errorf("unanswered (-want +got):\n%s", diff)
	}
	want := []Deprecation{
		{Package: pkgs[2], Message: "deprecated"},
		{Package: pkgs[0], Message: "request has been deprecated"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Deprecated (-want +got):\n%s", diff)
	}
	if err == nil || !strings.Contains(err.Error(), "broken@1.0.0") || !strings.Contains(err.Error(), "missing@1.0.0: GET") {
		t.Errorf("Deprecated error = %v, want the broken and missing packages named", err)
	}
	if h := hits.Load(); h != 6 {
		t.Errorf("first run: %d requests, want 6 (paths %v)", h, paths)
	}
	if m := maxInFlight.Load(); m > 2 {
		t.Errorf("%d requests in flight, want at most 2", m)
	}
	// The answers that succeeded are cached; the failed ones are asked again.
	got, _, _ = reg.Deprecated(context.Background(), pkgs)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Deprecated from cache (-want +got):\n%s", diff)
	}
	if h := hits.Load(); h != 8 {
		t.Errorf("second run: %d requests in all, want 8 (only the two failures again)", h)
	}
	// After the TTL everything is asked again.
	now = now.Add(25 * time.Hour)
	reg.Deprecated(context.Background(), pkgs)
	if h := hits.Load(); h != 14 {
		t.Errorf("after the TTL: %d requests in all, want 14", h)
	}
}

func TestRegistryTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	reg := &Registry{BaseURL: srv.URL, Client: srv.Client(), Timeout: 50 * time.Millisecond}
	start := time.Now()
	_, _, err := reg.Deprecated(context.Background(), []Package{{Ecosystem: "npm", Name: "slow", Version: "1.0.0"}})
	if err == nil || !strings.Contains(err.Error(), "slow@1.0.0") {
		t.Errorf("Deprecated on a server that does not answer: err = %v, want a timeout naming the package", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Deprecated took %v, want it bounded by the timeout", d)
	}
}

func TestLargestSubtrees(t *testing.T) {
	edges := map[string][]string{
		"":                  {"node_modules/a", "node_modules/b"},
		"node_modules/a":    {"node_modules/c", "node_modules/d"},
		"node_modules/c":    {"node_modules/d"},
		"node_modules/b":    {"node_modules/d"},
		"node_modules/d":    {"node_modules/a"}, // a cycle must end
		"node_modules/e/x/": nil,
	}
	got := largestSubtrees(edges, 5)
	want := []Subtree{{"a", 3}, {"b", 4}}
	want[0], want[1] = want[1], want[0]
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("largestSubtrees (-want +got):\n%s", diff)
	}
	if got := largestSubtrees(edges, 1); len(got) != 1 || got[0].Name != "b" {
		t.Errorf("largestSubtrees(n=1) = %v, want only b", got)
	}
}

// checkCycloneDX checks the fields CycloneDX 1.5 requires and that every
// bom-ref is unique and every vulnerability affects a known bom-ref.
func checkCycloneDX(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var bom map[string]any
	if err := json.Unmarshal(data, &bom); err != nil {
		t.Fatalf("SBOM is not JSON: %v", err)
	}
	if bom["bomFormat"] != "CycloneDX" || bom["specVersion"] != "1.5" || bom["version"] != float64(1) {
		t.Errorf("bomFormat/specVersion/version = %v/%v/%v", bom["bomFormat"], bom["specVersion"], bom["version"])
	}
	refs := map[string]bool{}
	var walk func(cs []any)
	walk = func(cs []any) {
		for _, c := range cs {
			m := c.(map[string]any)
			if m["type"] == "" || m["type"] == nil || m["name"] == nil || m["name"] == "" {
				t.Errorf("component without type or name: %v", m)
			}
			if r, ok := m["bom-ref"].(string); ok {
				if refs[r] {
					t.Errorf("bom-ref %q is not unique", r)
				}
				refs[r] = true
			}
			if sub, ok := m["components"].([]any); ok {
				walk(sub)
			}
		}
	}
	cs, ok := bom["components"].([]any)
	if !ok {
		t.Fatalf("no components array")
	}
	walk(cs)
	if md, ok := bom["metadata"].(map[string]any); ok {
		if c, ok := md["component"].(map[string]any); ok {
			walk([]any{c})
		}
	}
	vs, _ := bom["vulnerabilities"].([]any)
	for _, v := range vs {
		m := v.(map[string]any)
		if m["id"] == nil {
			t.Errorf("vulnerability without id: %v", m)
		}
		as, _ := m["affects"].([]any)
		if len(as) == 0 {
			t.Errorf("vulnerability %v affects nothing", m["id"])
		}
		for _, a := range as {
			if r := a.(map[string]any)["ref"].(string); !refs[r] {
				t.Errorf("vulnerability %v affects unknown bom-ref %q", m["id"], r)
			}
		}
	}
	return bom
}

func TestCycloneDXApp(t *testing.T) {
	lodash := Package{Ecosystem: "npm", Name: "lodash", Version: "4.17.20", Relation: Direct}
	dirs := []SBOMDir{
		{Dir: "src/b", Functions: []string{"B"}, Inventory: DirInventory{Packages: []Package{lodash, {Ecosystem: "PyPI", Name: "PyYAML", Version: "5.1"}}},
			Vulns: []Vuln{{ID: "GHSA-x", IDs: []string{"CVE-1", "GHSA-x"}, Package: lodash, Fixed: "4.17.21"}}},
		{Dir: "src/a", Functions: []string{"A2", "A1"}, Inventory: DirInventory{Packages: []Package{lodash, lodash, {Ecosystem: "npm", Name: "x", Constraint: "^1"}}},
			Vulns: []Vuln{{ID: "GHSA-x", Package: lodash}}},
	}
	data, err := CycloneDXApp("shop", dirs, "1.0.0")
	if err != nil {
		t.Fatal(err)
	}
	bom := checkCycloneDX(t, data)
	var got []string
	for _, c := range bom["components"].([]any) {
		m := c.(map[string]any)
		line := m["name"].(string) + ":"
		for _, s := range m["components"].([]any) {
			line += " " + s.(map[string]any)["purl"].(string)
		}
		got = append(got, line)
	}
	want := []string{"src/a: pkg:npm/lodash@4.17.20", "src/b: pkg:npm/lodash@4.17.20 pkg:pypi/pyyaml@5.1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("components (-want +got):\n%s", diff)
	}
	vs := bom["vulnerabilities"].([]any)
	if len(vs) != 1 || len(vs[0].(map[string]any)["affects"].([]any)) != 2 {
		t.Errorf("vulnerabilities = %v, want GHSA-x affecting both directories", vs)
	}
	again, _ := CycloneDXApp("shop", []SBOMDir{dirs[1], dirs[0]}, "1.0.0")
	if string(again) != string(data) {
		t.Errorf("CycloneDXApp depends on the order of the directories")
	}
}

func FuzzDeprecationMessage(f *testing.F) {
	for _, s := range []string{`"use x instead"`, `true`, `false`, `null`, `{"a":1}`, `"  "`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		msg := deprecationMessage(data)
		if msg != strings.TrimSpace(msg) {
			t.Errorf("deprecationMessage(%q) = %q: not trimmed", data, msg)
		}
	})
}

// BenchmarkCollectLargeLock lists a generated package-lock.json (v3) of
// 2,000 packages, with the deepest chain and the subtree sizes of its 20
// direct dependencies (what DEP003 reads).
func BenchmarkCollectLargeLock(b *testing.B) {
	var entries []string
	var direct []string
	for i := range 2000 {
		deps := ""
		switch {
		case i < 20:
			direct = append(direct, fmt.Sprintf(`"p%d": "1"`, i))
			var kids []string
			for k := 20 + i*99; k < 20+(i+1)*99 && k < 2000; k++ {
				kids = append(kids, fmt.Sprintf(`"p%d": "1"`, k))
			}
			deps = `, "dependencies": {` + strings.Join(kids, ", ") + `}`
		case i+1 < 2000:
			deps = fmt.Sprintf(`, "dependencies": {"p%d": "1"}`, i+1)
		}
		entries = append(entries, fmt.Sprintf(`"node_modules/p%d": {"version": "1.0.%d"%s}`, i, i, deps))
	}
	lock := `{"lockfileVersion": 3, "packages": {"": {"dependencies": {` + strings.Join(direct, ", ") + `}}, ` + strings.Join(entries, ", ") + `}}`
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "package-lock.json"), []byte(lock), 0o644); err != nil {
		b.Fatal(err)
	}
	inv, _ := Collect(context.Background(), dir, []string{"."})
	if len(inv.Dirs[0].Packages) != 2000 || len(inv.Dirs[0].Largest) == 0 {
		b.Fatalf("got %d packages, largest %v", len(inv.Dirs[0].Packages), inv.Dirs[0].Largest)
	}
	for b.Loop() {
		Collect(context.Background(), dir, []string{"."})
	}
}

// BenchmarkRegistryDeprecated asks a local registry about 200 versions:
// "cold" with an empty cache every time, "cached" from the on-disk cache.
func BenchmarkRegistryDeprecated(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"name":"x","deprecated":"old"}`)
	}))
	defer srv.Close()
	var pkgs []Package
	for i := range 200 {
		pkgs = append(pkgs, Package{Ecosystem: "npm", Name: fmt.Sprintf("p%d", i), Version: "1.0.0"})
	}
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			reg := &Registry{BaseURL: srv.URL, Client: srv.Client(), CacheDir: b.TempDir()}
			if ds, _, err := reg.Deprecated(context.Background(), pkgs); err != nil || len(ds) != 200 {
				b.Fatal(err, len(ds))
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		reg := &Registry{BaseURL: srv.URL, Client: srv.Client(), CacheDir: b.TempDir()}
		reg.Deprecated(context.Background(), pkgs)
		for b.Loop() {
			if ds, _, err := reg.Deprecated(context.Background(), pkgs); err != nil || len(ds) != 200 {
				b.Fatal(err, len(ds))
			}
		}
	})
}
