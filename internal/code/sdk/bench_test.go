package sdk

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkExtractFile measures the extraction of every fixture file, one
// language after another.
func BenchmarkExtractFile(b *testing.B) {
	type file struct {
		name string
		src  []byte
	}
	var files []file
	size := 0
	for _, n := range []string{"v2.js", "v3.ts", "boto.py", "main.go", "unknown.js", "services.js"} {
		src, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, file{n, src})
		size += len(src)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, f := range files {
			if _, err := ExtractFile(f.name, f.src, "handler"); err != nil {
				b.Fatal(err)
			}
		}
	}
}
