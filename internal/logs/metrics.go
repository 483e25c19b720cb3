package logs

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/logs/anomaly"
	"github.com/slsguard/slsguard/internal/logs/detect"
)

// Throttles never reach the logs (a throttled invocation never runs), so
// they are read from CloudWatch metrics: the JSON output of CloudWatch
// Metric Streams, one object per line, as Amazon Data Firehose delivers it
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-metric-streams-formats-json.html).

// throttleDetection is LOG108 and firstThrottleDetection LOG109; both are
// listed in AnomalyDetections.
var (
	throttleDetection = &detect.Detection{
		ID: "LOG108", Title: "Lambda throttles far above their usual level", Severity: finding.Medium,
		Rationale: "Throttled invocations are rejected before they run: callers get 429 errors, asynchronous " +
			"events are retried and may be dropped. Throttles far above the usual level for that hour of the " +
			"week mean the function, or the account's concurrency, is being exhausted: a traffic flood, a " +
			"denial-of-wallet attack, a recursive loop, or another function starving this one.",
		Remediation: "Look at the Invocations and ConcurrentExecutions metrics and at who called the function in " +
			"that hour; set reserved concurrency on the functions that must keep running and bound the others.",
		References: []string{
			"https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html",
			"https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html",
		},
	}
	firstThrottleDetection = &detect.Detection{
		ID: "LOG109", Title: "Function throttled", Severity: finding.Medium,
		Rationale: "A function that has never been throttled in the metrics read was throttled: it, or the " +
			"account, reached its concurrency limit for the first time, which a new traffic pattern, a " +
			"flood of requests or a runaway caller causes.",
		Remediation: "Check the function's reserved concurrency and the account's unreserved concurrency, and " +
			"what called the function in that hour.",
		References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html"},
	}
)

// MetricRecord is one CloudWatch metric stream record of namespace
// AWS/Lambda with the FunctionName dimension alone.
type MetricRecord struct {
	Function  string
	Metric    string // Throttles, Invocations, Errors, Duration, ConcurrentExecutions, ...
	Timestamp int64  // milliseconds since the epoch
	Sum, Max  float64
	Count     float64 // sample count
	Unit      string
	Line      int
}

// MetricStats counts what ReadMetrics read.
type MetricStats struct {
	// Records are the AWS/Lambda per-function records passed on; Skipped
	// the well-formed lines that are not (other namespaces, the per-alias
	// and per-version dimension sets, account-level metrics).
	Records, Skipped, Malformed int
	Samples                     []string
}

// maxMetricLine bounds one line; a metric stream record is a few hundred
// bytes, so a longer line is malformed input, not a record.
const maxMetricLine = 1 << 20

// ReadMetrics reads metric stream JSON lines from r (gzip or not), or the
// output of aws cloudwatch get-metric-data (see metricdata.go), and calls
// fn for each AWS/Lambda record with the FunctionName dimension alone.
// Malformed lines are counted and sampled; the error is only for r
// failing. fn must not keep the pointer: the record is reused.
func ReadMetrics(r io.Reader, name string, fn func(*MetricRecord)) (MetricStats, error) {
	in, err := open(r)
	if err != nil {
		return MetricStats{}, fmt.Errorf("read %s: %w", name, err)
	}
	defer in.Close()
	return readMetrics(in.Reader, name, fn)
}

// wireRecord is the JSON of one metric stream record.
type wireRecord struct {
	Namespace  string            `json:"namespace"`
	MetricName string            `json:"metric_name"`
	Dimensions map[string]string `json:"dimensions"`
	Timestamp  *int64            `json:"timestamp"`
	Value      struct {
		Max   float64 `json:"max"`
		Sum   float64 `json:"sum"`
		Count float64 `json:"count"`
	} `json:"value"`
	Unit string `json:"unit"`
}

func readMetrics(br *bufio.Reader, name string, fn func(*MetricRecord)) (MetricStats, error) {
	if head, _ := br.Peek(sniffSize); isMetricData(head) {
		return readMetricData(br, name, fn)
	}
	var st MetricStats
	var rec MetricRecord
	var long []byte
	for line := 1; ; line++ {
		b, err := br.ReadSlice('\n')
		for errors.Is(err, bufio.ErrBufferFull) {
			// Keep reading the long line, up to the bound, to find its end.
			if len(long) < maxMetricLine {
				long = append(long, b...)
			}
			b, err = br.ReadSlice('\n')
		}
		if long != nil {
			b, long = append(long, b...), nil
		}
		if len(b) > 0 {
			st.line(b, name, line, &rec, fn)
		}
		if err == io.EOF {
			return st, nil
		}
		if err != nil {
			return st, fmt.Errorf("read %s: %w", name, err)
		}
	}
}

var lambdaNamespace = []byte(`"AWS/Lambda"`)

// perAlias says whether a line holds the Resource or ExecutedVersion
// dimension, which record skips after decoding: a third to two thirds of
// a Lambda metric stream, recognised without decoding. A dimension value
// cannot be followed by a colon, so only a key matches.
func perAlias(b []byte) bool {
	return bytes.Contains(b, []byte(`"Resource":`)) || bytes.Contains(b, []byte(`"ExecutedVersion":`))
}

// line decodes one line. Lines of other namespaces are recognised without
// decoding them: a stream usually carries many namespaces.
func (st *MetricStats) line(b []byte, name string, n int, rec *MetricRecord, fn func(*MetricRecord)) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return
	}
	if len(b) > maxMetricLine {
		st.malformed(name, n, "line longer than 1 MiB")
		return
	}
	if b[0] == '{' && (!bytes.Contains(b, lambdaNamespace) || perAlias(b)) && json.Valid(b) {
		st.Skipped++
		return
	}
	var w wireRecord
	if err := json.Unmarshal(b, &w); err != nil {
		if bytes.Contains(b, []byte("}{")) {
			st.concatenated(b, name, n, rec, fn)
			return
		}
		st.malformed(name, n, err.Error())
		return
	}
	if !st.record(&w, n, rec, fn) {
		st.malformed(name, n, notRecord)
	}
}

// concatenated reads a line of objects written back to back: a Firehose
// destination that joins records without the newline. The records before
// a malformed object are kept; the line counts once as malformed.
func (st *MetricStats) concatenated(b []byte, name string, n int, rec *MetricRecord, fn func(*MetricRecord)) {
	dec := json.NewDecoder(bytes.NewReader(b))
	for dec.More() {
		var w wireRecord
		if err := dec.Decode(&w); err != nil {
			st.malformed(name, n, err.Error())
			return
		}
		if !st.record(&w, n, rec, fn) {
			st.malformed(name, n, notRecord)
			return
		}
	}
}

const notRecord = "not a metric stream record (no metric_name or timestamp)"

// record passes w on if it is an AWS/Lambda per-function record, and
// says whether it is a metric stream record at all.
func (st *MetricStats) record(w *wireRecord, n int, rec *MetricRecord, fn func(*MetricRecord)) bool {
	if w.MetricName == "" || w.Timestamp == nil {
		return false
	}
	// Lambda publishes each metric per function, and again per version or
	// alias (Resource) and per executed version: only the FunctionName
	// dimension alone is counted, so that no invocation counts twice.
	function, ok := w.Dimensions["FunctionName"]
	if w.Namespace != "AWS/Lambda" || !ok || function == "" || len(w.Dimensions) != 1 {
		st.Skipped++
		return true
	}
	st.Records++
	*rec = MetricRecord{Function: function, Metric: w.MetricName, Timestamp: *w.Timestamp,
		Sum: w.Value.Sum, Max: w.Value.Max, Count: w.Value.Count, Unit: w.Unit, Line: n}
	fn(rec)
	return true
}

func (st *MetricStats) malformed(name string, line int, msg string) {
	st.Malformed++
	if line > 0 {
		name = fmt.Sprintf("%s line %d", name, line)
	}
	st.Samples = appendSamples(st.Samples, name+": "+msg)
}

// maxMetricHours bounds a function's series to the 26 weeks before its
// newest hour: the weekly baselines need weeks, not years, and a stray
// timestamp must not make a series of millions of hours.
const maxMetricHours = 26 * anomaly.Week

// metricHour is one function's hour of metrics.
type metricHour struct {
	invocations, errors, durationSum, durationCount float64
	throttles, concurrency                          float64
}

// metricSeries collects per-function hourly sums of the Lambda metrics.
type metricSeries struct {
	by map[string]map[int64]*metricHour
	// usage are the functions with invocation, error or duration metrics.
	usage map[string]bool
}

func (ms *metricSeries) add(r *MetricRecord) {
	if r.Timestamp <= 0 {
		return
	}
	if ms.by == nil {
		ms.by, ms.usage = map[string]map[int64]*metricHour{}, map[string]bool{}
	}
	hours := ms.by[r.Function]
	if hours == nil {
		hours = map[int64]*metricHour{}
		ms.by[r.Function] = hours
	}
	h := r.Timestamp / int64(time.Hour/time.Millisecond)
	x := hours[h]
	if x == nil {
		x = &metricHour{}
		hours[h] = x
	}
	switch r.Metric {
	case "Throttles":
		x.throttles += r.Sum
	case "Invocations":
		x.invocations += r.Sum
		ms.usage[r.Function] = true
	case "Errors":
		x.errors += r.Sum
		ms.usage[r.Function] = true
	case "Duration":
		x.durationSum += r.Sum
		x.durationCount += r.Count
		ms.usage[r.Function] = true
	case "ConcurrentExecutions":
		x.concurrency = max(x.concurrency, r.Max)
	}
}

// replace puts the metrics' invocations, errors and durations in place of
// the log series for every function that has them. Metrics are preferred
// to logs for those functions: CloudWatch counts every invocation, while
// a log export often covers only some streams or hours, and summing both
// would count each invocation twice. Functions with logs only keep their
// log series.
func (ms *metricSeries) replace(sb *seriesBuilder) {
	for fn := range ms.usage {
		if sb.by == nil {
			sb.by = map[string]map[int64]*hourly{}
		}
		first, _ := ms.span(fn)
		hours := make(map[int64]*hourly, len(ms.by[fn]))
		for h, x := range ms.by[fn] {
			if h < first {
				continue
			}
			// Mean duration is sum over sample count; scaled back to a sum
			// over invocations, which is what seriesBuilder divides by.
			dur := 0.0
			if x.durationCount > 0 {
				dur = x.durationSum / x.durationCount * x.invocations
			}
			hours[h] = &hourly{invocations: x.invocations, errors: x.errors, durationSum: dur}
		}
		sb.by[fn] = hours
	}
}

// alerts runs LOG108 and LOG109 over each function's throttle series.
func (ms *metricSeries) alerts() []detect.Alert {
	fns := make([]string, 0, len(ms.by))
	for fn := range ms.by {
		fns = append(fns, fn)
	}
	sort.Strings(fns)
	var out []detect.Alert
	for _, fn := range fns {
		first, xs, seen := ms.throttles(fn)
		for _, a := range ThrottleAlerts(fn, first, xs, seen, func(int) bool { return true }) {
			// The function's peak concurrency in that hour tells a flood of
			// its own callers from a limit reached by other functions.
			at, err := time.Parse(time.RFC3339, a.Evidence[0].Time)
			if x := ms.by[fn][at.Unix()/3600]; err == nil && x != nil && x.concurrency > 0 {
				a.Message += fmt.Sprintf("; peak concurrency %.0f", x.concurrency)
			}
			out = append(out, a)
		}
	}
	return out
}

// throttles lays out a function's hourly throttles from its first hour of
// metrics to its last; hours without a record are zero, and not seen.
func (ms *metricSeries) throttles(fn string) (int64, []float64, []bool) {
	first, last := ms.span(fn)
	xs, seen := make([]float64, last-first+1), make([]bool, last-first+1)
	for h, x := range ms.by[fn] {
		if h >= first {
			xs[h-first], seen[h-first] = x.throttles, true
		}
	}
	return first, xs, seen
}

// span is the first and last hour of fn's series, at most maxMetricHours
// apart.
func (ms *metricSeries) span(fn string) (first, last int64) {
	first, last = int64(1<<62), int64(-1<<62)
	for h := range ms.by[fn] {
		first, last = min(first, h), max(last, h)
	}
	return max(first, last-maxMetricHours+1), last
}

// throttleMinDelta is the smallest excess of throttles over the baseline
// that LOG108 reports.
const throttleMinDelta = 20

// ThrottleAlerts raises LOG109 on the first hour with throttles of a
// series whose earlier hours have none, and LOG108 on the later hours
// whose throttles are far above their seasonal baseline. first is the
// series' first hour since the epoch; seen says which hours had metrics
// (nil: all of them), as a gap in the metrics is no evidence of zero
// throttles; keep selects the indexes to report.
func ThrottleAlerts(fn string, first int64, xs []float64, seen []bool, keep func(int) bool) []detect.Alert {
	var out []detect.Alert
	burst, observed := -1, 0
	for i, v := range xs {
		if v > 0 {
			burst = i
			break
		}
		if seen == nil || seen[i] {
			observed++
		}
	}
	// A usual level of zero needs a day of history to be usual, as the
	// baselines of package anomaly do.
	if burst >= 0 && observed >= anomaly.Day && keep(burst) {
		hour := time.Unix((first+int64(burst))*3600, 0).UTC()
		d := firstThrottleDetection
		out = append(out, detect.Alert{
			ID: d.ID, Title: d.Title, Severity: d.Severity,
			Message: fmt.Sprintf("%s: %.0f throttled invocations in the hour from %s, none in the %d hours of "+
				"metrics before", fn, xs[burst], hour.Format(time.RFC3339), observed),
			Evidence: []detect.Evidence{{Time: hour.Format(time.RFC3339), Event: d.ID, Principal: fn}},
		})
	}
	// Fewer throttles than usual is good news: only spikes, and not the
	// first burst again. Throttles sit at zero most hours, which narrows
	// the spread of the residuals; a few more throttled calls than usual
	// are retried by their callers and are not news, so a spike must also
	// be throttleMinDelta above the baseline.
	for _, a := range anomaly.Detect(xs, anomaly.Options{Counts: true, MinDelta: throttleMinDelta}) {
		if a.Score < 0 || a.Index == burst || !keep(a.Index) {
			continue
		}
		hour := time.Unix((first+int64(a.Index))*3600, 0).UTC()
		d := throttleDetection
		out = append(out, detect.Alert{
			ID: d.ID, Title: d.Title, Severity: d.Severity,
			Message: fmt.Sprintf("%s: %.0f throttled invocations in the hour from %s, above the usual %.1f "+
				"(robust z-score %.1f)", fn, a.Value, hour.Format(time.RFC3339), a.Expected, a.Score),
			Evidence: []detect.Evidence{{Time: hour.Format(time.RFC3339), Event: d.ID, Principal: fn}},
		})
	}
	return out
}

// throttleHistory is how far back ThrottleWatch keeps hours: enough weeks
// for the weekly baseline of package anomaly and its residual window.
const throttleHistory = 5 * anomaly.Week

// ThrottleWatch raises LOG108 and LOG109 over metric records as they
// arrive (slsguard watch). An hour of a function is checked once a record
// of a later hour of that function arrives. It keeps the last five weeks
// of hourly throttles per function in memory. Its zero value is ready.
type ThrottleWatch struct {
	hours  map[string]map[int64]float64
	latest map[string]int64
}

// Add counts r and returns the alerts of the hours it completes.
func (w *ThrottleWatch) Add(r *MetricRecord) []detect.Alert {
	if r.Timestamp <= 0 {
		return nil
	}
	if w.hours == nil {
		w.hours, w.latest = map[string]map[int64]float64{}, map[string]int64{}
	}
	h := r.Timestamp / int64(time.Hour/time.Millisecond)
	hours, seen := w.hours[r.Function]
	if !seen {
		hours = map[int64]float64{}
		w.hours[r.Function] = hours
		w.latest[r.Function] = h
	}
	latest := w.latest[r.Function]
	if h <= latest-throttleHistory {
		return nil // older than the baseline reaches
	}
	if r.Metric == "Throttles" {
		hours[h] += r.Sum
	} else if _, ok := hours[h]; !ok {
		hours[h] = 0 // the function was watched in that hour
	}
	if h <= latest {
		return nil
	}
	w.latest[r.Function] = h
	return w.evaluate(r.Function, latest-1, h-1)
}

// evaluate checks the hours after done up to to, and forgets the hours
// the baseline no longer reaches.
func (w *ThrottleWatch) evaluate(fn string, done, to int64) []detect.Alert {
	hours := w.hours[fn]
	first := to
	for h := range hours {
		if h <= to-throttleHistory {
			delete(hours, h)
			continue
		}
		first = min(first, h)
	}
	xs, seen := make([]float64, to-first+1), make([]bool, to-first+1)
	for h, v := range hours {
		if h <= to {
			xs[h-first], seen[h-first] = v, true
		}
	}
	from := max(done+1, to-anomaly.Week+1)
	return ThrottleAlerts(fn, first, xs, seen, func(i int) bool {
		h := first + int64(i)
		return h >= from && h <= to
	})
}
