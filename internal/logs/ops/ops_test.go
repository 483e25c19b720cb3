package ops

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/load"
	"github.com/slsguard/slsguard/internal/logs"
	"github.com/slsguard/slsguard/internal/logs/cloudtrail"
	"github.com/slsguard/slsguard/internal/logs/lambdalog"
	"github.com/slsguard/slsguard/internal/model"
)

// start is the first timestamp of the generated logs.
var start = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

type logEvent struct {
	ID        string `json:"id"`
	Timestamp int64  `json:"timestamp"`
	Message   string `json:"message"`
}

// subscription is a CloudWatch Logs subscription message, its fields in
// the order CloudWatch Logs writes them.
type subscription struct {
	MessageType         string     `json:"messageType"`
	Owner               string     `json:"owner"`
	LogGroup            string     `json:"logGroup"`
	LogStream           string     `json:"logStream"`
	SubscriptionFilters []string   `json:"subscriptionFilters"`
	LogEvents           []logEvent `json:"logEvents"`
}

func payload(group string, evs []logEvent) string {
	b, _ := json.Marshal(subscription{"DATA_MESSAGE", "123456789012", group, "2026/03/01/[$LATEST]abc", []string{"f"}, evs})
	return string(b)
}

func report(i int, at time.Time, durMs float64, memMB, maxMB int) logEvent {
	return logEvent{ID: fmt.Sprint(i), Timestamp: at.UnixMilli(), Message: fmt.Sprintf(
		"REPORT RequestId: 3f2a4b6c-0000-4000-8000-%012d\tDuration: %.2f ms\tBilled Duration: %.0f ms\tMemory Size: %d MB\tMax Memory Used: %d MB\t",
		i, durMs, durMs+1, memMB, maxMB)}
}

// writeLogs writes 40 days of logs: "orders" busy all along with short
// durations, the generated-name Reports function only on the first two
// days, and "rogue", which no template defines.
func writeLogs(t testing.TB) string {
	t.Helper()
	var lines []string
	var orders, reports, rogue []logEvent
	for i := range 4210 {
		at := start.Add(time.Duration(i) * (40 * 24 * time.Hour / 4210))
		dur := 100 + float64(i%100)*11
		if i == 777 {
			dur = 2900
		}
		orders = append(orders, report(i, at, dur, 1024, 60+i%31))
	}
	for i := range 90 {
		reports = append(reports, report(i, start.Add(time.Duration(i)*time.Minute), 300, 128, 70))
	}
	rogue = append(rogue, report(1, start.Add(24*time.Hour), 10, 128, 40))
	for i := 0; i < len(orders); i += 100 {
		lines = append(lines, payload("/aws/lambda/orders", orders[i:min(i+100, len(orders))]))
	}
	lines = append(lines, payload("/aws/lambda/shop-Reports-1A2B3C4D", reports[:50]), payload("/aws/lambda/shop-Reports-1A2B3C4D", reports[50:]), payload("/aws/lambda/rogue", rogue))
	path := filepath.Join(t.TempDir(), "lambda.ndjson")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func analyze(t testing.TB, logPath string) *Stats {
	t.Helper()
	st := NewStats()
	_, err := logs.Analyze([]string{logPath}, nil, logs.Options{OnLambda: st.Add, OnCloudTrail: st.AddRecord, Details: Details})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func loadApp(t testing.TB) []*model.App {
	t.Helper()
	res, err := load.Load([]string{"testdata/template.yaml"}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Apps) != 1 {
		t.Fatalf("loaded %d apps, problems %v", len(res.Apps), res.Problems)
	}
	return res.Apps
}

type brief struct {
	Rule, Function, Message string
	Line                    int
}

func TestFindings(t *testing.T) {
	st := analyze(t, writeLogs(t))
	got := Findings(loadApp(t), st, Options{DeadAfter: 30 * 24 * time.Hour})
	var briefs []brief
	for _, f := range got {
		briefs = append(briefs, brief{f.RuleID, f.Function, f.Message, f.Loc.Line})
	}
	want := []brief{
		{"LOG204", "rogue", "rogue: seen in its log group /aws/lambda/rogue but defined in none of the 1 loaded applications", 0},
		{"LOG201", "Orders", "Orders: timeout 30 s; p99 1.2 s, max 2.9 s over 4,210 invocations: set 5 s", 11},
		{"LOG202", "Orders", "Orders: memory 1024 MB; at most 90 MB used over 4,210 invocations: set 192 MB", 12},
		{"LOG203", "Reports", "Reports: last invocation 2026-03-01T01:29:00Z, 39 days before the end of the logs (2026-04-09T23:46:19Z); threshold 30 days", 13},
		{"LOG203", "Legacy", "Legacy: no invocation in the 39 days the logs cover (to 2026-04-09T23:46:19Z); threshold 30 days", 20},
	}
	if d := cmp.Diff(want, briefs); d != "" {
		t.Errorf("Findings (-want +got):\n%s", d)
	}
	for _, f := range got {
		if f.Fingerprint == "" {
			t.Errorf("%s %s: no fingerprint", f.RuleID, f.Function)
		}
	}
}

func TestFindingsNeedEvidence(t *testing.T) {
	tests := []struct {
		name      string
		deadAfter time.Duration
		minInv    int
		want      []string
	}{
		// The logs cover 39 days: a 60-day threshold cannot be judged.
		{"window too short for dead", 60 * 24 * time.Hour, 0, []string{"LOG204", "LOG201", "LOG202"}},
		// Too few invocations for a recommendation.
		{"too few invocations", 60 * 24 * time.Hour, 5000, []string{"LOG204"}},
	}
	st := analyze(t, writeLogs(t))
	apps := loadApp(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ids []string
			for _, f := range Findings(apps, st, Options{DeadAfter: tt.deadAfter, MinInvocations: tt.minInv}) {
				ids = append(ids, f.RuleID)
			}
			if d := cmp.Diff(tt.want, ids); d != "" {
				t.Errorf("rule IDs (-want +got):\n%s", d)
			}
		})
	}
}

func TestFunctionName(t *testing.T) {
	for in, want := range map[string]string{
		"arn:aws:lambda:us-east-1:123456789012:function:orders:prod": "orders",
		"123456789012:function:orders":                               "orders",
		"orders:$LATEST":                                             "orders",
		"orders":                                                     "orders",
	} {
		if got := functionName(in); got != want {
			t.Errorf("functionName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteHTML(t *testing.T) {
	st := analyze(t, writeLogs(t))
	st.Add(&lambdalog.Event{Kind: lambdalog.Report, Function: `<script>alert(1)</script>`, Timestamp: start.UnixMilli(), HasDuration: true, DurationMs: 5})
	var b strings.Builder
	if err := WriteHTML(&b, st); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"<svg", "<polyline", "orders", "4,210", "&lt;script&gt;alert(1)&lt;/script&gt;", "2.9 s", "2026-03-01 00:00 to 2026-04-10 00:00 UTC"} {
		if !strings.Contains(out, want) {
			t.Errorf("WriteHTML output lacks %q", want)
		}
	}
	for _, bad := range []string{"<script>alert", "http://", "https://"} {
		if strings.Contains(strings.ReplaceAll(out, `xmlns="http://www.w3.org/2000/svg"`, ""), bad) {
			t.Errorf("WriteHTML output contains %q", bad)
		}
	}
}

func FuzzAddRecord(f *testing.F) {
	f.Add([]byte(`{"functionName":"arn:aws:lambda:us-east-1:123456789012:function:orders:prod"}`), "Invoke", "2026-03-01T10:00:00Z")
	f.Add([]byte(`{"functionName":"orders"}`), "UpdateFunctionCode20150331v2", "")
	f.Fuzz(func(t *testing.T, params []byte, event, at string) {
		s := NewStats()
		s.AddRecord(&cloudtrail.Record{EventSource: "lambda.amazonaws.com", EventName: event, EventTime: at, Params: params})
		for name := range s.Functions {
			if name == "" || strings.Contains(name, ":") {
				t.Errorf("function name %q from %q", name, params)
			}
		}
	})
}

// TestCloudTrailNames reads function names from Lambda API calls and
// Invoke data events: Invoke events cover every function, so a function
// they never name is dead, and one they name is alive.
func TestCloudTrailNames(t *testing.T) {
	rec := func(at, name, fn string) string {
		return `{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::123456789012:assumed-role/app/x"},` +
			`"eventTime":"` + at + `","eventSource":"lambda.amazonaws.com","eventName":"` + name + `","awsRegion":"us-east-1",` +
			`"sourceIPAddress":"203.0.113.7","userAgent":"sdk","requestParameters":{"functionName":"` + fn + `"},` +
			`"eventCategory":"Data","recipientAccountId":"123456789012"}`
	}
	lines := []string{
		rec("2026-03-01T00:00:00Z", "Invoke", "arn:aws:lambda:us-east-1:123456789012:function:orders"),
		rec("2026-03-20T00:00:00Z", "Invoke", "arn:aws:lambda:us-east-1:123456789012:function:legacy:live"),
		rec("2026-04-05T00:00:00Z", "Invoke", "orders"),
		rec("2026-04-05T00:00:00Z", "UpdateFunctionConfiguration20150331v2", "ghost"),
	}
	path := filepath.Join(t.TempDir(), "trail.ndjson")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	st := analyze(t, path)
	var got []brief
	for _, f := range Findings(loadApp(t), st, Options{DeadAfter: 14 * 24 * time.Hour}) {
		got = append(got, brief{f.RuleID, f.Function, f.Message, f.Loc.Line})
	}
	want := []brief{
		{"LOG204", "ghost", "ghost: seen in CloudTrail but defined in none of the 1 loaded applications", 0},
		{"LOG203", "Reports", "Reports: no invocation in the 35 days the logs cover (to 2026-04-05T00:00:00Z); threshold 14 days", 13},
		{"LOG203", "Legacy", "Legacy: last invocation 2026-03-20T00:00:00Z, 16 days before the end of the logs (2026-04-05T00:00:00Z); threshold 14 days", 20},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Findings (-want +got):\n%s", d)
	}
}
