package chalice

import "testing"

// BenchmarkLoad loads the largest test project (18 decorated functions).
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, _, err := Load("testdata", "full"); err != nil {
			b.Fatal(err)
		}
	}
}
