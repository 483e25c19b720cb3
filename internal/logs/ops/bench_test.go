package ops

import (
	"testing"

	"github.com/slsguard/slsguard/internal/logs/lambdalog"
)

// BenchmarkStatsAdd measures what --app and --html add per Lambda REPORT
// event (sketch, maxima, hourly counters).
func BenchmarkStatsAdd(b *testing.B) {
	s := NewStats()
	fns := []string{"orders", "reports", "users", "billing"}
	ev := lambdalog.Event{Kind: lambdalog.Report, HasDuration: true, HasMemory: true, MemoryMB: 512, MaxMemoryMB: 90}
	i := 0
	for b.Loop() {
		ev.Function = fns[i%len(fns)]
		ev.Timestamp = start.UnixMilli() + int64(i)*1000
		ev.DurationMs = float64(50 + i%2000)
		s.Add(&ev)
		i++
	}
}

func BenchmarkFindings(b *testing.B) {
	st := analyze(b, writeLogs(b))
	apps := loadApp(b)
	for b.Loop() {
		if len(Findings(apps, st, Options{})) == 0 {
			b.Fatal("no findings")
		}
	}
}
