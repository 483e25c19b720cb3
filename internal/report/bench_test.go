package report

import (
	"io"
	"testing"
)

// BenchmarkFormats renders 1,000 findings over 40 functions in each format.
func BenchmarkFormats(b *testing.B) {
	in := manyInput(1000)
	for _, format := range []string{"junit", "markdown", "html", "github", "sarif"} {
		b.Run(format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(io.Discard, format, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
