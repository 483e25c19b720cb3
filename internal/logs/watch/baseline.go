package watch

import (
	"fmt"
	"sort"
	"time"

	"github.com/slsguard/slsguard/internal/logs"
	"github.com/slsguard/slsguard/internal/logs/anomaly"
	"github.com/slsguard/slsguard/internal/logs/detect"
	"github.com/slsguard/slsguard/internal/logs/store"
)

// history is how far back the baseline of an hour looks: enough weeks for
// the weekly baseline of package anomaly, and its residual window.
const history = 5 * anomaly.Week

// flush writes the open hours to the state and checks the hours that a
// later one has completed.
func (p *Processor) flush() error {
	if p.state == nil || len(p.open) == 0 {
		return nil
	}
	var hours []store.Hour
	newest := map[string]int64{}
	for fn, hs := range p.open {
		for h, x := range hs {
			hours = append(hours, *x)
			if cur, ok := newest[fn]; !ok || h > cur {
				newest[fn] = h
			}
		}
	}
	p.open = map[string]map[int64]*store.Hour{}
	if err := p.state.Add(hours); err != nil {
		return err
	}
	fns := make([]string, 0, len(newest))
	for fn, h := range newest {
		if h > p.latest[fn] {
			p.latest[fn] = h
		}
		fns = append(fns, fn)
	}
	sort.Strings(fns)
	for _, fn := range fns {
		if err := p.evaluate(fn, p.latest[fn]); err != nil {
			return err
		}
	}
	return nil
}

// evaluate checks fn's complete hours (before latest) not checked yet,
// against the baselines learned from the state's history.
func (p *Processor) evaluate(fn string, latest int64) error {
	done, err := p.state.Evaluated(fn)
	if err != nil {
		return err
	}
	to := latest - 1
	from := max(done+1, to-anomaly.Week+1)
	if to < from {
		return nil
	}
	series, err := p.state.Series(fn, to-history, to)
	if err != nil {
		return err
	}
	// Hours before the function's first record are not silence: it did
	// not exist, or was not watched.
	for len(series) > 0 && series[0].Invocations == 0 && series[0].Errors == 0 {
		series = series[1:]
	}
	if len(series) > 0 {
		inv, errs, dur := columns(series)
		first := series[0].Hour
		keep := func(i int) bool { h := first + int64(i); return h >= from && h <= to }
		p.anomalies(fn, first, logs.AnomalyDetections[0], inv, anomaly.Options{Counts: true}, false, keep)
		p.anomalies(fn, first, logs.AnomalyDetections[1], errs, anomaly.Options{Counts: true}, true, keep)
		p.anomalies(fn, first, logs.AnomalyDetections[2], dur, anomaly.Options{MinDelta: 50}, false, keep)
	}
	return p.state.SetEvaluated(fn, to)
}

// columns lays the hours out as the three series anomaly detection reads;
// an hour without invocations carries the previous hour's duration, so
// that silence is not read as a drop in duration.
func columns(hs []store.Hour) (inv, errs, dur []float64) {
	n := len(hs)
	inv, errs, dur = make([]float64, n), make([]float64, n), make([]float64, n)
	for i, h := range hs {
		inv[i], errs[i] = h.Invocations, h.Errors
		switch {
		case h.Invocations > 0:
			dur[i] = h.DurationSum / h.Invocations
		case i > 0:
			dur[i] = dur[i-1]
		}
	}
	return inv, errs, dur
}

func (p *Processor) anomalies(fn string, first int64, d *detect.Detection, xs []float64, opt anomaly.Options, spikesOnly bool, keep func(int) bool) {
	for _, a := range anomaly.Detect(xs, opt) {
		if !keep(a.Index) || (spikesOnly && a.Score < 0) {
			continue
		}
		hour := time.Unix((first+int64(a.Index))*3600, 0).UTC()
		dir := "above"
		if a.Score < 0 {
			dir = "below"
		}
		p.alerts = append(p.alerts, detect.Alert{
			ID: d.ID, Title: d.Title, Severity: d.Severity,
			Message: fmt.Sprintf("%s: %.1f in the hour from %s, %s the usual %.1f (robust z-score %.1f)",
				fn, a.Value, hour.Format(time.RFC3339), dir, a.Expected, a.Score),
			Evidence: []detect.Evidence{{Time: hour.Format(time.RFC3339), Event: d.ID, Principal: fn}},
		})
	}
}
