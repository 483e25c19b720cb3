// Package anomaly finds spikes and drops in per-function time series
// (invocations, errors, throttles, durations) against a baseline learned
// from the series itself, with daily and weekly seasonality.
//
// The baseline of an hour is the median of the same hour of the week in
// the previous weeks when there are enough of them, else the median of
// the same hour of the day in the previous days. Residuals are normalised
// (by the square root of the baseline for counts, whose noise is Poisson;
// by the baseline itself for other metrics, whose noise grows with them),
// and the spread is the median absolute deviation of the recent normalised
// residuals, at least 1 for counts so that a quiet function does not alert
// on one extra call.
// Medians and MADs are robust: past anomalies do not drag the baseline
// towards themselves.
package anomaly

import (
	"math"
	"sort"
)

// Hours in a day and in a week: series are hourly.
const (
	Day  = 24
	Week = 7 * Day
)

// Options tune Detect.
type Options struct {
	// Threshold is the robust z-score beyond which a point is anomalous;
	// 0 means 5.
	Threshold float64
	// MinDelta is the smallest absolute difference from the baseline that
	// can be anomalous; 0 means 5.
	MinDelta float64
	// Counts says the series counts events, so its noise is at least
	// Poisson (sqrt of the baseline); otherwise noise is taken to be
	// proportional to the baseline (durations, memory).
	Counts bool
}

// Anomaly is one point far from its baseline.
type Anomaly struct {
	Index    int
	Value    float64
	Expected float64
	Score    float64 // robust z-score, negative for drops
}

// minWeeks is how many previous weeks the weekly baseline needs; before
// that, the daily one is used.
const minWeeks = 3

// residualWindow is how many past residuals the spread is computed from.
const residualWindow = 2 * Week

// Detect returns the anomalous points of an hourly series. The first day
// has no baseline and is never anomalous.
func Detect(values []float64, opt Options) []Anomaly {
	if opt.Threshold <= 0 {
		opt.Threshold = 5
	}
	if opt.MinDelta <= 0 {
		opt.MinDelta = 5
	}
	var out []Anomaly
	// Residuals against the daily baseline are wider (weekends are
	// compared with weekdays): once the weekly baseline has a day of
	// residuals, only those set the spread.
	var daily, weekly []float64
	buf := make([]float64, 0, residualWindow)
	for i, v := range values {
		exp, kind := baseline(values, i, buf[:0])
		if kind == none {
			continue
		}
		res := v - exp
		norm := math.Max(math.Abs(exp), 1e-9)
		if opt.Counts {
			norm = math.Sqrt(math.Max(exp, 1))
		}
		residuals := daily
		if len(weekly) >= Day {
			residuals = weekly
		}
		scale := spread(residuals, buf[:0])
		if kind == weeklyBaseline {
			weekly = append(weekly, res/norm)
		} else {
			daily = append(daily, res/norm)
		}
		switch {
		case opt.Counts:
			scale = math.Max(scale, 1)
		case scale == 0:
			scale = 0.01 // a flat series: 1% of the baseline is already news
		}
		z := res / norm / scale
		if math.Abs(z) >= opt.Threshold && math.Abs(res) >= opt.MinDelta {
			out = append(out, Anomaly{Index: i, Value: v, Expected: exp, Score: z})
		}
	}
	return out
}

type baselineKind int

const (
	none baselineKind = iota
	dailyBaseline
	weeklyBaseline
)

// baseline is the seasonal median for point i.
func baseline(values []float64, i int, buf []float64) (float64, baselineKind) {
	for j := i - Week; j >= 0; j -= Week {
		buf = append(buf, values[j])
	}
	if len(buf) >= minWeeks {
		return median(buf), weeklyBaseline
	}
	buf = buf[:0]
	for j := i - Day; j >= 0 && len(buf) < 7; j -= Day {
		buf = append(buf, values[j])
	}
	if len(buf) == 0 {
		return 0, none
	}
	return median(buf), dailyBaseline
}

// spread is 1.4826 times the median absolute deviation of the recent
// residuals (the standard deviation, for normal noise).
func spread(residuals, buf []float64) float64 {
	if len(residuals) > residualWindow {
		residuals = residuals[len(residuals)-residualWindow:]
	}
	if len(residuals) == 0 {
		return 0
	}
	buf = append(buf, residuals...)
	m := median(buf)
	for k := range buf {
		buf[k] = math.Abs(buf[k] - m)
	}
	return 1.4826 * median(buf)
}

// median sorts xs in place.
func median(xs []float64) float64 {
	sort.Float64s(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}
