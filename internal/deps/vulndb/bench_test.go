package vulndb

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// benchDB imports the corpus's Go and PyPI advisories, or skips.
func benchDB(b *testing.B) string {
	b.Helper()
	corpus, err := filepath.Abs(filepath.Join("..", "..", "..", "..", "shared", "corpus", "osv"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(corpus); err != nil {
		b.Skipf("corpus not found at %s: %v", corpus, err)
	}
	dir := b.TempDir()
	for _, src := range []string{"golang-vulndb/data/osv", "pypa-advisory-database/vulns"} {
		if _, err := Import(dir, filepath.Join(corpus, src), ImportOptions{Now: time.Unix(0, 0)}); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// BenchmarkOpenLookup is the database cost of one scan of a small
// function: open, load two ecosystem indexes, look up two packages.
func BenchmarkOpenLookup(b *testing.B) {
	dir := benchDB(b)
	for b.Loop() {
		db, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if recs, err := db.Lookup("PyPI", "PyYAML"); err != nil || len(recs) == 0 {
			b.Fatalf("Lookup(PyYAML) = %d records, %v", len(recs), err)
		}
		if recs, err := db.Lookup("Go", "golang.org/x/net"); err != nil || len(recs) == 0 {
			b.Fatalf("Lookup(x/net) = %d records, %v", len(recs), err)
		}
	}
}

// BenchmarkLookupWarm is one lookup in an opened database.
func BenchmarkLookupWarm(b *testing.B) {
	db, err := Open(benchDB(b))
	if err != nil {
		b.Fatal(err)
	}
	db.Lookup("PyPI", "django")
	for b.Loop() {
		if _, err := db.Lookup("PyPI", "django"); err != nil {
			b.Fatal(err)
		}
	}
}
