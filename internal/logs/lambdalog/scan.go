package lambdalog

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The text lines are read by hand-written scanners rather than regular
// expressions: a busy log group is mostly REPORT lines, and the regexp
// engine spent most of the CPU of `slsguard logs --lambda` on them. Each
// scanner below reads exactly what the expression in its comment matched,
// which the differential fuzz test checks against the expression itself.

// reportField is a numeric field of a text REPORT line.
type reportField int

const (
	noField reportField = iota
	fDuration
	fBilled
	fMemory
	fMaxMemory
	fInit
	fRestore
	fBilledRestore
)

// reportNames are the field names a REPORT line carries a number after.
// None is a prefix of another, so at most one matches at a position.
var reportNames = [...]struct {
	name  string
	field reportField
}{
	{"Duration", fDuration},
	{"Billed Duration", fBilled},
	{"Billed Restore Duration", fBilledRestore},
	{"Memory Size", fMemory},
	{"Max Memory Used", fMaxMemory},
	{"Init Duration", fInit},
	{"Restore Duration", fRestore},
}

// isRESpace is the regexp class \s: ASCII whitespace without \v.
func isRESpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// readReport reads the fields of a text REPORT line, in any order, skipping
// unknown ones. A field is `NAME: NUMBER UNIT` at the start of the line or
// after whitespace, as `(?:^|\s)(NAME): ([0-9]+(?:\.[0-9]+)?) (?:ms|MB)`
// matched; a later field of the same name wins.
func readReport(msg string, ev *Event) {
	for i := 0; i < len(msg); {
		f, num, end := noField, "", 0
		if i == 0 {
			f, num, end = reportFieldAt(msg, 0)
		}
		if f == noField && isRESpace(msg[i]) {
			f, num, end = reportFieldAt(msg, i+1)
		}
		if f == noField {
			i++
			continue
		}
		i = end
		setReportField(ev, f, num)
	}
	ev.TraceID = traceID(msg)
	// The text REPORT line of a timed-out invocation ends with
	// "Status: timeout" in recent runtimes; a failed one with
	// "Status: error" and an "Error Type: Runtime.OutOfMemory" or other.
	switch {
	case strings.Contains(msg, "Status: timeout"):
		ev.TimedOut, ev.Status = true, "timeout"
	case strings.Contains(msg, "Status: error"):
		ev.Status = "error"
		if t := after(msg, "Error Type: "); strings.Contains(t, "OutOfMemory") {
			ev.OOM = true
		}
	}
}

func setReportField(ev *Event, f reportField, num string) {
	v, ok := decimal(num)
	if !ok {
		var err error
		if v, err = strconv.ParseFloat(num, 64); err != nil {
			// Only a number too large for a float64 gets here.
			return
		}
	}
	switch f {
	case fDuration:
		ev.DurationMs, ev.HasDuration = v, true
	case fBilled:
		ev.BilledMs, ev.HasBilled = v, true
	case fMemory:
		ev.MemoryMB, ev.HasMemory = int(v), true
	case fMaxMemory:
		ev.MaxMemoryMB, ev.HasMaxMemory = int(v), true
	case fInit:
		ev.InitMs, ev.HasInit = v, true
	case fRestore:
		ev.RestoreMs, ev.HasRestore = v, true
	case fBilledRestore:
		ev.BilledRestoreMs, ev.HasBilledRestore = v, true
	}
}

// reportFieldAt reads `NAME: NUMBER UNIT` at msg[j:], returning the field,
// the number's text and the end of the unit, or noField.
func reportFieldAt(msg string, j int) (reportField, string, int) {
	if j >= len(msg) {
		return noField, "", 0
	}
	rest := msg[j:]
	switch rest[0] {
	case 'D', 'B', 'M', 'I', 'R': // the first letters of reportNames
	default:
		return noField, "", 0
	}
	f := noField
	for _, n := range reportNames {
		if strings.HasPrefix(rest, n.name) {
			f, rest = n.field, rest[len(n.name):]
			break
		}
	}
	if f == noField || !strings.HasPrefix(rest, ": ") {
		return noField, "", 0
	}
	rest = rest[2:]
	k := digits(rest, 0)
	if k == 0 {
		return noField, "", 0
	}
	if k < len(rest) && rest[k] == '.' {
		frac := digits(rest, k+1)
		if frac == k+1 {
			return noField, "", 0
		}
		k = frac
	}
	num, unit := rest[:k], rest[k:]
	if !strings.HasPrefix(unit, " ms") && !strings.HasPrefix(unit, " MB") {
		return noField, "", 0
	}
	return f, num, len(msg) - len(unit) + 3
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// decimal reads DIGITS[.DIGITS] of at most 15 digits in all. Both the
// digits as an integer and the power of ten are then exact in a float64, so
// one division rounds as strconv.ParseFloat does (its own fast path); ok is
// false for longer numbers, which ParseFloat reads.
func decimal(s string) (float64, bool) {
	var m uint64
	n, scale := 0, -1
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			scale = 0
			continue
		}
		m = m*10 + uint64(s[i]-'0')
		n++
		if scale >= 0 {
			scale++
		}
	}
	if n > 15 {
		return 0, false
	}
	if scale <= 0 {
		return float64(m), true
	}
	return float64(m) / pow10[scale], true
}

// digits returns the end of the run of ASCII digits of s starting at i.
func digits(s string, i int) int {
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return i
}

// traceID reads the first `XRAY TraceId: (\S+)`.
func traceID(msg string) string {
	for rest := msg; ; {
		v, ok := cutAfter(rest, "XRAY TraceId: ")
		if !ok {
			return ""
		}
		n := 0
		for n < len(v) && !isRESpace(v[n]) {
			n++
		}
		if n > 0 {
			return v[:n]
		}
		rest = v
	}
}

// textRequestIDAfterLabel reads the first `RequestId: ([0-9A-Za-z-]+)`.
func textRequestIDAfterLabel(msg string) string {
	for rest := msg; ; {
		v, ok := cutAfter(rest, "RequestId: ")
		if !ok {
			return ""
		}
		n := 0
		for n < len(v) && isIDByte(v[n]) {
			n++
		}
		if n > 0 {
			return v[:n]
		}
		rest = v
	}
}

func isIDByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '-'
}

// taskTimedOut reads the first `Task timed out after ([0-9.]+) seconds`,
// returning the number's text.
func taskTimedOut(msg string) (string, bool) {
	for rest := msg; ; {
		v, ok := cutAfter(rest, "Task timed out after ")
		if !ok {
			return "", false
		}
		n := 0
		for n < len(v) && ('0' <= v[n] && v[n] <= '9' || v[n] == '.') {
			n++
		}
		if n > 0 && strings.HasPrefix(v[n:], " seconds") {
			return v[:n], true
		}
		rest = v
	}
}

// cutAfter returns what follows the first sep in s.
func cutAfter(s, sep string) (string, bool) {
	i := strings.Index(s, sep)
	if i < 0 {
		return "", false
	}
	return s[i+len(sep):], true
}

// after returns what follows the first sep in s, or "".
func after(s, sep string) string {
	v, _ := cutAfter(s, sep)
	return v
}

// textRequestID reads the request ID the runtimes put after the
// timestamp: "2020-06-09T15:02:26.150Z 7c95...db52 Task timed out...".
// It is the second field as strings.Fields splits them.
func textRequestID(msg string) string {
	_, rest := nextField(msg)
	f, _ := nextField(rest)
	if len(f) == 36 && strings.Count(f, "-") == 4 {
		return f
	}
	return ""
}

// nextField returns the first run of non-space runes of s and what follows.
func nextField(s string) (field, rest string) {
	start := -1
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if unicode.IsSpace(r) {
			if start >= 0 {
				return s[start:i], s[i:]
			}
		} else if start < 0 {
			start = i
		}
		i += n
	}
	if start < 0 {
		return "", ""
	}
	return s[start:], ""
}
