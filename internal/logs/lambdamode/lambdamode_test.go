package lambdamode

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/gzip"

	"github.com/slsguard/slsguard/internal/logs/detect"
	"github.com/slsguard/slsguard/internal/logs/watch"
)

// subscriptionEvent builds the event CloudWatch Logs sends a subscribed
// function: {"awslogs": {"data": base64(gzip(payload))}}.
func subscriptionEvent(t testing.TB, group string, messages ...string) []byte {
	type logEvent struct {
		ID        string `json:"id"`
		Timestamp int64  `json:"timestamp"`
		Message   string `json:"message"`
	}
	payload := struct {
		MessageType         string     `json:"messageType"`
		Owner               string     `json:"owner"`
		LogGroup            string     `json:"logGroup"`
		LogStream           string     `json:"logStream"`
		SubscriptionFilters []string   `json:"subscriptionFilters"`
		LogEvents           []logEvent `json:"logEvents"`
	}{"DATA_MESSAGE", "123456789012", group, "2026/03/01/[$LATEST]0123", []string{"slsguard"}, nil}
	for i, m := range messages {
		payload.LogEvents = append(payload.LogEvents, logEvent{fmt.Sprint(i), 1772359203000 + int64(i), m})
	}
	raw, _ := json.Marshal(payload)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(raw)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	ev, _ := json.Marshal(map[string]any{"awslogs": map[string]string{"data": base64.StdEncoding.EncodeToString(buf.Bytes())}})
	return ev
}

const timeout = "2026-03-01T10:00:03.000Z 3f2a4b6c-0000-4000-8000-000000000001 Task timed out after 3.00 seconds"

const stopLogging = `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/mallory","accountId":"123456789012"},"eventTime":"2026-03-01T10:00:00Z","eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2.15.0","requestParameters":{"name":"main"},"recipientAccountId":"123456789012"}`

// TestHelperProcess is the Lambda function run by TestRuntimeLoop in a
// subprocess: lambda.Start never returns and exits the process on errors.
func TestHelperProcess(t *testing.T) {
	if os.Getenv("SLSGUARD_LAMBDA_HELPER") != "1" {
		t.Skip("run by TestRuntimeLoop")
	}
	enc := json.NewEncoder(os.Stdout)
	Start(&Handler{Proc: watch.NewProcessor(detect.Config{}, nil), Emit: func(_ context.Context, as []detect.Alert) error {
		for _, a := range as {
			enc.Encode(a)
		}
		return nil
	}})
}

// fakeRuntime serves the Lambda Runtime API: the events one by one, then
// it holds /next until the test ends.
type fakeRuntime struct {
	events    [][]byte
	next      int
	responses chan string
	done      chan struct{}
}

func (f *fakeRuntime) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == "GET" && r.URL.Path == "/2018-06-01/runtime/invocation/next":
		if f.next >= len(f.events) {
			select {
			case <-f.done:
			case <-r.Context().Done():
			}
			return
		}
		id := fmt.Sprintf("req-%d", f.next)
		w.Header().Set("Lambda-Runtime-Aws-Request-Id", id)
		w.Header().Set("Lambda-Runtime-Deadline-Ms", fmt.Sprint(time.Now().Add(time.Minute).UnixMilli()))
		w.Header().Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:slsguard")
		w.Write(f.events[f.next])
		f.next++
	case r.Method == "POST" && strings.HasPrefix(r.URL.Path, "/2018-06-01/runtime/invocation/"):
		b, _ := io.ReadAll(r.Body)
		f.responses <- strings.TrimPrefix(r.URL.Path, "/2018-06-01/runtime/invocation/") + " " + string(b)
		w.WriteHeader(http.StatusAccepted)
	default:
		http.NotFound(w, r)
	}
}

func TestRuntimeLoop(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a subprocess")
	}
	rt := &fakeRuntime{
		events: [][]byte{
			subscriptionEvent(t, "/aws/lambda/orders", "START RequestId: 3f2a4b6c-0000-4000-8000-000000000001 Version: $LATEST", timeout),
			subscriptionEvent(t, "aws-cloudtrail-logs-123456789012", stopLogging),
			[]byte(`{"awslogs":{"data":"not base64!"}}`),
		},
		responses: make(chan string, 3), done: make(chan struct{}),
	}
	srv := httptest.NewServer(rt)
	defer srv.Close()
	defer close(rt.done)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "SLSGUARD_LAMBDA_HELPER=1", "AWS_LAMBDA_RUNTIME_API="+strings.TrimPrefix(srv.URL, "http://"))
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()

	var got []string
	for range rt.events {
		select {
		case r := <-rt.responses:
			got = append(got, r)
		case <-ctx.Done():
			t.Fatalf("runtime loop answered %d of %d invocations: %q", len(got), len(rt.events), got)
		}
	}
	if d := cmp.Diff([]string{
		`req-0/response {"logGroup":"/aws/lambda/orders","events":2,"alerts":1}`,
		`req-1/response {"logGroup":"aws-cloudtrail-logs-123456789012","events":1,"alerts":1}`,
	}, got[:2]); d != "" {
		t.Errorf("responses (-want +got):\n%s", d)
	}
	if !strings.HasPrefix(got[2], "req-2/error ") {
		t.Errorf("bad payload answered %q, want an error", got[2])
	}
	cmd.Process.Kill()
	cmd.Wait()
	var ids []string
	dec := json.NewDecoder(&stdout)
	for {
		var a detect.Alert
		if dec.Decode(&a) != nil {
			break
		}
		ids = append(ids, a.ID)
	}
	if d := cmp.Diff([]string{"LOG101", "LOG007"}, ids); d != "" {
		t.Errorf("alerts emitted (-want +got):\n%s", d)
	}
}

func FuzzHandle(f *testing.F) {
	f.Add(subscriptionEvent(f, "/aws/lambda/orders", timeout))
	f.Add(subscriptionEvent(f, "aws-cloudtrail-logs", stopLogging))
	f.Fuzz(func(t *testing.T, event []byte) {
		var ev events.CloudwatchLogsEvent
		if json.Unmarshal(event, &ev) != nil {
			return
		}
		h := &Handler{Proc: watch.NewProcessor(detect.Config{}, nil)}
		res, err := h.Handle(context.Background(), ev)
		if err == nil && res.Alerts < 0 {
			t.Fatal("negative alert count")
		}
	})
}
