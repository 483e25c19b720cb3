package logs

import (
	"fmt"
	"sort"
	"time"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/logs/anomaly"
	"github.com/slsguard/slsguard/internal/logs/detect"
	"github.com/slsguard/slsguard/internal/logs/lambdalog"
)

// AnomalyDetections are raised when a function's hourly invocations,
// errors or mean duration leave their learned baseline, and when its
// throttles (from CloudWatch metrics, see metrics.go) do.
var AnomalyDetections = []*detect.Detection{
	{
		ID: "LOG104", Title: "Lambda invocations far from their usual level", Severity: finding.Medium,
		Rationale: "A function invoked far more than usual at that hour of the week may be abused (a public URL " +
			"or API scraped, a denial-of-wallet attack, a recursive loop); far less may mean a broken trigger.",
		Remediation: "Look at who calls the function in that hour (API logs, CloudTrail Invoke events) and at " +
			"recent deployments; set reserved concurrency and throttling to bound the cost.",
		References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics.html"},
	},
	{
		ID: "LOG105", Title: "Lambda errors far above their usual level", Severity: finding.Medium,
		Rationale: "A burst of timeouts, out-of-memory failures and crashes beyond the usual rate is what a bad " +
			"deploy, a failing dependency or malicious input looks like.",
		Remediation: "Read the errors of that hour; roll back the last deployment if it coincides.",
		References:  []string{"https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics.html"},
	},
	{
		ID: "LOG106", Title: "Lambda duration far from its usual level", Severity: finding.Low,
		Rationale: "Mean duration jumping at an hour of the week where it is normally steady points at a slow " +
			"dependency, a code change, or work injected into the function (a crypto miner, exfiltration).",
		Remediation: "Compare with the deployment history and the dependencies' latency; keep the timeout tight.",
		References:  []string{"https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics.html"},
	},
	throttleDetection,
	firstThrottleDetection,
}

// hourly accumulates one function's hour.
type hourly struct {
	invocations, errors float64
	durationSum         float64
}

// seriesBuilder collects per-function hourly series from timestamped
// REPORT and failure events. Lines without a timestamp (plain text
// exports) cannot be placed in time and are not counted.
type seriesBuilder struct {
	by map[string]map[int64]*hourly
}

func (sb *seriesBuilder) add(ev *lambdalog.Event) {
	if ev.Timestamp <= 0 {
		return
	}
	fn := ev.Function
	if fn == "" {
		fn = ev.Loc.File
	}
	if sb.by == nil {
		sb.by = map[string]map[int64]*hourly{}
	}
	hours := sb.by[fn]
	if hours == nil {
		hours = map[int64]*hourly{}
		sb.by[fn] = hours
	}
	h := ev.Timestamp / int64(time.Hour/time.Millisecond)
	x := hours[h]
	if x == nil {
		x = &hourly{}
		hours[h] = x
	}
	switch ev.Kind {
	case lambdalog.Report:
		x.invocations++
		x.durationSum += ev.DurationMs
		if ev.TimedOut || ev.OOM {
			x.errors++
		}
	case lambdalog.Timeout, lambdalog.OutOfMemory, lambdalog.Crash:
		x.errors++
	}
}

// alerts runs the anomaly detector on each function's series.
func (sb *seriesBuilder) alerts() []detect.Alert {
	fns := make([]string, 0, len(sb.by))
	for fn := range sb.by {
		fns = append(fns, fn)
	}
	sort.Strings(fns)
	var out []detect.Alert
	for _, fn := range fns {
		first, inv, errs, dur := sb.series(fn)
		out = append(out, anomalyAlerts(fn, first, AnomalyDetections[0], inv, anomaly.Options{Counts: true}, false)...)
		// Fewer errors than usual is good news: only spikes.
		out = append(out, anomalyAlerts(fn, first, AnomalyDetections[1], errs, anomaly.Options{Counts: true}, true)...)
		out = append(out, anomalyAlerts(fn, first, AnomalyDetections[2], dur, anomaly.Options{MinDelta: 50}, false)...)
	}
	return out
}

// series lays out a function's hours from its first to its last.
func (sb *seriesBuilder) series(fn string) (first int64, inv, errs, dur []float64) {
	hours := sb.by[fn]
	last := int64(-1 << 62)
	first = 1 << 62
	for h := range hours {
		first, last = min(first, h), max(last, h)
	}
	n := int(last - first + 1)
	inv, errs, dur = make([]float64, n), make([]float64, n), make([]float64, n)
	for h, x := range hours {
		i := int(h - first)
		inv[i], errs[i] = x.invocations, x.errors
		if x.invocations > 0 {
			dur[i] = x.durationSum / x.invocations
		}
	}
	// An hour without invocations has no duration: carry the previous
	// hour's, so that silence is not read as a drop in duration.
	for i := 1; i < n; i++ {
		if inv[i] == 0 {
			dur[i] = dur[i-1]
		}
	}
	return first, inv, errs, dur
}

func anomalyAlerts(fn string, first int64, d *detect.Detection, xs []float64, opt anomaly.Options, spikesOnly bool) []detect.Alert {
	var out []detect.Alert
	for _, a := range anomaly.Detect(xs, opt) {
		if spikesOnly && a.Score < 0 {
			continue
		}
		hour := time.Unix((first+int64(a.Index))*3600, 0).UTC()
		dir := "above"
		if a.Score < 0 {
			dir = "below"
		}
		out = append(out, detect.Alert{
			ID: d.ID, Title: d.Title, Severity: d.Severity,
			Message: fmt.Sprintf("%s: %.1f in the hour from %s, %s the usual %.1f (robust z-score %.1f)",
				fn, a.Value, hour.Format(time.RFC3339), dir, a.Expected, a.Score),
			Evidence: []detect.Evidence{{Time: hour.Format(time.RFC3339), Event: d.ID, Principal: fn}},
		})
	}
	return out
}
