package scan

import (
	"testing"
	"time"

	"github.com/slsguard/slsguard/internal/testgen"
)

// BenchmarkScanSAMTree scans a generated tree of 1,000 SAM applications
// (4 functions, an API, a table, a queue, a bucket and policies each).
func BenchmarkScanSAMTree(b *testing.B) {
	dir := b.TempDir()
	if err := testgen.WriteSAMTree(dir, 1000); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Run(Options{Paths: []string{dir}, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Apps) != 1000 {
			b.Fatalf("loaded %d applications, want 1000 (problems: %v)", len(res.Apps), res.Problems[:min(3, len(res.Problems))])
		}
	}
}
