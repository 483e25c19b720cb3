// Package lambdalog parses the log lines the Lambda service writes for
// every invocation: START, END, REPORT (durations, memory, init and
// restore durations, X-Ray trace), "Task timed out after", out-of-memory
// and runtime crash lines, in the text format and in the JSON log format
// (platform.start, platform.report, platform.runtimeDone...). It reads
// them from raw text, from the CLI's filter-log-events/get-log-events
// JSON, and from CloudWatch Logs subscription payloads (plain, gzip, or
// base64 gzip inside {"awslogs": {"data": ...}}).
package lambdalog

import (
	"strconv"
	"strings"
	"time"

	"github.com/valyala/fastjson"
)

// Kind is what a line says about an invocation.
type Kind int

// Kinds of lines; Other lines are the function's own output.
const (
	Other Kind = iota
	Start
	End
	Report
	Timeout
	OutOfMemory
	Crash
)

var kindNames = [...]string{"other", "start", "end", "report", "timeout", "out-of-memory", "crash"}

func (k Kind) String() string { return kindNames[k] }

// Event is one parsed line.
type Event struct {
	Kind      Kind
	RequestID string
	// Function is the function name, from the log group when known.
	Function string
	// Timestamp is milliseconds since the epoch, when the input has it.
	Timestamp int64
	// Report metrics; Has* say which were present.
	DurationMs, BilledMs, InitMs, RestoreMs float64
	MemoryMB, MaxMemoryMB                   int
	HasDuration, HasBilled, HasInit         bool
	HasRestore, HasMemory, HasMaxMemory     bool
	// BilledRestoreMs is SnapStart's "Billed Restore Duration".
	BilledRestoreMs  float64
	HasBilledRestore bool
	TraceID          string
	// Status is the JSON format's report status (success, timeout,
	// error); TimedOut and OOM are also set from text lines.
	Status   string
	TimedOut bool
	OOM      bool
	// TimeoutSec is the limit from "Task timed out after N seconds".
	TimeoutSec float64
	// Message is the text of an Other line, for detections that read what
	// the function printed; it shares memory with the input line.
	Message string
	Loc     Loc
}

// Loc is where a line came from: the file, the line in it, and the index
// of the log event inside a JSON document.
type Loc struct {
	File  string
	Line  int
	Index int
}

// oomMarks are what each runtime prints when it runs out of memory.
var oomMarks = []string{
	"fatal error: runtime: out of memory",             // Go
	"java.lang.OutOfMemoryError",                      // Java
	"JavaScript heap out of memory",                   // Node.js
	"failed to allocate memory (NoMemoryError)",       // Ruby
	"Runtime.OutOfMemory",                             // JSON format errorType
	"\nMemoryError", "\tMemoryError", "] MemoryError", // Python tracebacks
}

var crashMarks = []string{"Runtime exited with error", "Runtime.ExitError", "Runtime.Unknown"}

// Parse reads one log message. A message in the JSON log format is read as
// such; anything else as text.
func Parse(msg string) Event {
	t := strings.TrimSpace(msg)
	if strings.HasPrefix(t, "{") {
		if ev, ok := parseJSON(t); ok {
			return ev
		}
	}
	ev := parseText(t)
	if ev.Kind == Other {
		ev.Message = t
	}
	return ev
}

func parseText(msg string) Event {
	var ev Event
	switch {
	case strings.HasPrefix(msg, "REPORT RequestId:"):
		ev.Kind = Report
		readReport(msg, &ev)
	case strings.HasPrefix(msg, "START RequestId:"):
		ev.Kind = Start
	case strings.HasPrefix(msg, "END RequestId:"):
		ev.Kind = End
	}
	if ev.Kind != Other {
		ev.RequestID = textRequestIDAfterLabel(msg)
		return ev
	}
	if sec, ok := taskTimedOut(msg); ok {
		ev.Kind, ev.TimedOut = Timeout, true
		ev.TimeoutSec, _ = strconv.ParseFloat(sec, 64)
		ev.RequestID = textRequestID(msg)
		return ev
	}
	if containsAny(msg, oomMarks) {
		ev.Kind, ev.OOM = OutOfMemory, true
		ev.RequestID = textRequestID(msg)
		return ev
	}
	if containsAny(msg, crashMarks) {
		ev.Kind = Crash
		ev.RequestID = textRequestID(msg)
	}
	return ev
}

func containsAny(s string, marks []string) bool {
	for _, m := range marks {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

// parseJSON reads a line of the JSON log format.
func parseJSON(msg string) (Event, bool) {
	v, err := fastjson.Parse(msg)
	if err != nil {
		return Event{}, false
	}
	typ := string(v.GetStringBytes("type"))
	rec := v.Get("record")
	if !strings.HasPrefix(typ, "platform.") || rec == nil {
		// Application output in the JSON format.
		ev := parseText(string(v.GetStringBytes("message")))
		if ev.Kind == Other && containsAny(string(v.GetStringBytes("errorType")), oomMarks) {
			ev.Kind, ev.OOM = OutOfMemory, true
		}
		if ev.Kind == Other {
			ev.Message = msg
		}
		return ev, true
	}
	ev := Event{RequestID: string(rec.GetStringBytes("requestId")), Status: string(rec.GetStringBytes("status"))}
	if t, err := time.Parse(time.RFC3339Nano, string(v.GetStringBytes("time"))); err == nil {
		ev.Timestamp = t.UnixMilli()
	}
	switch typ {
	case "platform.start":
		ev.Kind = Start
	case "platform.runtimeDone":
		ev.Kind = End
	case "platform.report":
		ev.Kind = Report
		readJSONMetrics(rec.Get("metrics"), &ev)
		ev.TraceID = string(rec.GetStringBytes("tracing", "value"))
	}
	errType := string(rec.GetStringBytes("errorType"))
	ev.TimedOut = ev.Status == "timeout"
	ev.OOM = strings.Contains(errType, "OutOfMemory")
	if ev.Kind == End && ev.Status == "error" && ev.OOM {
		ev.Kind = OutOfMemory
	}
	return ev, true
}

func readJSONMetrics(m *fastjson.Value, ev *Event) {
	if m == nil {
		return
	}
	num := func(key string, dst *float64, has *bool) {
		if x := m.Get(key); x != nil && x.Type() == fastjson.TypeNumber {
			*dst, *has = x.GetFloat64(), true
		}
	}
	num("durationMs", &ev.DurationMs, &ev.HasDuration)
	num("billedDurationMs", &ev.BilledMs, &ev.HasBilled)
	num("initDurationMs", &ev.InitMs, &ev.HasInit)
	num("restoreDurationMs", &ev.RestoreMs, &ev.HasRestore)
	var mem, maxMem float64
	num("memorySizeMB", &mem, &ev.HasMemory)
	num("maxMemoryUsedMB", &maxMem, &ev.HasMaxMemory)
	ev.MemoryMB, ev.MaxMemoryMB = int(mem), int(maxMem)
}
