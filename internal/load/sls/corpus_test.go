package sls

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slsguard/slsguard/internal/load/cfn"
)

// corpusDir is ../shared/corpus relative to the repository root.
func corpusDir(t testing.TB, sub string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "..", "shared", "corpus", sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not found at %s: %v", dir, err)
	}
	return dir
}

// TestCorpus loads every serverless.yml of the public example services:
// AWS services must load, other providers are recognised as such, and
// problems are only reported for what the framework would reject too.
func TestCorpus(t *testing.T) {
	dir := corpusDir(t, "serverless-examples")
	var loaded, other, problems, functions, routes, roles, triggers int
	providers := map[string]int{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && d.Name() == "node_modules" {
			return filepath.SkipDir
		}
		if d.IsDir() || (d.Name() != "serverless.yml" && d.Name() != "serverless.yaml") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		app, probs, err := Load(rel, data, Options{Dir: filepath.Dir(p), Root: dir})
		switch {
		case errors.Is(err, ErrUnsupportedProvider):
			other++
			var pe *cfn.ParseError
			if errors.As(err, &pe) {
				providers[strings.Fields(pe.Msg)[1]]++ // "provider NAME is not supported..."
			}
			return nil
		case err != nil:
			t.Errorf("%s: %v", rel, err)
			return nil
		}
		loaded++
		problems += len(probs)
		functions += len(app.Functions)
		roles += len(app.Roles)
		triggers += len(app.Triggers)
		for _, a := range app.APIs {
			routes += len(a.Routes)
		}
		for _, pr := range probs {
			// The only problems in these services are files they include
			// but do not commit (secrets, build output).
			if !strings.Contains(pr.Message, "file or address not found") {
				t.Errorf("unexpected problem: %v", pr)
			}
			t.Logf("problem: %v", pr)
		}
		if len(app.Functions) == 0 && !hasFunctions(data) {
			return nil
		}
		if len(app.Functions) == 0 {
			t.Errorf("%s: no functions loaded", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d AWS services loaded (%d functions, %d routes, %d roles, %d triggers), %d services of other providers %v, %d problems",
		loaded, functions, routes, roles, triggers, other, providers, problems)
	if loaded < 100 {
		t.Errorf("loaded %d AWS services, want at least 100", loaded)
	}
}

func hasFunctions(data []byte) bool {
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "functions:") {
			return true
		}
	}
	return false
}
