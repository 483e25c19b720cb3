package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestDeployTemplateScansClean keeps the template that deploys slsguard
// free of its own findings at medium and above.
func TestDeployTemplateScansClean(t *testing.T) {
	var out, errb bytes.Buffer
	code := Run([]string{"scan", "../../deploy", "--severity", "medium", "--fail-on", "medium"}, nil, &out, &errb)
	if code != ExitOK {
		t.Errorf("slsguard scan deploy: exit %d\n%s%s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "0 findings in 1 applications, 1 functions") {
		t.Errorf("slsguard scan deploy printed %q, want no findings for one function", out.String())
	}
}

// syncBuffer is a bytes.Buffer safe for the watcher's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

const stopLoggingLine = `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/mallory","accountId":"123456789012"},"eventTime":"2026-03-01T10:00:00Z","eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2.15.0","requestParameters":{"name":"main"},"recipientAccountId":"123456789012"}`

func TestWatchDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "trail.ndjson"), []byte(stopLoggingLine+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb syncBuffer
	e := &env{stdout: &out, stderr: &errb}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	o := watchOptions{format: "jsonl", poll: 10 * time.Millisecond, fromStart: true, state: filepath.Join(dir, "..", "state.db")}
	go func() { done <- runWatch(ctx, e, o, []string{dir}) }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), `"id":"LOG007"`) {
		if time.Now().After(deadline) {
			t.Fatalf("no alert; stdout %q stderr %q", out.String(), errb.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("watch did not stop on cancel")
	}
}

func TestWatchUsage(t *testing.T) {
	for _, args := range [][]string{
		{"watch"},
		{"watch", "--listen", "127.0.0.1:0"},
		{"watch", "--format", "xml", "-"},
	} {
		var out, errb bytes.Buffer
		if code := Run(args, strings.NewReader(""), &out, &errb); code != ExitUsage {
			t.Errorf("Run(%q) = %d, want %d (stderr %q)", args, code, ExitUsage, errb.String())
		}
	}
}

func TestLogsWithApp(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	// orders: 150 quick invocations over a day; a 30 s timeout is too long.
	for i := range 150 {
		b.WriteString(`{"logGroup":"/aws/lambda/orders","logEvents":[{"id":"1","timestamp":` +
			strconv.FormatInt(1772323200000+int64(i)*600_000, 10) +
			`,"message":"REPORT RequestId: 3f2a4b6c-0000-4000-8000-000000000001\tDuration: 200.00 ms\tBilled Duration: 200 ms\tMemory Size: 1024 MB\tMax Memory Used: 80 MB\t"}]}` + "\n")
	}
	logPath, htmlPath := filepath.Join(dir, "orders.log"), filepath.Join(dir, "report.html")
	if err := os.WriteFile(logPath, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := Run([]string{"logs", "--app", "../logs/ops/testdata/template.yaml", "--html", htmlPath, logPath}, nil, &out, &errb)
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	for _, want := range []string{
		"LOG201 low      Function timeout far above its observed duration\n    Orders: timeout 30 s; p99 198 ms, max 200 ms over 150 invocations: set 1 s\n    at ../logs/ops/testdata/template.yaml:11:16",
		"LOG202 low      Function memory far above its observed use",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	page, err := os.ReadFile(htmlPath)
	if err != nil || !bytes.Contains(page, []byte("<svg")) {
		t.Errorf("HTML report: %v, has chart %v", err, bytes.Contains(page, []byte("<svg")))
	}
}
