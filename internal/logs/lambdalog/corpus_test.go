package lambdalog

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func datadogDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "..", "shared", "corpus", "datadog-forwarder-tests", "aws", "logs_monitoring", "tests")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not found at %s: %v", dir, err)
	}
	return dir
}

// pyStrings reads a Python class attribute made of adjacent string
// literals: name = ("a" "b").
func pyStrings(t *testing.T, src, name string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)` + name + ` = \(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\)`).FindStringSubmatch(src)
	if m == nil {
		t.Fatalf("%s not found in the Datadog tests", name)
	}
	var b strings.Builder
	for _, lit := range regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`).FindAllStringSubmatch(m[1], -1) {
		var s string
		if err := json.Unmarshal([]byte(`"`+lit[1]+`"`), &s); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b.WriteString(s)
	}
	return b.String()
}

// pyJSONDumps reads name = json.dumps({...}) as JSON.
func pyJSONDumps(t *testing.T, src, name string) string {
	t.Helper()
	i := strings.Index(src, name+" = json.dumps(")
	if i < 0 {
		t.Fatalf("%s not found in the Datadog tests", name)
	}
	body := src[i+len(name+" = json.dumps("):]
	depth, end := 0, 0
	for j, c := range body {
		if c == '{' {
			depth++
		} else if c == '}' {
			depth--
			if depth == 0 {
				end = j + 1
				break
			}
		}
	}
	doc := regexp.MustCompile(`,(\s*[}\]])`).ReplaceAllString(body[:end], "$1")
	if !json.Valid([]byte(doc)) {
		t.Fatalf("%s: not JSON after conversion: %s", name, doc)
	}
	return doc
}

type metric struct {
	Name  string   `json:"name"`
	Tags  []string `json:"tags"`
	Value float64  `json:"value"`
}

// approved reads a Datadog approved file as metric name -> value.
func approved(t *testing.T, dir, test string) map[string]float64 {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "approved_files", "TestEnhancedLambdaMetrics."+test+".approved.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ms []metric
	if err := json.Unmarshal(b, &ms); err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, m := range ms {
		out[strings.TrimPrefix(m.Name, "aws.lambda.enhanced.")] = m.Value
	}
	return out
}

// asDatadog expresses a parsed REPORT the way the Datadog forwarder does:
// seconds for durations, MB for memory.
func asDatadog(ev Event) map[string]float64 {
	out := map[string]float64{}
	if ev.HasDuration {
		out["duration"] = ev.DurationMs / 1000
	}
	if ev.HasBilled {
		out["billed_duration"] = ev.BilledMs / 1000
	}
	if ev.HasMaxMemory {
		out["max_memory_used"] = float64(ev.MaxMemoryMB)
	}
	if ev.HasInit {
		out["init_duration"] = ev.InitMs / 1000
	}
	if ev.TimedOut {
		out["timeouts"] = 1
	}
	return out
}

func TestDatadogReports(t *testing.T) {
	dir := datadogDir(t)
	src, err := os.ReadFile(filepath.Join(dir, "test_enhanced_lambda_metrics.py"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ attr, test string }{
		{"standard_report", "test_parse_metrics_from_standard_report"},
		{"cold_start_report", "test_parse_metrics_from_cold_start_report"},
		{"report_with_xray", "test_parse_metrics_from_report_with_xray"},
		{"standard_json_report", "test_parse_metrics_from_json_report_log"},
		{"cold_start_json_report", "test_parse_metrics_from_cold_start_json_report_log"},
		{"timeout_json_report", "test_parse_metrics_from_timeout_json_report_log"},
	}
	for _, c := range cases {
		var msg string
		if strings.Contains(c.attr, "json") {
			msg = pyJSONDumps(t, string(src), c.attr)
		} else {
			msg = pyStrings(t, string(src), c.attr)
		}
		ev := Parse(msg)
		if ev.Kind != Report {
			t.Errorf("%s: kind %v, want report", c.attr, ev.Kind)
		}
		want := approved(t, dir, c.test)
		delete(want, "estimated_cost") // a price list, not a parse
		got := asDatadog(ev)
		for k, w := range want {
			if g, ok := got[k]; !ok || math.Abs(g-w) > 1e-9 {
				t.Errorf("%s: %s = %v (present %v), want %v", c.attr, k, g, ok, w)
			}
		}
		for k := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("%s: %s = %v, not in Datadog's parse", c.attr, k, got[k])
			}
		}
		if c.attr == "report_with_xray" && ev.TraceID != "1-5d83c0ad-b8eb33a0b1de97d804fac890" {
			t.Errorf("%s: trace %q", c.attr, ev.TraceID)
		}
	}
	if ev := Parse(pyStringsLoose(string(src), "malformed_report")); ev.HasDuration || ev.HasMemory {
		t.Errorf("malformed_report parsed metrics: %+v", ev)
	}
}

func pyStringsLoose(src, name string) string {
	m := regexp.MustCompile(name + ` = "([^"]*)"`).FindStringSubmatch(src)
	if m == nil {
		return ""
	}
	return m[1]
}

// TestDatadogTimeoutsAndOOM reads every timeout and out-of-memory message
// the Datadog tests use and checks each is flagged as Datadog flags it.
func TestDatadogTimeoutsAndOOM(t *testing.T) {
	dir := datadogDir(t)
	src, err := os.ReadFile(filepath.Join(dir, "test_enhanced_lambda_metrics.py"))
	if err != nil {
		t.Fatal(err)
	}
	lit := regexp.MustCompile(`"((?:[^"\\]|\\.)*(?:timed out|out of memory|OutOfMemoryError|NoMemoryError)(?:[^"\\]|\\.)*)"`)
	n := 0
	for _, m := range lit.FindAllStringSubmatch(string(src), -1) {
		var s string
		if err := json.Unmarshal([]byte(`"`+m[1]+`"`), &s); err != nil {
			continue
		}
		n++
		ev := Parse(s)
		isTimeout := strings.Contains(s, "timed out")
		if isTimeout && (!ev.TimedOut || ev.Kind != Timeout) {
			t.Errorf("Parse(%q) = %v, want a timeout", s, ev.Kind)
		}
		if !isTimeout && (!ev.OOM || ev.Kind != OutOfMemory) {
			t.Errorf("Parse(%q) = %v, want out-of-memory", s, ev.Kind)
		}
	}
	if n < 6 {
		t.Errorf("found %d timeout/OOM messages in the Datadog tests, want at least 6", n)
	}
}

// TestDatadogPayloads reads the subscription payloads of events/.
func TestDatadogPayloads(t *testing.T) {
	dir := datadogDir(t)
	for _, name := range []string{"cloudwatch_logs.json", "cloudwatch_logs_2.json", "cloudwatch_logs_ddtags.json"} {
		path := filepath.Join(dir, "events", name)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			LogGroup  string `json:"logGroup"`
			LogEvents []struct {
				Message string `json:"message"`
			} `json:"logEvents"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		f, _ := os.Open(path)
		var evs []Event
		st, err := Read(f, path, func(e *Event) { evs = append(evs, *e) })
		f.Close()
		if err != nil || st.Malformed != 0 || len(evs) != len(doc.LogEvents) {
			t.Errorf("%s: read %d events (%d malformed, err %v), want %d", name, len(evs), st.Malformed, err, len(doc.LogEvents))
			continue
		}
		for i, ev := range evs {
			want, ok := strings.CutPrefix(doc.LogGroup, "/aws/lambda/")
			if !ok {
				want = "" // not a function's log group
			}
			if ev.Function != want {
				t.Errorf("%s[%d]: function %q, want %q", name, i, ev.Function, want)
			}
			if strings.HasPrefix(doc.LogEvents[i].Message, "REPORT") && (ev.Kind != Report || !ev.HasDuration) {
				t.Errorf("%s[%d]: %q parsed as %+v", name, i, doc.LogEvents[i].Message, ev)
			}
		}
	}
}
