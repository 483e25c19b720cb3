package lambdalog

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func readFile(t *testing.T, name string) []Event {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return readBytes(t, b, name)
}

func readBytes(t *testing.T, b []byte, name string) []Event {
	t.Helper()
	var out []Event
	st, err := Read(bytes.NewReader(b), name, func(e *Event) { out = append(out, *e) })
	if err != nil || st.Malformed != 0 {
		t.Fatalf("%s: %v (%d malformed: %v)", name, err, st.Malformed, st.Samples)
	}
	return out
}

func TestMixedText(t *testing.T) {
	got := readFile(t, "mixed.log")
	const id = "6a1f2e40-1c2b-4c1e-9f0e-1a2b3c4d5e6f"
	loc := func(l int) Loc { return Loc{File: "mixed.log", Line: l} }
	want := []Event{
		{Kind: Start, RequestID: id, Loc: loc(1)},
		{Kind: Other, Message: "2026-03-02T10:00:00.100Z\t6a1f2e40-1c2b-4c1e-9f0e-1a2b3c4d5e6f\tINFO\thandling order 42", Loc: loc(2)},
		{Kind: End, RequestID: id, Loc: loc(3)},
		{Kind: Report, RequestID: id, DurationMs: 12.5, BilledMs: 13, InitMs: 180.25, RestoreMs: 40, MemoryMB: 256, MaxMemoryMB: 71,
			HasDuration: true, HasBilled: true, HasInit: true, HasRestore: true, HasMemory: true, HasMaxMemory: true, Loc: loc(4)},
		{Kind: Timeout, RequestID: "0f0e0d0c-0b0a-4999-8888-777766665555", TimedOut: true, TimeoutSec: 6.01, Loc: loc(5)},
		{Kind: OutOfMemory, RequestID: "1a1a1a1a-2b2b-4c4c-8d8d-9e9e9e9e9e9e", OOM: true, Loc: loc(6)},
		{Kind: Crash, RequestID: "1a1a1a1a-2b2b-4c4c-8d8d-9e9e9e9e9e9e", Loc: loc(7)},
		{Kind: Report, RequestID: "2b2b", Timestamp: 1772445780000, Status: "error", OOM: true, DurationMs: 900.5, BilledMs: 901, RestoreMs: 12.5, MemoryMB: 512, MaxMemoryMB: 512,
			HasDuration: true, HasBilled: true, HasRestore: true, HasMemory: true, HasMaxMemory: true, TraceID: "Root=1-65e2;Sampled=1", Loc: loc(8)},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mixed.log (-want +got):\n%s", diff)
	}
}

func TestFilterLogEvents(t *testing.T) {
	got := readFile(t, "filter-log-events.json")
	if len(got) != 2 || got[0].Kind != Report || !got[0].TimedOut || got[0].DurationMs != 3001 || got[0].Timestamp != 1772445600000 ||
		got[1].Kind != Start || got[1].Loc.Index != 1 {
		t.Errorf("filter-log-events.json = %+v", got)
	}
}

// TestSubscriptionPayload wraps a payload the way a subscription filter
// delivers it to Lambda: gzip, base64, {"awslogs": {"data": ...}}.
func TestSubscriptionPayload(t *testing.T) {
	payload := `{"messageType":"DATA_MESSAGE","owner":"111122223333","logGroup":"/aws/lambda/orders","logStream":"s",
"logEvents":[{"id":"1","timestamp":5,"message":"REPORT RequestId: r1\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB\t"}]}`
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte(payload))
	zw.Close()
	doc, _ := json.Marshal(map[string]any{"awslogs": map[string]string{"data": base64.StdEncoding.EncodeToString(z.Bytes())}})
	for _, in := range [][]byte{doc, append(doc, '\n')} {
		got := readBytes(t, in, "payload")
		if len(got) != 1 || got[0].Function != "orders" || got[0].Kind != Report || got[0].MaxMemoryMB != 20 || got[0].RequestID != "r1" {
			t.Errorf("payload = %+v", got)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"mixed.log", "filter-log-events.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		st, _ := Read(bytes.NewReader(data), "f", func(e *Event) {
			n++
			if e.Kind < Other || e.Kind > Crash || e.DurationMs < 0 {
				t.Fatalf("bad event %+v", e)
			}
		})
		if n != st.Messages {
			t.Fatalf("%d callbacks for %d messages", n, st.Messages)
		}
	})
}
