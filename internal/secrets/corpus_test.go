package secrets

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// corpusDir returns ../shared/corpus relative to the repository root, or
// skips the test.
func corpusDir(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not found at %s: %v", dir, err)
	}
	return dir
}

// scanTree scans every file under dir except VCS metadata.
func scanTree(t testing.TB, s *Scanner, dir string) []Match {
	var out []Match
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Errorf("read %s: %v", p, err)
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, s.Scan(filepath.ToSlash(rel), b)...)
		return nil
	})
	return out
}

// TestCorpusSecrets checks the documented secret of the vulnerable apps and
// lists what the scanner finds in the corpus apps (run with -v to read).
func TestCorpusSecrets(t *testing.T) {
	corpus := corpusDir(t)
	s := mustScanner(t)
	expected := []struct {
		app, path string
		line      int
	}{
		{"dvfaas", "xxe/xxe-example/app.py", 16},     // DVF-04, hard-coded HMAC secret
		{"cfngoat", "cfngoat.yaml", 890},             // CFN-01, access key in Lambda environment
		{"cfngoat", "cfngoat.yaml", 891},             // CFN-01, secret key
		{"terragoat", "terraform/aws/lambda.tf", 45}, // TG-01
		{"terragoat", "terraform/aws/lambda.tf", 46}, // TG-01
	}
	for _, e := range expected {
		dir := filepath.Join(corpus, e.app)
		b, err := os.ReadFile(filepath.Join(dir, e.path))
		if err != nil {
			t.Errorf("%s: %v", e.app, err)
			continue
		}
		found := false
		for _, m := range s.Scan(e.path, b) {
			found = found || m.Line == e.line
		}
		if !found {
			t.Errorf("%s: no secret found at %s:%d", e.app, e.path, e.line)
		}
	}
	for _, app := range []string{"serverless-goat", "serverless-goat-python", "dvfaas", "aws-vulnerable-lambda",
		"bad-lambda", "cfngoat", "terragoat", "sadcloud", "serverless-examples", "aws-lambda-developer-guide"} {
		dir := filepath.Join(corpus, app)
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		ms := scanTree(t, s, dir)
		for _, m := range ms {
			t.Logf("%s/%s:%d:%d %s %s %s", app, m.Path, m.Line, m.Column, m.Kind, m.Confidence, m.Redacted)
		}
		t.Logf("%s: %d matches", app, len(ms))
	}
}

// BenchmarkCorpusServerlessExamples measures a serial secret scan of the
// serverless-examples corpus (about 1,500 files), for comparison with the
// gitleaks CLI on the same folder.
func BenchmarkCorpusServerlessExamples(b *testing.B) {
	dir := filepath.Join(corpusDir(b), "serverless-examples")
	s := mustScanner(b)
	for b.Loop() {
		b.ReportMetric(float64(len(scanTree(b, s, dir))), "matches")
	}
}
