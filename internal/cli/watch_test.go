package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
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
		"LOG201 low      Function timeout far above its observed duration\n    Orders: timeout 30 s; p99 198 ms, max 200 ms over 150 invocations: set 1 s\n    at ",
		"LOG202 low      Function memory far above its observed use",
		"template.yaml:11:16\n", "template.yaml:12:19\n",
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

func TestWatchListen(t *testing.T) {
	// A free loopback port: the watcher needs an address to listen on.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	t.Setenv("SLSGUARD_TEST_FIREHOSE_KEY", "test-key")
	var out, errb syncBuffer
	e := &env{stdout: &out, stderr: &errb}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	o := watchOptions{format: "text", listen: addr, accessKeyEnv: "SLSGUARD_TEST_FIREHOSE_KEY"}
	go func() { done <- runWatch(ctx, e, o, nil) }()

	body := `{"requestId":"r-1","timestamp":1772323200000,"records":[{"data":"` +
		base64.StdEncoding.EncodeToString([]byte(stopLoggingLine)) + `"}]}`
	var resp *http.Response
	deadline := time.Now().Add(10 * time.Second)
	for {
		req, _ := http.NewRequest("POST", "http://"+addr+"/", strings.NewReader(body))
		req.Header.Set("X-Amz-Firehose-Access-Key", "test-key")
		resp, err = http.DefaultClient.Do(req)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("watcher not listening: %v (stderr %q)", err, errb.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	reply, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(reply), `"requestId":"r-1"`) {
		t.Errorf("delivery answered %d %s", resp.StatusCode, reply)
	}
	if !strings.Contains(out.String(), "LOG007") {
		t.Errorf("no alert printed: %q", out.String())
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("watch did not stop on cancel")
	}
}

func TestLambdaArgs(t *testing.T) {
	inLambda := func(k string) string { return map[string]string{"AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001"}[k] }
	outside := func(string) string { return "" }
	tests := []struct {
		args   []string
		getenv func(string) string
		want   []string
	}{
		{nil, inLambda, []string{"lambda"}},
		{[]string{"scan"}, inLambda, []string{"scan"}},
		{nil, outside, nil},
	}
	for _, tt := range tests {
		if got := LambdaArgs(tt.args, tt.getenv); !cmp.Equal(got, tt.want) {
			t.Errorf("LambdaArgs(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}

func TestLogsWithAppSARIF(t *testing.T) {
	var b strings.Builder
	for i := range 120 {
		b.WriteString(`{"logGroup":"/aws/lambda/orders","logEvents":[{"id":"1","timestamp":` +
			strconv.FormatInt(1772323200000+int64(i)*600_000, 10) +
			`,"message":"REPORT RequestId: 3f2a4b6c-0000-4000-8000-000000000001\tDuration: 200.00 ms\tBilled Duration: 200 ms\tMemory Size: 1024 MB\tMax Memory Used: 80 MB\t"}]}` + "\n")
	}
	var out, errb bytes.Buffer
	code := Run([]string{"logs", "--format", "sarif", "--app", "../logs/ops/testdata/template.yaml", "-"}, strings.NewReader(b.String()), &out, &errb)
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range log.Runs[0].Results {
		got = append(got, fmt.Sprintf("%s:%d", r.RuleID, r.Locations[0].PhysicalLocation.Region.StartLine))
	}
	if d := cmp.Diff([]string{"LOG201:11", "LOG202:12"}, got); d != "" {
		t.Errorf("SARIF results (-want +got):\n%s", d)
	}
}
