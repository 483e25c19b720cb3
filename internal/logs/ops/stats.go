// Package ops joins what the logs say about each function's operation
// (invocations, durations, memory, the time of the last call) with the
// application model, and turns the difference into findings: timeouts and
// memory sizes far above what the function uses, functions nobody calls
// any more, and functions that run in the account but are not in the code.
// It also renders the per-function summary as a self-contained HTML page.
package ops

import (
	"sort"
	"strings"
	"time"

	"github.com/DataDog/sketches-go/ddsketch"
	"github.com/valyala/fastjson"

	"github.com/slsguard/slsguard/internal/logs/cloudtrail"
	"github.com/slsguard/slsguard/internal/logs/lambdalog"
)

// Stats is what the logs said about each function. Add and AddRecord feed
// it; it is not safe for concurrent use.
type Stats struct {
	// Functions by deployed name.
	Functions map[string]*Function
	// First and Last bound the timestamps seen, in milliseconds since the
	// epoch: the window the logs cover.
	First, Last int64
	// InvokeEvents counts CloudTrail Lambda Invoke data events: when they
	// are present, every function's calls are visible, not only those
	// whose log groups were exported.
	InvokeEvents int
	parser       fastjson.Parser
}

// Function is one function's observed operation.
type Function struct {
	Name        string
	Invocations int
	Errors      int
	Timeouts    int
	// Durations holds the REPORT durations in ms, with 1% relative
	// accuracy whatever the number of invocations.
	Durations     *ddsketch.DDSketch
	MaxDurationMs float64
	MemoryMB      int
	MaxMemoryMB   int
	// LastCall is the time of the last invocation seen (REPORT line or
	// CloudTrail Invoke), in ms; 0 when none had a timestamp.
	LastCall int64
	// InLambdaLogs says the function's own log group was part of the
	// input; InCloudTrail that CloudTrail named it.
	InLambdaLogs, InCloudTrail bool
	// Hours are the hourly counters for the charts, by hour since the
	// epoch.
	Hours map[int64]*Hour
}

// Hour is one function's hour.
type Hour struct {
	Invocations, Errors int
	DurationSumMs       float64
}

// NewStats returns empty Stats.
func NewStats() *Stats {
	return &Stats{Functions: map[string]*Function{}, First: 1<<63 - 1}
}

func (s *Stats) function(name string) *Function {
	f := s.Functions[name]
	if f == nil {
		// 1% relative accuracy; the dense store grows with the range of
		// durations (a few hundred buckets), not with the invocations.
		sk, _ := ddsketch.NewDefaultDDSketch(0.01)
		f = &Function{Name: name, Durations: sk, Hours: map[int64]*Hour{}}
		s.Functions[name] = f
	}
	return f
}

func (s *Stats) seen(ts int64) {
	if ts <= 0 {
		return
	}
	s.First, s.Last = min(s.First, ts), max(s.Last, ts)
}

// Add counts one Lambda log event. Events without a function name (plain
// text exports that do not say their log group) cannot be attributed and
// are ignored.
func (s *Stats) Add(ev *lambdalog.Event) {
	if ev.Function == "" {
		return
	}
	s.seen(ev.Timestamp)
	f := s.function(ev.Function)
	f.InLambdaLogs = true
	var h *Hour
	if ev.Timestamp > 0 {
		k := ev.Timestamp / int64(time.Hour/time.Millisecond)
		if h = f.Hours[k]; h == nil {
			h = &Hour{}
			f.Hours[k] = h
		}
	}
	failed := false
	switch ev.Kind {
	case lambdalog.Report:
		f.Invocations++
		if ev.HasDuration {
			_ = f.Durations.Add(max(ev.DurationMs, 0.001))
			f.MaxDurationMs = max(f.MaxDurationMs, ev.DurationMs)
		}
		if ev.HasMemory {
			f.MemoryMB = ev.MemoryMB
		}
		f.MaxMemoryMB = max(f.MaxMemoryMB, ev.MaxMemoryMB)
		f.LastCall = max(f.LastCall, ev.Timestamp)
		if ev.TimedOut {
			f.Timeouts++
		}
		failed = ev.TimedOut || ev.OOM
		if h != nil {
			h.Invocations++
			h.DurationSumMs += ev.DurationMs
		}
	case lambdalog.Timeout:
		f.Timeouts++
		failed = true
	case lambdalog.OutOfMemory, lambdalog.Crash:
		failed = true
	}
	if failed {
		f.Errors++
		if h != nil {
			h.Errors++
		}
	}
}

// Details is the cloudtrail.Filter AddRecord needs: the parameters of
// Lambda calls, which name the function.
func Details(source, name string) bool { return source == "lambda.amazonaws.com" }

// AddRecord notes the function a Lambda API call or data event names.
func (s *Stats) AddRecord(r *cloudtrail.Record) {
	if r.EventSource != "lambda.amazonaws.com" || len(r.Params) == 0 {
		return
	}
	v, err := s.parser.ParseBytes(r.Params)
	if err != nil {
		return
	}
	name := functionName(string(v.GetStringBytes("functionName")))
	if name == "" {
		return
	}
	f := s.function(name)
	f.InCloudTrail = true
	if t, err := time.Parse(time.RFC3339, r.EventTime); err == nil && strings.HasPrefix(r.EventName, "Invoke") {
		ms := t.UnixMilli()
		s.seen(ms)
		s.InvokeEvents++
		f.LastCall = max(f.LastCall, ms)
	}
}

// functionName reduces a function ARN, partial ARN or qualified name to the
// name: arn:aws:lambda:us-east-1:123456789012:function:NAME[:QUALIFIER],
// 123456789012:function:NAME, NAME:QUALIFIER.
func functionName(s string) string {
	if i := strings.Index(s, "function:"); i >= 0 {
		s = s[i+len("function:"):]
	}
	name, _, _ := strings.Cut(s, ":")
	return name
}

// Names returns the function names in order.
func (s *Stats) Names() []string {
	out := make([]string, 0, len(s.Functions))
	for n := range s.Functions {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Quantile is the q-quantile of f's durations in ms, 0 without data.
func (f *Function) Quantile(q float64) float64 {
	if f.Durations.IsEmpty() {
		return 0
	}
	v, err := f.Durations.GetValueAtQuantile(q)
	if err != nil {
		return 0
	}
	return v
}
