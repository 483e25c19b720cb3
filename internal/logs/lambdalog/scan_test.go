package lambdalog

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The regular expressions the text lines were read with before the
// hand-written scanners, kept as the reference the scanners must agree
// with. The only change is the "Billed Restore Duration" alternative: the
// old expression read that field as "Restore Duration" (it matched from the
// space inside the name), which overwrote the real restore time.
var (
	refReportField = regexp.MustCompile(`(?:^|\s)(Duration|Billed Duration|Billed Restore Duration|Memory Size|Max Memory Used|Init Duration|Restore Duration): ([0-9]+(?:\.[0-9]+)?) (?:ms|MB)`)
	refTraceField  = regexp.MustCompile(`XRAY TraceId: (\S+)`)
	refRequestID   = regexp.MustCompile(`RequestId: ([0-9A-Za-z-]+)`)
	refTimedOut    = regexp.MustCompile(`Task timed out after ([0-9.]+) seconds`)
)

// refParseText is parseText as it was with the regular expressions.
func refParseText(msg string) Event {
	var ev Event
	switch {
	case strings.HasPrefix(msg, "REPORT RequestId:"):
		ev.Kind = Report
		refReadReport(msg, &ev)
	case strings.HasPrefix(msg, "START RequestId:"):
		ev.Kind = Start
	case strings.HasPrefix(msg, "END RequestId:"):
		ev.Kind = End
	}
	if ev.Kind != Other {
		if m := refRequestID.FindStringSubmatch(msg); m != nil {
			ev.RequestID = m[1]
		}
		return ev
	}
	refID := func() string {
		f := strings.Fields(msg)
		if len(f) > 1 && len(f[1]) == 36 && strings.Count(f[1], "-") == 4 {
			return f[1]
		}
		return ""
	}
	if m := refTimedOut.FindStringSubmatch(msg); m != nil {
		ev.Kind, ev.TimedOut = Timeout, true
		ev.TimeoutSec, _ = strconv.ParseFloat(m[1], 64)
		ev.RequestID = refID()
		return ev
	}
	if containsAny(msg, oomMarks) {
		ev.Kind, ev.OOM = OutOfMemory, true
		ev.RequestID = refID()
		return ev
	}
	if containsAny(msg, crashMarks) {
		ev.Kind = Crash
		ev.RequestID = refID()
	}
	return ev
}

func refReadReport(msg string, ev *Event) {
	for _, m := range refReportField.FindAllStringSubmatch(msg, -1) {
		f, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			continue
		}
		switch m[1] {
		case "Duration":
			ev.DurationMs, ev.HasDuration = f, true
		case "Billed Duration":
			ev.BilledMs, ev.HasBilled = f, true
		case "Memory Size":
			ev.MemoryMB, ev.HasMemory = int(f), true
		case "Max Memory Used":
			ev.MaxMemoryMB, ev.HasMaxMemory = int(f), true
		case "Init Duration":
			ev.InitMs, ev.HasInit = f, true
		case "Restore Duration":
			ev.RestoreMs, ev.HasRestore = f, true
		case "Billed Restore Duration":
			ev.BilledRestoreMs, ev.HasBilledRestore = f, true
		}
	}
	if m := refTraceField.FindStringSubmatch(msg); m != nil {
		ev.TraceID = m[1]
	}
	if strings.Contains(msg, "Status: timeout") {
		ev.TimedOut, ev.Status = true, "timeout"
	}
}

// diffReference compares parseText with the reference. The scanner also
// reads "Status: error" and its "Error Type", which the expressions did
// not: those two fields are taken from the scanner when the reference has
// no status.
func diffReference(msg string) string {
	got, want := parseText(msg), refParseText(msg)
	if want.Kind == Report && want.Status == "" && got.Status == "error" {
		want.Status, want.OOM = got.Status, got.OOM
	}
	return cmp.Diff(want, got, cmp.Comparer(func(a, b float64) bool {
		return a == b || math.IsNaN(a) && math.IsNaN(b)
	}))
}

func TestReportEdgeCases(t *testing.T) {
	const id = "6a1f2e40-1c2b-4c1e-9f0e-1a2b3c4d5e6f"
	tests := []struct {
		name, line string
		want       Event
	}{
		{"only the request ID", "REPORT RequestId: " + id, Event{Kind: Report, RequestID: id}},
		{"missing fields", "REPORT RequestId: " + id + "\tDuration: 1.50 ms\tMax Memory Used: 20 MB",
			Event{Kind: Report, RequestID: id, DurationMs: 1.5, HasDuration: true, MaxMemoryMB: 20, HasMaxMemory: true}},
		{"fields out of order, unknown fields between",
			"REPORT RequestId: " + id + "\tMemory Size: 128 MB\tShiny New Field: 7 ms\tBilled Duration: 2 ms\tDuration: 1.25 ms\tLegacy: x",
			Event{Kind: Report, RequestID: id, MemoryMB: 128, HasMemory: true, BilledMs: 2, HasBilled: true, DurationMs: 1.25, HasDuration: true}},
		{"spaces instead of tabs", "REPORT RequestId: " + id + " Duration: 3.00 ms Billed Duration: 3 ms Memory Size: 256 MB Max Memory Used: 71 MB",
			Event{Kind: Report, RequestID: id, DurationMs: 3, HasDuration: true, BilledMs: 3, HasBilled: true, MemoryMB: 256, HasMemory: true, MaxMemoryMB: 71, HasMaxMemory: true}},
		{"truncated in a number", "REPORT RequestId: " + id + "\tDuration: 12.50 ms\tBilled Duration: 1",
			Event{Kind: Report, RequestID: id, DurationMs: 12.5, HasDuration: true}},
		{"truncated after the dot", "REPORT RequestId: " + id + "\tDuration: 12.",
			Event{Kind: Report, RequestID: id}},
		{"truncated in the unit", "REPORT RequestId: " + id + "\tDuration: 12.50 m",
			Event{Kind: Report, RequestID: id}},
		{"truncated in the request ID", "REPORT RequestId: 6a1f", Event{Kind: Report, RequestID: "6a1f"}},
		{"huge numbers", "REPORT RequestId: r\tDuration: 123456789012345678901234567890.123456789 ms\tMemory Size: 1099511627776 MB",
			Event{Kind: Report, RequestID: "r", DurationMs: 123456789012345678901234567890.123456789, HasDuration: true, MemoryMB: 1 << 40, HasMemory: true}},
		{"number beyond float64 is skipped", "REPORT RequestId: r\tDuration: 1" + strings.Repeat("0", 400) + " ms",
			Event{Kind: Report, RequestID: "r"}},
		{"units are not checked against the field", "REPORT RequestId: r\tDuration: 5 MB\tMemory Size: 128 ms",
			Event{Kind: Report, RequestID: "r", DurationMs: 5, HasDuration: true, MemoryMB: 128, HasMemory: true}},
		{"other units are not read", "REPORT RequestId: r\tDuration: 5 s\tMemory Size: 1 GB\tMax Memory Used: 3 mb",
			Event{Kind: Report, RequestID: "r"}},
		{"no space before the unit", "REPORT RequestId: r\tDuration: 5ms", Event{Kind: Report, RequestID: "r"}},
		{"sign and exponent are not numbers", "REPORT RequestId: r\tDuration: -5 ms\tInit Duration: 1e3 ms", Event{Kind: Report, RequestID: "r"}},
		// As the expression did: a name glued to the previous unit is read
		// from the space inside it, "Duration: 2 ms".
		{"name glued to the previous field", "REPORT RequestId: r\tDuration: 1 msBilled Duration: 2 ms",
			Event{Kind: Report, RequestID: "r", DurationMs: 2, HasDuration: true}},
		{"later field wins", "REPORT RequestId: r\tDuration: 1 ms\tDuration: 2 ms", Event{Kind: Report, RequestID: "r", DurationMs: 2, HasDuration: true}},
		{"SnapStart restore", "REPORT RequestId: r\tRestore Duration: 474.16 ms\tBilled Restore Duration: 194 ms",
			Event{Kind: Report, RequestID: "r", RestoreMs: 474.16, HasRestore: true, BilledRestoreMs: 194, HasBilledRestore: true}},
		{"X-Ray", "REPORT RequestId: r\tInit Duration: 9 ms\tXRAY TraceId: 1-5d83c0ad-b8eb\tSegmentId: 3d4b\tSampled: true",
			Event{Kind: Report, RequestID: "r", InitMs: 9, HasInit: true, TraceID: "1-5d83c0ad-b8eb"}},
		{"empty trace ID", "REPORT RequestId: r\tXRAY TraceId: \tSampled: true", Event{Kind: Report, RequestID: "r"}},
		{"timeout", "REPORT RequestId: r\tDuration: 3000.00 ms\tStatus: timeout",
			Event{Kind: Report, RequestID: "r", DurationMs: 3000, HasDuration: true, TimedOut: true, Status: "timeout"}},
		{"out of memory", "REPORT RequestId: r\tMax Memory Used: 128 MB\tStatus: error\tError Type: Runtime.OutOfMemory",
			Event{Kind: Report, RequestID: "r", MaxMemoryMB: 128, HasMaxMemory: true, Status: "error", OOM: true}},
		{"other error", "REPORT RequestId: r\tStatus: error\tError Type: Runtime.ExitError", Event{Kind: Report, RequestID: "r", Status: "error"}},
		{"task timed out", "2026-03-02T10:01:00.000Z " + id + " Task timed out after 6.01 seconds",
			Event{Kind: Timeout, RequestID: id, TimedOut: true, TimeoutSec: 6.01}},
		{"task timed out, second mention", "Task timed out after x seconds; Task timed out after 3.00 seconds",
			Event{Kind: Timeout, TimedOut: true, TimeoutSec: 3}},
		{"task timed out, bad number", "Task timed out after 1.2.3 seconds", Event{Kind: Timeout, TimedOut: true}},
		{"request ID after an empty label", "START RequestId: \tRequestId: abc-1", Event{Kind: Start, RequestID: "abc-1"}},
		{"crash with non-ASCII space", "2026-03-02\u00a0" + id + " Runtime exited with error", Event{Kind: Crash, RequestID: id}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, parseText(tt.line)); diff != "" {
				t.Errorf("parseText(%q) (-want +got):\n%s", tt.line, diff)
			}
			if diff := diffReference(tt.line); diff != "" {
				t.Errorf("parseText(%q) differs from the expressions (-want +got):\n%s", tt.line, diff)
			}
		})
	}
}

func TestReportAllocations(t *testing.T) {
	const line = "REPORT RequestId: 6a1f2e40-1c2b-4c1e-9f0e-1a2b3c4d5e6f\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 256 MB\tMax Memory Used: 71 MB\tInit Duration: 180.25 ms\tXRAY TraceId: 1-5d83c0ad-b8eb\tSampled: true"
	var ev Event
	if n := testing.AllocsPerRun(100, func() { ev = parseText(line) }); n != 0 {
		t.Errorf("parseText of a REPORT line: %v allocations, want 0", n)
	}
	if !ev.HasInit || ev.TraceID == "" {
		t.Errorf("parseText = %+v", ev)
	}
}

// FuzzReportScanner checks the scanners against the regular expressions
// they replace, on REPORT, START/END, timeout and crash lines.
func FuzzReportScanner(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "mixed.log"))
	if err != nil {
		f.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		f.Add(l)
	}
	f.Add("REPORT RequestId: r\tRestore Duration: 474.16 ms\tBilled Restore Duration: 194 ms\tStatus: error\tError Type: Runtime.OutOfMemory")
	f.Add("REPORT RequestId: r Duration: 1.5 MB XRAY TraceId: 1-2 Status: timeout")
	f.Add("REPORT RequestId: r\tDuration: 0.1 ms\tInit Duration: 99999999999999.9 ms\tMemory Size: 0000000000000001.25 MB\tMax Memory Used: 1234567890123456 MB")
	f.Fuzz(func(t *testing.T, line string) {
		if diff := diffReference(line); diff != "" {
			t.Fatalf("parseText(%q) differs from the expressions (-want +got):\n%s", line, diff)
		}
	})
}
