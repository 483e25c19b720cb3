package watch

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"

	"github.com/slsguard/slsguard/internal/logs/detect"
	"github.com/slsguard/slsguard/internal/logs/store"
)

// benchLambda is one day of subscription payloads for ten functions, 200
// REPORT lines per function and hour.
func benchLambda() []byte {
	h0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Unix() / 3600
	var b bytes.Buffer
	for _, fn := range []string{"f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9"} {
		n := make([]int, 24)
		for i := range n {
			n[i] = 200
		}
		b.Write(reports(fn, h0, n))
	}
	return b.Bytes()
}

func BenchmarkFeedLambda(b *testing.B) {
	data := benchLambda()
	for _, withState := range []bool{false, true} {
		name := "no-state"
		if withState {
			name = "sqlite-state"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for i := 0; b.Loop(); i++ {
				var st *store.Store
				if withState {
					var err error
					if st, err = store.Open(filepath.Join(b.TempDir(), "s.db")); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := NewProcessor(detect.Config{}, st).Feed("bench.log", data); err != nil {
					b.Fatal(err)
				}
				if st != nil {
					st.Close()
				}
			}
		})
	}
}

func BenchmarkFeedCloudTrail(b *testing.B) {
	line := bytes.TrimSpace(readTestdata(b, "stoplogging.json"))
	other := bytes.ReplaceAll(line, []byte("StopLogging"), []byte("DescribeInstances"))
	var data bytes.Buffer
	for i := range 20000 {
		if i%1000 == 0 {
			data.Write(line)
		} else {
			data.Write(other)
		}
		data.WriteByte('\n')
	}
	p := NewProcessor(detect.Config{}, nil)
	b.SetBytes(int64(data.Len()))
	for b.Loop() {
		if _, err := p.FeedRecord("bench", data.Bytes()); err != nil {
			b.Fatal(err)
		}
	}
}
