package deps

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// fuzzFiles are the file names the fuzzer writes its input to, one per
// extractor family.
var fuzzFiles = []string{"package-lock.json", "package.json", "requirements.txt", "Pipfile.lock", "go.mod", "yarn.lock", "pom.xml", "poetry.lock", "Gemfile.lock", "packages.lock.json"}

// FuzzCollect checks that no lockfile content makes the collection panic
// or fail without naming the file.
func FuzzCollect(f *testing.F) {
	seeds := map[string]string{
		"fn-node/package-lock.json": "package-lock.json",
		"fn-node/package.json":      "package.json",
		"fn-py/requirements.txt":    "requirements.txt",
		"fn-pipenv/Pipfile.lock":    "Pipfile.lock",
		"fn-go/go.mod":              "go.mod",
		"broken/package-lock.json":  "package-lock.json",
	}
	for path, name := range seeds {
		data, err := os.ReadFile(filepath.Join("testdata", "tree", filepath.FromSlash(path)))
		if err != nil {
			f.Fatal(err)
		}
		for i, n := range fuzzFiles {
			if n == name {
				f.Add(uint8(i), data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		dir := t.TempDir()
		name := fuzzFiles[int(kind)%len(fuzzFiles)]
		if name == "package-lock.json" {
			// The manifest beside a lockfile is read too.
			os.WriteFile(filepath.Join(dir, "package.json"), data, 0o644)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, problems := Collect(context.Background(), dir, []string{"."})
		for _, p := range problems {
			if p.Loc.File == "" {
				t.Errorf("problem without a file: %v", p)
			}
		}
	})
}
