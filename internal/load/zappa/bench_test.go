package zappa

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkLoad loads the largest settings fixture in each syntax.
func BenchmarkLoad(b *testing.B) {
	for _, name := range []string{"full.json", "lenient.json", "zappa_settings.yml", "zappa_settings.toml"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, _, err := Load(name, data, "testdata"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
