package watch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/gzip"

	"github.com/slsguard/slsguard/internal/logs/detect"
	"github.com/slsguard/slsguard/internal/logs/sigma"
	"github.com/slsguard/slsguard/internal/logs/store"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func ids(as []detect.Alert) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

func gz(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFeed(t *testing.T) {
	trail := readTestdata(t, "stoplogging.json")
	tests := []struct {
		name, source string
		data         []byte
		want         []string
	}{
		{"cloudtrail line", "ct.ndjson", trail, []string{"LOG007"}},
		{"cloudtrail gzip S3 file", "ct.json.gz", gz(t, []byte(`{"Records":[`+strings.TrimSpace(string(trail))+`]}`)), []string{"LOG007"}},
		{"lambda timeout", "fn.log", []byte("2026-03-01T10:00:03.000Z 3f2a4b6c-0000-4000-8000-000000000001 Task timed out after 3.00 seconds\n"), []string{"LOG101"}},
		{"lambda ok", "fn.log", []byte("START RequestId: 3f2a4b6c-0000-4000-8000-000000000001 Version: $LATEST\n"), nil},
		{"digest", "digest.json", []byte(`{"digestPublicKeyFingerprint":"x"}`), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewProcessor(detect.Config{}, nil)
			got, err := p.Feed(tt.source, tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, ids(got)); d != "" {
				t.Errorf("Feed(%q) alerts (-want +got):\n%s", tt.data, d)
			}
		})
	}
}

// collector gathers what a tail feeds to a Processor.
type collector struct {
	mu     sync.Mutex
	p      *Processor
	alerts []detect.Alert
}

func (c *collector) feed(name string, data []byte) error {
	as, err := c.p.Feed(name, data)
	c.mu.Lock()
	c.alerts = append(c.alerts, as...)
	c.mu.Unlock()
	return err
}

// waitFor polls until cond holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestTailDirAppend(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "trail.ndjson")
	// Present before the watch starts: not read again.
	if err := os.WriteFile(old, readTestdata(t, "stoplogging.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := &collector{p: NewProcessor(detect.Config{}, nil)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	scanned := make(chan struct{}, 1)
	opt := TailOptions{Poll: 10 * time.Millisecond, Problem: func(err error) { t.Error(err) },
		Scanned: func() {
			select {
			case scanned <- struct{}{}:
			default:
			}
		}}
	go func() { done <- TailDir(ctx, dir, opt, c.feed) }()
	<-scanned
	count := func() int { c.mu.Lock(); defer c.mu.Unlock(); return len(c.alerts) }

	f, err := os.OpenFile(old, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	line := bytes.TrimSpace(readTestdata(t, "stoplogging.json"))
	f.Write(line[:40]) // half a line: nothing yet
	time.Sleep(30 * time.Millisecond)
	if n := count(); n != 0 {
		t.Fatalf("%d alerts before anything was appended", n)
	}
	f.Write(append(line[40:], '\n'))
	f.Close()
	waitFor(t, "the alert of the appended line", func() bool { return count() == 1 })

	// A new gzip file, read whole once written.
	if err := os.WriteFile(filepath.Join(dir, "new.json.gz"), gz(t, line), 0o600); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the alert of the new file", func() bool { return count() == 2 })

	// A plain S3-style file: one JSON document, no newline at the end.
	if err := os.WriteFile(filepath.Join(dir, "s3.json"), []byte(`{"Records":[`+string(line)+`]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the alert of the file without a final newline", func() bool { return count() == 3 })
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("TailDir did not stop when its context was cancelled")
	}
}

func TestTailReader(t *testing.T) {
	c := &collector{p: NewProcessor(detect.Config{}, nil)}
	in := strings.NewReader(string(readTestdata(t, "stoplogging.json")) + "\n2026-03-01T10:00:03.000Z 3f2a4b6c-0000-4000-8000-000000000001 Task timed out after 3.00 seconds\n")
	if err := TailReader(context.Background(), "-", in, c.feed, func(err error) { t.Error(err) }); err != nil {
		t.Fatal(err)
	}
	// One stream, one kind: stdin is recognised once, as CloudTrail here.
	if d := cmp.Diff([]string{"LOG007"}, ids(c.alerts)); d != "" {
		t.Errorf("alerts (-want +got):\n%s", d)
	}
}

// reports writes one subscription payload line per hour from h0 with n[i]
// invocations of fn in hour h0+i.
func reports(fn string, h0 int64, n []int) []byte {
	var b bytes.Buffer
	for i, c := range n {
		var evs []map[string]any
		for j := range c {
			ts := (h0+int64(i))*3600_000 + int64(j)*1000
			evs = append(evs, map[string]any{"id": fmt.Sprint(j), "timestamp": ts,
				"message": fmt.Sprintf("REPORT RequestId: 3f2a4b6c-0000-4000-8000-%012d\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB\t", j)})
		}
		line, _ := json.Marshal(struct {
			LogGroup  string           `json:"logGroup"`
			LogEvents []map[string]any `json:"logEvents"`
		}{"/aws/lambda/" + fn, evs})
		b.Write(append(line, '\n'))
	}
	return b.Bytes()
}

func TestBaselineSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	h0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Unix() / 3600
	steady := make([]int, 3*24)
	for i := range steady {
		steady[i] = 10
	}
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := NewProcessor(detect.Config{}, st).Feed("a.log", reports("orders", h0, steady))
	if err != nil || len(got) != 0 {
		t.Fatalf("steady days: alerts %v, error %v", ids(got), err)
	}
	st.Close()

	// A new process: the spike is only anomalous against the learned days.
	st, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p := NewProcessor(detect.Config{}, st)
	got, err = p.Feed("b.log", reports("orders", h0+3*24, []int{200, 10}))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"LOG104"}, ids(got)); d != "" {
		t.Fatalf("after restart (-want +got):\n%s", d)
	}
	if !strings.Contains(got[0].Message, "orders: 200.0 in the hour from 2026-03-04T00:00:00Z, above the usual 10.0") {
		t.Errorf("message = %q", got[0].Message)
	}
	// The hour is not reported twice.
	got, _ = p.Feed("b.log", reports("orders", h0+3*24+2, []int{10}))
	if len(got) != 0 {
		t.Errorf("later hour: alerts %v, want none", ids(got))
	}
}

func FuzzFeed(f *testing.F) {
	f.Add(readTestdata(f, "stoplogging.json"))
	f.Add(reports("orders", 490000, []int{2, 1}))
	f.Add([]byte("2026-03-01T10:00:03.000Z 3f2a4b6c-0000-4000-8000-000000000001 Task timed out after 3.00 seconds\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := NewProcessor(detect.Config{}, nil)
		_, _ = p.FeedRecord("fuzz", data)
		_, _ = p.Feed("fuzz", data)
	})
}

func TestFeedSigma(t *testing.T) {
	rule, why := sigma.Parse([]byte(`title: Trail stopped
id: 0d0b6ef4-3a51-4ad5-9bd2-0ba1e4d1e0c9
level: high
logsource:
    product: aws
    service: cloudtrail
detection:
    selection:
        eventSource: cloudtrail.amazonaws.com
        eventName: StopLogging
    condition: selection
`), "stop.yml")
	if rule == nil {
		t.Fatalf("rule not loaded: %v", why)
	}
	p := NewProcessor(detect.Config{}, nil)
	p.SetSigma([]*sigma.Rule{rule})
	line := readTestdata(t, "stoplogging.json")
	for i := range 2 { // each chunk's alerts once
		got, err := p.Feed("ct.ndjson", line)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff([]string{"LOG007", "SIGMA:0d0b6ef4-3a51-4ad5-9bd2-0ba1e4d1e0c9"}, ids(got)); d != "" {
			t.Errorf("chunk %d alerts (-want +got):\n%s", i, d)
		}
	}
}

func TestProcessorRaisesPayloadAlerts(t *testing.T) {
	p := NewProcessor(detect.Config{}, nil)
	line := `2026-11-01T10:00:00.000Z	6f1d2c3b-aaaa-bbbb-cccc-1234567890ab	INFO	{"httpMethod":"GET","path":"/convert","queryStringParameters":{"document_url":"https://x.example/a; cat /etc/passwd"}}` + "\n"
	var got []detect.Alert
	for i := 0; i < 3; i++ {
		alerts, err := p.Feed("/aws/lambda/convert", []byte(line))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, alerts...)
	}
	n := 0
	for _, a := range got {
		if a.ID == "LOG107" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("got %d LOG107 alerts for three identical payload lines, want 1 (later hits are counted, not repeated): %+v", n, got)
	}
}
