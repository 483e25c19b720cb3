package code

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/slsguard/slsguard/internal/secrets"
)

// BenchmarkCorpusExamples measures code and secret analysis of the
// serverless-examples corpus, one app per task on GOMAXPROCS workers, as a
// scan does.
func BenchmarkCorpusExamples(b *testing.B) {
	root := filepath.Join(corpusDir(b), "serverless-examples")
	apps, err := os.ReadDir(root)
	if err != nil {
		b.Skipf("corpus not found at %s: %v", root, err)
	}
	sc, err := secrets.NewScanner()
	if err != nil {
		b.Fatal(err)
	}
	var dirs []string
	for _, a := range apps {
		if a.IsDir() {
			dirs = append(dirs, filepath.Join(root, a.Name()))
		}
	}
	b.ResetTimer()
	for b.Loop() {
		var files, issues, matches int
		var mu sync.Mutex
		work := make(chan string)
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				for dir := range work {
					is, _ := Analyze(dir, "", "")
					nf, nm := scanSecrets(sc, dir)
					mu.Lock()
					files, issues, matches = files+nf, issues+len(is), matches+nm
					mu.Unlock()
				}
			})
		}
		for _, d := range dirs {
			work <- d
		}
		close(work)
		wg.Wait()
		b.ReportMetric(float64(files), "files")
		b.ReportMetric(float64(issues), "issues")
		b.ReportMetric(float64(matches), "secrets")
	}
}

func scanSecrets(sc *secrets.Scanner, dir string) (files, matches int) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if d.Name() == "node_modules" || d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		files++
		matches += len(sc.Scan(p, b))
		return nil
	})
	return files, matches
}
