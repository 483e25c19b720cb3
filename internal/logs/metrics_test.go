package logs

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/gzip"

	"github.com/slsguard/slsguard/internal/logs/anomaly"
)

func gzipped(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadMetrics(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "metrics", "stream.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := []MetricRecord{
		{Function: "orders-api", Metric: "Throttles", Timestamp: 1611929640000, Sum: 9, Max: 4, Count: 60, Unit: "Count", Line: 1},
		{Function: "orders-api", Metric: "Invocations", Timestamp: 1611929640000, Sum: 120, Max: 5, Count: 60, Unit: "Count", Line: 2},
		{Function: "orders-api", Metric: "Duration", Timestamp: 1611929640000, Sum: 14520, Max: 310.5, Count: 120, Unit: "Milliseconds", Line: 4},
		{Function: "orders-api", Metric: "Errors", Timestamp: 1611929700000, Sum: 2, Max: 1, Count: 60, Unit: "Count", Line: 6},
		{Function: "orders-api", Metric: "ConcurrentExecutions", Timestamp: 1611929700000, Sum: 180, Max: 7, Count: 60, Unit: "Count", Line: 7},
		{Function: "thumbnailer", Metric: "Throttles", Timestamp: 1611933300000, Sum: 31, Max: 12, Count: 60, Unit: "Count", Line: 10},
		{Function: "thumbnailer", Metric: "Invocations", Timestamp: 1611933300000, Sum: 40, Max: 3, Count: 60, Unit: "Count", Line: 10},
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{{"plain", raw}, {"gzip", gzipped(t, raw)}, {"crlf", bytes.ReplaceAll(raw, []byte("\n"), []byte("\r\n"))}} {
		t.Run(tc.name, func(t *testing.T) {
			var got []MetricRecord
			st, err := ReadMetrics(bytes.NewReader(tc.data), "stream.json", func(r *MetricRecord) { got = append(got, *r) })
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
			if st.Records != 7 || st.Skipped != 3 || st.Malformed != 2 || len(st.Samples) != 2 {
				t.Errorf("stats %+v, want 7 records, 3 skipped, 2 malformed with samples", st)
			}
			if len(st.Samples) > 0 && !strings.HasPrefix(st.Samples[0], "stream.json line 9: ") {
				t.Errorf("first sample %q, want it located at line 9", st.Samples[0])
			}
		})
	}
}

func TestReadMetricData(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "metrics", "get-metric-data.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got := Sniff(raw); got != Metrics {
		t.Errorf("Sniff(get-metric-data) = %v, want Metrics", got)
	}
	at := func(s string) int64 {
		ts, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return ts.UnixMilli()
	}
	want := []MetricRecord{
		{Function: "orders-api", Metric: "Throttles", Timestamp: at("2026-01-05T10:10:00Z"), Sum: 12, Max: 12, Count: 1},
		{Function: "orders-api", Metric: "Throttles", Timestamp: at("2026-01-05T10:05:00Z"), Sum: 3, Max: 3, Count: 1},
		{Function: "orders-api", Metric: "Throttles", Timestamp: at("2026-01-05T09:55:00Z"), Sum: 1, Max: 1, Count: 1},
		{Function: "orders-api", Metric: "Duration", Timestamp: at("2026-01-05T10:05:00Z"), Sum: 118.25, Max: 118.25, Count: 1},
	}
	for _, data := range [][]byte{raw, gzipped(t, raw)} {
		var got []MetricRecord
		st, err := ReadMetrics(bytes.NewReader(data), "gmd.json", func(r *MetricRecord) { got = append(got, *r) })
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("records (-want +got):\n%s", diff)
		}
		wantSamples := []string{
			`gmd.json: result 3 (Id "m3"): label "Throttles" is not "FUNCTION METRIC" for a Lambda metric`,
			`gmd.json: result 4 (Id "invocations_thumbnailer"): 2 timestamps for 1 values`,
		}
		if diff := cmp.Diff(wantSamples, st.Samples); diff != "" || st.Records != 4 || st.Malformed != 2 {
			t.Errorf("stats %+v; samples (-want +got):\n%s", st, diff)
		}
	}
	var ms metricSeries
	if _, err := ReadMetrics(bytes.NewReader(raw), "gmd.json", ms.add); err != nil {
		t.Fatal(err)
	}
	hour := at("2026-01-05T10:00:00Z") / 3600000
	if x := ms.by["orders-api"][hour]; x == nil || x.throttles != 15 || x.durationSum != 118.25 {
		t.Errorf("hour from 10:00 = %+v, want 15 throttles and a duration of 118.25", x)
	}
}

func TestReadMetricsLongLine(t *testing.T) {
	long := `{"namespace":"AWS/Lambda","metric_name":"` + strings.Repeat("x", maxMetricLine) + `"}` + "\n"
	ok := `{"namespace":"AWS/Lambda","metric_name":"Throttles","dimensions":{"FunctionName":"f"},"timestamp":3600000,"value":{"sum":1}}`
	n := 0
	st, err := ReadMetrics(strings.NewReader(long+ok), "long", func(*MetricRecord) { n++ })
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || st.Malformed != 1 {
		t.Errorf("got %d records and %d malformed, want the line after the long one read and the long one malformed", n, st.Malformed)
	}
}

func TestSniffMetrics(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "metrics", "stream.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got := Sniff(raw); got != Metrics {
		t.Errorf("Sniff(metric stream) = %v, want Metrics", got)
	}
	for _, head := range []string{`{"eventVersion":"1.08","eventName":"PutMetricData","requestParameters":{"namespace":"x","metric_name":"y"}}`, `{"logEvents":[]}`} {
		if got := Sniff([]byte(head)); got == Metrics {
			t.Errorf("Sniff(%s) = Metrics", head)
		}
	}
}

// streamLine writes one metric stream record.
func streamLine(w io.Writer, fn, metric string, at time.Time, sum, count float64) {
	fmt.Fprintf(w, `{"metric_stream_name":"s","account_id":"123456789012","region":"eu-west-1","namespace":"AWS/Lambda",`+
		`"metric_name":%q,"dimensions":{"FunctionName":%q},"timestamp":%d,"value":{"max":%g,"min":0,"sum":%g,"count":%g},"unit":"Count"}`+"\n",
		metric, fn, at.UnixMilli(), sum, sum, count)
}

// throttleSeries is weeks of hourly throttles of a function that is
// throttled a little at its busiest hours: a daily curve, quieter
// weekends, Poisson-like noise.
func throttleSeries(rng *rand.Rand, weeks int, level float64) []float64 {
	out := make([]float64, weeks*anomaly.Week)
	for i := range out {
		h, d := i%anomaly.Day, (i/anomaly.Day)%7
		mean := level * math.Max(0, math.Sin(math.Pi*float64(h-8)/12))
		if d >= 5 {
			mean *= 0.3
		}
		out[i] = math.Max(0, math.Round(mean+rng.NormFloat64()*math.Sqrt(mean)))
	}
	return out
}

// TestThrottleDetection scores LOG108 on generated throttle series with
// injected bursts (an attack flooding the function for an hour), and
// LOG109 on functions that were never throttled before.
func TestThrottleDetection(t *testing.T) {
	const weeks, perSeries = 6, 10
	tp, fp, fn := 0, 0, 0
	for seed := range uint64(10) {
		rng := rand.New(rand.NewPCG(seed, 108))
		xs := throttleSeries(rng, weeks, 6+float64(seed)*4)
		want := map[int]bool{}
		for len(want) < perSeries {
			i := anomaly.Week + rng.IntN(len(xs)-anomaly.Week)
			if want[i-1] || want[i] || want[i+1] {
				continue
			}
			want[i] = true
			xs[i] += 40 + float64(rng.IntN(200))
		}
		got := map[int]bool{}
		for _, a := range ThrottleAlerts("f", 0, xs, nil, func(int) bool { return true }) {
			if a.ID != "LOG108" {
				continue
			}
			i := int(hourIndex(a.Evidence[0].Time, 0))
			if i < anomaly.Week {
				continue // no weekly baseline yet: not scored
			}
			got[i] = true
			if want[i] {
				tp++
			} else {
				fp++
				t.Logf("false %d seed %d: %s", i, seed, a.Message)
			}
		}
		for i := range want {
			if !got[i] {
				fn++
			}
		}
	}
	t.Logf("LOG108: %d injected, %d true, %d false, %d missed", tp+fn, tp, fp, fn)
	if diff := cmp.Diff([3]int{100, 0, 0}, [3]int{tp, fp, fn}); diff != "" {
		t.Errorf("LOG108 true, false, missed (-want +got):\n%s", diff)
	}

	// A function never throttled: one first-ever burst is LOG109, a
	// second one weeks later LOG108, and single throttles are noise.
	xs := make([]float64, 5*anomaly.Week)
	burst, again := 2*anomaly.Week+13, 4*anomaly.Week+40
	xs[burst], xs[again], xs[3*anomaly.Week] = 25, 30, 1
	var got []string
	for _, a := range ThrottleAlerts("orders-api", 0, xs, nil, func(int) bool { return true }) {
		got = append(got, fmt.Sprintf("%s %d", a.ID, hourIndex(a.Evidence[0].Time, 0)))
	}
	if diff := cmp.Diff([]string{fmt.Sprint("LOG109 ", burst), fmt.Sprint("LOG108 ", again)}, got); diff != "" {
		t.Errorf("first-ever burst (-want +got):\n%s", diff)
	}

	// Hours without metrics are no evidence of zero throttles: a burst
	// after a gap, with less than a day of metrics before, is not LOG109.
	seen := make([]bool, len(xs))
	for i := burst - anomaly.Day + 1; i < len(xs); i++ {
		seen[i] = true
	}
	got = nil
	for _, a := range ThrottleAlerts("orders-api", 0, xs, seen, func(int) bool { return true }) {
		got = append(got, a.ID)
	}
	if diff := cmp.Diff([]string{"LOG108"}, got); diff != "" {
		t.Errorf("burst after a gap (-want +got):\n%s", diff)
	}
}

// hourIndex is the index of an alert's hour in a series starting at first.
func hourIndex(ts string, first int64) int64 {
	at, err := time.Parse(time.RFC3339, ts)
	if err != nil {
		return -1
	}
	return at.Unix()/3600 - first
}

// writeMetrics writes five weeks of per-minute metric stream records for
// two functions: orders-api, steadily invoked and lightly throttled at its
// peaks, with one flood of throttles; and thumbnailer, never throttled
// until one hour.
func writeMetrics(t *testing.T, path string, start time.Time, flood, first int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for h := range 5 * anomaly.Week {
		for m := 0; m < 60; m += 10 {
			at := start.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
			inv := float64(10 + h%24)
			streamLine(w, "orders-api", "Invocations", at, inv, 10)
			streamLine(w, "thumbnailer", "Invocations", at, 5, 10)
			thr := 0.0
			if h%24 == 12 && m == 0 {
				thr = 2
			}
			if h == flood {
				thr = 50
			}
			streamLine(w, "orders-api", "Throttles", at, thr, 10)
			thr = 0
			if h == first {
				thr = 4
			}
			streamLine(w, "thumbnailer", "Throttles", at, thr, 10)
			if h == flood {
				streamLine(w, "orders-api", "ConcurrentExecutions", at, 100, 10)
			}
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestAnalyzeMetrics(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	const flood, first = 4*anomaly.Week + 30, 3*anomaly.Week + 7
	writeMetrics(t, filepath.Join(dir, "metrics.json"), start, flood, first)
	res, err := Analyze([]string{dir}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range res.Alerts {
		got = append(got, a.ID+" "+a.Evidence[0].Principal+" "+a.Evidence[0].Time)
	}
	want := []string{
		"LOG108 orders-api " + start.Add(flood*time.Hour).Format(time.RFC3339),
		"LOG109 thumbnailer " + start.Add(first*time.Hour).Format(time.RFC3339),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("alerts (-want +got):\n%s", diff)
	}
	if len(res.Alerts) > 0 && !strings.HasSuffix(res.Alerts[0].Message, "usual 0.0 (robust z-score 300.0); peak concurrency 100") {
		t.Errorf("LOG108 message %q, want the z-score and the peak concurrency", res.Alerts[0].Message)
	}
	if res.Metrics.Records != 5*anomaly.Week*6*4+6 || res.Metrics.Malformed != 0 {
		t.Errorf("metrics stats %+v", res.Metrics)
	}
}

// TestMetricsReplaceLogs gives the same function's logs, with an
// invocation spike that the metrics do not have, and its metrics: the
// metrics are preferred, so neither LOG104 from the logs nor a doubled
// count is seen.
func TestMetricsReplaceLogs(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	const spike = 4*anomaly.Week + 30
	writeMetrics(t, filepath.Join(dir, "metrics.json"), start, -1, -1)
	// One subscription filter payload per hour, so that the function is
	// named by its log group as the metrics name it.
	var logs bytes.Buffer
	for h := range 5 * anomaly.Week {
		n := 10 + h%24
		if h == spike {
			n *= 10
		}
		logs.WriteString(`{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/aws/lambda/orders-api","logStream":"s","logEvents":[`)
		for k := range n {
			ts := start.Add(time.Duration(h)*time.Hour + time.Duration(k)*time.Second)
			if k > 0 {
				logs.WriteByte(',')
			}
			fmt.Fprintf(&logs, `{"id":"%d-%d","timestamp":%d,"message":"REPORT RequestId: r%d-%d\tDuration: 120.00 ms\tBilled Duration: 121 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t"}`,
				h, k, ts.UnixMilli(), h, k)
		}
		logs.WriteString("]}\n")
	}
	logPath := filepath.Join(dir, "orders-api.log")
	if err := os.WriteFile(logPath, logs.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		paths []string
		want  int
	}{
		{"logs alone", []string{logPath}, 1},
		{"logs and metrics", []string{logPath, filepath.Join(dir, "metrics.json")}, 0},
	} {
		res, err := Analyze(tc.paths, nil, Options{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, a := range res.Alerts {
			if a.ID == "LOG104" {
				n++
			}
		}
		if n != tc.want {
			t.Errorf("%s: %d LOG104 alerts, want %d", tc.name, n, tc.want)
		}
	}
}

func FuzzReadMetrics(f *testing.F) {
	raw, err := os.ReadFile(filepath.Join("testdata", "metrics", "stream.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add(gzipped(f, raw))
	gmd, err := os.ReadFile(filepath.Join("testdata", "metrics", "get-metric-data.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(gmd)
	for _, line := range bytes.Split(raw, []byte("\n")) {
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var ms metricSeries
		st, err := ReadMetrics(bytes.NewReader(data), "fuzz", func(r *MetricRecord) {
			if r.Function == "" || r.Metric == "" {
				t.Fatalf("record without a function or a metric: %+v", r)
			}
			ms.add(r)
		})
		if err != nil {
			return // a broken gzip stream
		}
		// At most one malformed count per line of a metric stream (one
		// per result of get-metric-data output).
		bound := bytes.Count(data, []byte("\n")) + 1
		if bytes.Contains(data, metricDataMarker) {
			bound = len(data)
		}
		if st.Malformed > bound || len(st.Samples) > maxSamples {
			t.Fatalf("stats %+v, at most %d malformed", st, bound)
		}
		for fn := range ms.by {
			if first, last := ms.span(fn); last-first >= maxMetricHours {
				t.Fatalf("series of %s spans %d hours", fn, last-first+1)
			}
		}
		_ = ms.alerts()
	})
}

// benchMetrics is a metric stream of 200 functions' per-minute records:
// the five Lambda metrics per function, each also per alias (the
// Resource dimension set), and, when others is set, as many AWS/SQS and
// AWS/DynamoDB records.
func benchMetrics(size int, others bool) []byte {
	var b bytes.Buffer
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	metrics := []string{"Invocations", "Errors", "Throttles", "Duration", "ConcurrentExecutions"}
	for minute := 0; b.Len() < size; minute++ {
		at := start.Add(time.Duration(minute) * time.Minute).UnixMilli()
		for f := range 200 {
			for _, m := range metrics {
				fmt.Fprintf(&b, `{"metric_stream_name":"lambda","account_id":"123456789012","region":"eu-west-1","namespace":"AWS/Lambda","metric_name":%q,"dimensions":{"FunctionName":"fn-%03d"},"timestamp":%d,"value":{"max":12.0,"min":0.0,"sum":%d.0,"count":60.0},"unit":"Count"}`+"\n", m, f, at, f%17)
				fmt.Fprintf(&b, `{"metric_stream_name":"lambda","account_id":"123456789012","region":"eu-west-1","namespace":"AWS/Lambda","metric_name":%q,"dimensions":{"FunctionName":"fn-%03d","Resource":"fn-%03d:live"},"timestamp":%d,"value":{"max":12.0,"min":0.0,"sum":%d.0,"count":60.0},"unit":"Count"}`+"\n", m, f, f, at, f%17)
				if others {
					fmt.Fprintf(&b, `{"metric_stream_name":"lambda","account_id":"123456789012","region":"eu-west-1","namespace":"AWS/SQS","metric_name":"NumberOfMessagesSent","dimensions":{"QueueName":"q-%03d"},"timestamp":%d,"value":{"max":3.0,"min":0.0,"sum":40.0,"count":60.0},"unit":"Count"}`+"\n", f, at)
					fmt.Fprintf(&b, `{"metric_stream_name":"lambda","account_id":"123456789012","region":"eu-west-1","namespace":"AWS/DynamoDB","metric_name":"ConsumedReadCapacityUnits","dimensions":{"TableName":"t-%03d"},"timestamp":%d,"value":{"max":3.0,"min":0.0,"sum":40.0,"count":60.0},"unit":"Count"}`+"\n", f, at)
				}
			}
		}
	}
	return b.Bytes()
}

func BenchmarkReadMetrics(b *testing.B) {
	for _, bc := range []struct {
		name   string
		others bool
		gz     bool
	}{{"lambda", false, false}, {"mixed", true, false}, {"lambda-gzip", false, true}} {
		data := benchMetrics(32<<20, bc.others)
		raw := len(data)
		if bc.gz {
			data = gzipped(b, data)
		}
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(raw))
			b.ReportAllocs()
			for b.Loop() {
				var ms metricSeries
				if _, err := ReadMetrics(bytes.NewReader(data), "bench", ms.add); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
