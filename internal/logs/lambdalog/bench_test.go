package lambdalog

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

// benchLog is a REPORT-heavy Lambda text log of at least 32 MiB, the shape
// of a busy function's log group: each invocation writes START, one line of
// its own output, END and REPORT; every tenth REPORT is a cold start with an
// Init Duration and an X-Ray trace, every hundredth a timeout.
var benchLog = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < 32<<20; i++ {
		id := fmt.Sprintf("%08x-1c2b-4c1e-9f0e-%012x", i, i*7919)
		fmt.Fprintf(&b, "START RequestId: %s Version: $LATEST\n", id)
		fmt.Fprintf(&b, "2026-03-02T10:00:00.100Z\t%s\tINFO\thandling order %d\n", id, i)
		fmt.Fprintf(&b, "END RequestId: %s\n", id)
		fmt.Fprintf(&b, "REPORT RequestId: %s\tDuration: %d.%02d ms\tBilled Duration: %d ms\tMemory Size: 512 MB\tMax Memory Used: %d MB\t",
			id, 10+i%900, i%100, 11+i%900, 60+i%200)
		if i%10 == 0 {
			fmt.Fprintf(&b, "Init Duration: %d.%02d ms\tXRAY TraceId: 1-5d83c0ad-%024x\tSegmentId: %016x\tSampled: true\t", 150+i%300, i%100, i, i)
		}
		if i%100 == 0 {
			b.WriteString("Status: timeout")
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
})

func BenchmarkReadReportHeavy(b *testing.B) {
	in := benchLog()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if _, err := Read(bytes.NewReader(in), "bench.log", func(e *Event) {
			if e.Kind == Report && e.HasDuration {
				n++
			}
		}); err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			b.Fatal("no REPORT parsed")
		}
	}
}

func BenchmarkParseReport(b *testing.B) {
	const line = "REPORT RequestId: 6a1f2e40-1c2b-4c1e-9f0e-1a2b3c4d5e6f\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 256 MB\tMax Memory Used: 71 MB\tInit Duration: 180.25 ms\tXRAY TraceId: 1-5d83c0ad-b8eb33a0b1de97d804fac890\tSegmentId: 3d4b2b7d1e5a9c01\tSampled: true\t"
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for b.Loop() {
		if ev := Parse(line); !ev.HasInit {
			b.Fatal("no Init Duration")
		}
	}
}
