package logs

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/logs/detect"
	"github.com/slsguard/slsguard/internal/logs/lambdalog"
)

// LambdaDetections are the detections raised from Lambda logs, one alert
// per function and kind with the count and the first and last occurrence.
var LambdaDetections = []*detect.Detection{
	{
		ID: "LOG101", Title: "Lambda invocations timed out", Severity: finding.Medium,
		Rationale: "A timed-out invocation is billed for the whole timeout, leaves its work half done and, for " +
			"asynchronous and stream triggers, is retried; a sudden run of timeouts is also what a slow " +
			"dependency, a denial of service or an injected infinite loop looks like.",
		Remediation: "Compare the timeout with the observed durations (slsguard recommends tight ones), look at " +
			"what the timed-out requests were waiting for, and make downstream calls time out first.",
		References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html"},
	},
	{
		ID: "LOG102", Title: "Lambda invocations ran out of memory", Severity: finding.Medium,
		Rationale: "An out-of-memory invocation kills the execution environment mid-request; repeated ones point " +
			"at a memory leak, an undersized function, or input crafted to exhaust memory.",
		Remediation: "Check Max Memory Used against Memory Size in the REPORT lines, raise the memory or bound " +
			"the size of the input the function accepts.",
		References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html"},
	},
	{
		ID: "LOG103", Title: "Lambda runtime crashed", Severity: finding.Low,
		Rationale: "\"Runtime exited with error\" means the process died outside the handler's error handling: " +
			"an unhandled exception at init, a native crash, or a signal.",
		Remediation: "Read the lines before the crash for the stack trace and handle the failure in code.",
		References:  []string{"https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-execution.html"},
	},
	payloadDetection,
}

type runtimeKey struct {
	id, function string
}

type runtimeAgg struct {
	count       int
	first, last detect.Evidence
}

// runtimeAlerts aggregates timeouts, out-of-memory and crashes per
// function.
type runtimeAlerts struct {
	by map[runtimeKey]*runtimeAgg
}

func (ra *runtimeAlerts) add(ev *lambdalog.Event) {
	id := ""
	switch {
	case ev.Kind == lambdalog.Timeout || (ev.Kind == lambdalog.Report && ev.TimedOut):
		id = "LOG101"
	case ev.Kind == lambdalog.OutOfMemory || (ev.Kind == lambdalog.Report && ev.OOM):
		id = "LOG102"
	case ev.Kind == lambdalog.Crash:
		id = "LOG103"
	default:
		return
	}
	fn := ev.Function
	if fn == "" {
		fn = ev.Loc.File
	}
	if ra.by == nil {
		ra.by = map[runtimeKey]*runtimeAgg{}
	}
	k := runtimeKey{id, fn}
	e := detect.Evidence{
		Event: ev.Kind.String(), Principal: fn, File: ev.Loc.File, Index: ev.Loc.Index, Line: ev.Loc.Line,
		Source: ev.RequestID,
	}
	if ev.Timestamp > 0 {
		e.Time = time.UnixMilli(ev.Timestamp).UTC().Format(time.RFC3339Nano)
	}
	a := ra.by[k]
	if a == nil {
		a = &runtimeAgg{first: e}
		ra.by[k] = a
	}
	a.count++
	a.last = e
}

func (ra *runtimeAlerts) alerts() []detect.Alert {
	byID := map[string]*detect.Detection{}
	for _, d := range LambdaDetections {
		byID[d.ID] = d
	}
	keys := make([]runtimeKey, 0, len(ra.by))
	for k := range ra.by {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].function != keys[j].function {
			return keys[i].function < keys[j].function
		}
		return keys[i].id < keys[j].id
	})
	var out []detect.Alert
	for _, k := range keys {
		a, d := ra.by[k], byID[k.id]
		ev := []detect.Evidence{a.first}
		if a.count > 1 {
			ev = append(ev, a.last)
		}
		out = append(out, detect.Alert{
			ID: d.ID, Title: d.Title, Severity: d.Severity, Evidence: ev,
			Message: fmt.Sprintf("%s: %s %s", k.function, strconv.Itoa(a.count), plural(a.count, d.ID)),
		})
	}
	return out
}

func plural(n int, id string) string {
	word := map[string]string{"LOG101": "timeout", "LOG102": "out-of-memory failure", "LOG103": "runtime crash"}[id]
	if n == 1 {
		return word
	}
	if id == "LOG103" {
		return "runtime crashes"
	}
	return word + "s"
}
