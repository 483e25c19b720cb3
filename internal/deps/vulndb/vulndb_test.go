package vulndb

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slsguard/slsguard/internal/deps/osv"
)

var testNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

const goRecord = `{"id": "GO-2099-0001", "aliases": ["CVE-2099-1"],
 "affected": [{"package": {"ecosystem": "Go", "name": "example.com/mod"},
   "ranges": [{"type": "SEMVER", "events": [{"fixed": "1.2.0"}, {"introduced": "0"}]}]}]}`

const pypiRecord = `id: PYSEC-2099-1
aliases: [GHSA-aaaa-bbbb-cccc]
affected:
- package: {ecosystem: PyPI, name: Example.Pkg}
  ranges:
  - type: ECOSYSTEM
    events: [{introduced: "0"}, {fixed: "2.0"}]
`

const withdrawnRecord = `{"id": "GO-2099-0002", "withdrawn": "2024-01-01T00:00:00Z",
 "affected": [{"package": {"ecosystem": "Go", "name": "example.com/mod"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}]}`

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func zipBytes(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func ids(recs []*osv.Record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.ID)
	}
	return out
}

func TestImportDirectory(t *testing.T) {
	src := writeFiles(t, map[string]string{
		"go/GO-2099-0001.json":    goRecord,
		"go/GO-2099-0002.json":    withdrawnRecord,
		"pypi/PYSEC-2099-1.yaml":  pypiRecord,
		"pypi/broken.yaml":        "id: [unclosed",
		"README.md":               "not a record",
		".git/objects/ignored.js": "{}",
	})
	db := t.TempDir()
	res, err := Import(db, src, ImportOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]int{"Go": 1, "PyPI": 1}, res.Records); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"Go": 1}, res.Withdrawn); diff != "" {
		t.Errorf("withdrawn (-want +got):\n%s", diff)
	}
	if len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Error(), "broken.yaml") {
		t.Errorf("problems = %v, want one naming broken.yaml", res.Problems)
	}
	d, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Go", "PyPI"}, d.Ecosystems()); diff != "" {
		t.Errorf("ecosystems (-want +got):\n%s", diff)
	}
	st := d.Meta().Ecosystems["PyPI"]
	if st.Records != 1 || !st.Updated.Equal(testNow) || st.Source != src {
		t.Errorf("PyPI state = %+v", st)
	}
	// Lookup normalises the name the way the ecosystem does.
	for _, name := range []string{"example-pkg", "Example_Pkg", "EXAMPLE.pkg"} {
		recs, err := d.Lookup("PyPI", name)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"PYSEC-2099-1"}, ids(recs)); diff != "" {
			t.Errorf("Lookup(PyPI, %q) (-want +got):\n%s", name, diff)
		}
	}
	recs, _ := d.Lookup("Go", "example.com/mod")
	if diff := cmp.Diff([]string{"GO-2099-0001"}, ids(recs)); diff != "" {
		t.Errorf("Lookup(Go) (-want +got):\n%s", diff)
	}
	// Events are stored in evaluation order.
	if got := recs[0].Affected[0].Ranges[0].Events[0].Introduced; got != "0" {
		t.Errorf("first event introduced = %q, want 0", got)
	}
	if recs, _ := d.Lookup("npm", "left-pad"); recs != nil {
		t.Errorf("Lookup of an absent ecosystem = %v", recs)
	}
}

func TestImportZipKeepsOtherEcosystems(t *testing.T) {
	db := t.TempDir()
	if _, err := Import(db, writeFiles(t, map[string]string{"a.json": goRecord}), ImportOptions{Now: testNow}); err != nil {
		t.Fatal(err)
	}
	zp := filepath.Join(t.TempDir(), "all.zip")
	os.WriteFile(zp, zipBytes(t, map[string]string{"PYSEC-2099-1.yaml": pypiRecord}), 0o644)
	if _, err := Import(db, zp, ImportOptions{Now: testNow}); err != nil {
		t.Fatal(err)
	}
	d, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Go", "PyPI"}, d.Ecosystems()); diff != "" {
		t.Errorf("ecosystems after two imports (-want +got):\n%s", diff)
	}
}

func TestOpenMissing(t *testing.T) {
	_, err := Open(filepath.Join(t.TempDir(), "none"))
	if !errors.Is(err, ErrNoDB) {
		t.Errorf("Open(missing) = %v, want ErrNoDB", err)
	}
}

func TestCorruptIndexIsAnError(t *testing.T) {
	db := t.TempDir()
	if _, err := Import(db, writeFiles(t, map[string]string{"a.json": goRecord}), ImportOptions{Now: testNow}); err != nil {
		t.Fatal(err)
	}
	path := indexPath(db, "Go")
	data, _ := os.ReadFile(path)
	os.WriteFile(path, data[:len(data)-3], 0o644)
	d, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Lookup("Go", "example.com/mod"); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "Go.idx") {
		t.Errorf("Lookup on a truncated index = %v, want ErrCorrupt naming Go.idx", err)
	}
}

func TestUpdate(t *testing.T) {
	archive := zipBytes(t, map[string]string{"GO-2099-0001.json": goRecord})
	var gets, conditional int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/Go/all.zip" {
			http.NotFound(w, r)
			return
		}
		gets++
		if r.Header.Get("If-None-Match") == `"v1"` {
			conditional++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 01 Jan 2026 00:00:00 GMT")
		w.Write(archive)
	}))
	defer srv.Close()
	db := t.TempDir()
	opts := UpdateOptions{BaseURL: srv.URL, Client: srv.Client(), Now: testNow}

	res, err := Update(context.Background(), db, []string{"Go"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]UpdateResult{{Ecosystem: "Go", Records: 1}}, res); diff != "" {
		t.Errorf("first update (-want +got):\n%s", diff)
	}
	res, err = Update(context.Background(), db, []string{"Go"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]UpdateResult{{Ecosystem: "Go", NotModified: true, Records: 1}}, res); diff != "" {
		t.Errorf("second update (-want +got):\n%s", diff)
	}
	if gets != 2 || conditional != 1 {
		t.Errorf("server saw %d GETs, %d conditional; want 2 and 1", gets, conditional)
	}
	// A failed download leaves the database as it was.
	if _, err := Update(context.Background(), db, []string{"npm"}, opts); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("update of a missing export = %v, want a 404 error", err)
	}
	d, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Go"}, d.Ecosystems()); diff != "" {
		t.Errorf("ecosystems (-want +got):\n%s", diff)
	}
	leftovers, _ := filepath.Glob(filepath.Join(db, ".download-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary downloads left behind: %v", leftovers)
	}
}

func TestIndexRoundTrip(t *testing.T) {
	recs := []*osv.Record{
		{ID: "A", Affected: []osv.Affected{{Package: osv.Package{Ecosystem: "PyPI", Name: "Foo_Bar"}}, {Package: osv.Package{Ecosystem: "PyPI", Name: "foo.bar"}}}},
		{ID: "B", Affected: []osv.Affected{{Package: osv.Package{Ecosystem: "PyPI", Name: "baz"}}, {Package: osv.Package{Ecosystem: "npm", Name: "baz"}}}},
	}
	data, err := encodeIndex("PyPI", recs)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := DecodeIndex("PyPI", data)
	if err != nil {
		t.Fatal(err)
	}
	if ix.Len() != 2 {
		t.Errorf("Len = %d, want 2 (one entry per distinct normalised name)", ix.Len())
	}
	got, _ := ix.Lookup("foo-bar")
	if diff := cmp.Diff([]string{"A"}, ids(got)); diff != "" {
		t.Errorf("Lookup(foo-bar) (-want +got):\n%s", diff)
	}
}

// FuzzDecodeIndex checks that no index file makes the reader panic or read
// outside its input.
func FuzzDecodeIndex(f *testing.F) {
	data, err := encodeIndex("Go", []*osv.Record{{ID: "GO-1", Affected: []osv.Affected{{Package: osv.Package{Ecosystem: "Go", Name: "a.b/c"}}}}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add(data[:len(data)/2])
	f.Add([]byte("SLSGIDX1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ix, err := DecodeIndex("Go", data)
		if err != nil {
			return
		}
		for _, e := range ix.entries {
			ix.Lookup(e.name)
		}
	})
}
