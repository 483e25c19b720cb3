package deps

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/slsguard/slsguard/internal/deps/vulndb"
)

// corpusApps are the corpus folders with lockfiles.
var corpusApps = []string{"aws-lambda-developer-guide", "aws-vulnerable-lambda", "dvfaas", "serverless-examples", "serverless-goat", "serverless-goat-python", "terragoat"}

// BenchmarkImportCorpus imports the corpus's Go (JSON) and PyPI (YAML)
// advisories into an empty database.
func BenchmarkImportCorpus(b *testing.B) {
	corpus := corpusDir(b)
	for b.Loop() {
		dir := b.TempDir()
		for _, src := range []string{"osv/golang-vulndb/data/osv", "osv/pypa-advisory-database/vulns"} {
			if _, err := vulndb.Import(dir, filepath.Join(corpus, src), vulndb.ImportOptions{Now: time.Unix(0, 0)}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkCollectCorpus lists the packages of every corpus app.
func BenchmarkCollectCorpus(b *testing.B) {
	corpus := corpusDir(b)
	for b.Loop() {
		Collect(context.Background(), corpus, corpusApps)
	}
}

// BenchmarkScanCorpus is what a scan pays: open the database, list the
// packages of every corpus app, match them.
func BenchmarkScanCorpus(b *testing.B) {
	corpus := corpusDir(b)
	corpusDB(b, corpus)
	for b.Loop() {
		db, err := OpenDB(corpusDBDir)
		if err != nil {
			b.Fatal(err)
		}
		inv, _ := Collect(context.Background(), corpus, corpusApps)
		if _, err := db.Match(inv.Packages()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMatchCorpus matches the corpus's packages with a database
// already opened and warm.
func BenchmarkMatchCorpus(b *testing.B) {
	corpus := corpusDir(b)
	db := corpusDB(b, corpus)
	inv, _ := Collect(context.Background(), corpus, corpusApps)
	pkgs := inv.Packages()
	db.Match(pkgs)
	b.ReportMetric(float64(len(pkgs)), "packages")
	b.ResetTimer()
	for b.Loop() {
		if _, err := db.Match(pkgs); err != nil {
			b.Fatal(err)
		}
	}
}
