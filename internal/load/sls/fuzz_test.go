package sls

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad checks that no input makes Load panic or hang, seeded from
// the rule fixtures and the equivalence applications.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "rules", "testdata", "*", "*.sls.yml"))
	more, _ := filepath.Glob(filepath.Join("..", "testdata", "equiv", "*", "serverless.yml"))
	for _, p := range append(seeds, more...) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("service: s\nprovider: {name: aws}\ncustom:\n  a: ${self:custom.b}\n  b: ${file(./loop.yml):x}\n"))
	dir := f.TempDir()
	for name, content := range map[string]string{
		"loop.yml":   "x: ${file(./loop.yml):x}\n",
		"config.yml": "size: 2\nname: ${self:service}\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		app, _, err := Load("serverless.yml", data, Options{Dir: dir})
		if err == nil && app == nil {
			t.Fatalf("Load returned neither an application nor an error")
		}
		// Load turns panics into errors; the fuzzer must still see them.
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatalf("Load(%q): %v", data, err)
		}
	})
}
