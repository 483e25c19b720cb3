package logs

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/logs/detect"
	"github.com/slsguard/slsguard/internal/logs/lambdalog"
	"github.com/slsguard/slsguard/internal/secrets"
)

// payloadDetection is LOG107; it is listed in LambdaDetections.
var payloadDetection = &detect.Detection{
	ID: "LOG107", Title: "Attack payload seen in a function's logged input", Severity: finding.Medium,
	Rationale: "Functions often log the event they received, so their logs carry whatever reached them through " +
		"any trigger (API requests, S3 keys, queue bodies). SQL or NoSQL injection, cross-site scripting, " +
		"shell commands, path traversal, cloud metadata addresses, JNDI lookups, template expressions or " +
		"prototype pollution keys in that input mean someone is probing the function; whether it worked " +
		"depends on what the code does with the value.",
	Remediation: "Check how the function uses the field named in the excerpt (queries, shell calls, file paths, " +
		"outbound requests, template rendering, object merges), validate input at the trigger (API schema, " +
		"WAF), and stop logging whole events where they may hold personal data.",
	References: []string{
		"https://owasp.org/www-project-serverless-top-10/",
		"https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html",
	},
}

// payloadWindow groups the hits of one class in one function's logs: a
// scanner run produces thousands of hits within minutes, which make one
// alert with a count.
const payloadWindow = time.Hour

// maxExcerpt bounds the excerpt shown in an alert, in runes.
const maxExcerpt = 80

type payloadKey struct {
	function string
	class    payloadClass
}

type payloadGroup struct {
	count       int
	start       int64 // timestamp of the first hit, ms; 0 when the input has none
	first, last detect.Evidence
	excerpt     string
}

// payloadAlerts scans the messages of Lambda logs for attack payloads and
// groups the hits per function, class and window.
type payloadAlerts struct {
	sc   payloadScanner
	open map[payloadKey]*payloadGroup
	done []detect.Alert
}

// add scans one event; it returns the group the hit joined and whether
// the hit opened it.
func (pa *payloadAlerts) add(ev *lambdalog.Event) (payloadKey, *payloadGroup, bool) {
	if ev.Kind != lambdalog.Other || ev.Message == "" {
		return payloadKey{}, nil, false
	}
	h, ok := pa.sc.scan(ev.Message)
	if !ok {
		return payloadKey{}, nil, false
	}
	fn := ev.Function
	if fn == "" {
		fn = ev.Loc.File
	}
	e := detect.Evidence{
		Event: h.class.String(), Principal: fn, File: ev.Loc.File, Index: ev.Loc.Index, Line: ev.Loc.Line,
		Source: ev.RequestID,
	}
	if ev.Timestamp > 0 {
		e.Time = time.UnixMilli(ev.Timestamp).UTC().Format(time.RFC3339Nano)
	}
	if pa.open == nil {
		pa.open = map[payloadKey]*payloadGroup{}
	}
	k := payloadKey{fn, h.class}
	g := pa.open[k]
	if g != nil && ev.Timestamp > 0 && g.start > 0 && ev.Timestamp-g.start >= payloadWindow.Milliseconds() {
		pa.done = append(pa.done, g.alert(k))
		g = nil
	}
	opened := g == nil
	if opened {
		g = &payloadGroup{start: ev.Timestamp, first: e, excerpt: excerpt(h.value, h.at)}
		pa.open[k] = g
	}
	g.count++
	g.last = e
	return k, g, opened
}

// PayloadWatch raises LOG107 as Lambda log events stream in (slsguard
// watch, Lambda mode): an alert for the first hit of each function and
// payload class in a window; later hits in the window are only counted.
type PayloadWatch struct{ pa payloadAlerts }

// Add scans one event and returns an alert when it opens a new group.
func (w *PayloadWatch) Add(ev *lambdalog.Event) (detect.Alert, bool) {
	k, g, opened := w.pa.add(ev)
	if !opened {
		return detect.Alert{}, false
	}
	return g.alert(k), true
}

func (pa *payloadAlerts) alerts() []detect.Alert {
	out := pa.done
	keys := make([]payloadKey, 0, len(pa.open))
	for k := range pa.open {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].function != keys[j].function {
			return keys[i].function < keys[j].function
		}
		return keys[i].class < keys[j].class
	})
	for _, k := range keys {
		out = append(out, pa.open[k].alert(k))
	}
	return out
}

func (g *payloadGroup) alert(k payloadKey) detect.Alert {
	d := payloadDetection
	ev := []detect.Evidence{g.first}
	if g.count > 1 {
		ev = append(ev, g.last)
	}
	n := "1 line"
	if g.count > 1 {
		n = fmt.Sprintf("%d lines", g.count)
	}
	return detect.Alert{
		ID: d.ID, Title: d.Title, Severity: d.Severity, Evidence: ev,
		Message: fmt.Sprintf("%s: %s in logged input (%s), first: %q", k.function, k.class.title(), n, g.excerpt),
	}
}

// excerpt cuts about maxExcerpt runes of s around byte offset at, makes
// it printable and masks what looks like a credential: alerts end up in
// tickets and chat, and logged events carry tokens and keys.
func excerpt(s string, at int) string {
	const before = 20
	if at < 0 || at > len(s) {
		at = 0
	}
	lo := max(at-before, 0)
	for lo > 0 && !utf8.RuneStart(s[lo]) {
		lo--
	}
	hi := min(lo+maxExcerpt*4, len(s))
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s[lo:hi], "\uFFFD") {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			r = ' '
		}
		b.WriteRune(r)
	}
	out := maskCredentials(b.String())
	if lo > 0 {
		out = "…" + out
	}
	if utf8.RuneCountInString(out) > maxExcerpt {
		r := []rune(out)
		out = string(r[:maxExcerpt-1]) + "…"
	}
	return out
}

// credentialKeys are words after which the next token is a secret
// whatever it looks like.
var credentialKeys = []string{"password", "passwd", "pwd", "secret", "token", "apikey", "api_key", "authorization", "bearer", "cookie"}

// maskCredentials replaces tokens that look like keys, tokens or
// passwords with secrets.Redact labels.
func maskCredentials(s string) string {
	var b strings.Builder
	afterKey := false
	i := 0
	for i < len(s) {
		j := i
		for j < len(s) && isTokenByte(s[j]) {
			j++
		}
		if j == i {
			b.WriteByte(s[i])
			i++
			continue
		}
		tok := s[i:j]
		switch {
		case afterKey && len(tok) >= 4, looksLikeCredential(tok):
			b.WriteString(secrets.Redact(tok))
			afterKey = false
		default:
			b.WriteString(tok)
			afterKey = isCredentialKey(tok)
		}
		i = j
	}
	return b.String()
}

func isTokenByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '+' || c == '/' || c == '_' || c == '-' || c == '.'
}

func isCredentialKey(tok string) bool {
	l := strings.ToLower(strings.Trim(tok, "=_-."))
	for _, k := range credentialKeys {
		if strings.HasSuffix(l, k) {
			return true
		}
	}
	return false
}

// looksLikeCredential says whether tok is shaped like a key or token:
// a known prefix, or long with letters and digits mixed.
func looksLikeCredential(tok string) bool {
	for _, p := range []string{"AKIA", "ASIA", "eyJ", "ghp_", "gho_", "xox", "sk_live_", "glpat-"} {
		if strings.HasPrefix(tok, p) && len(tok) >= 16 {
			return true
		}
	}
	if len(tok) < 20 {
		return false
	}
	var lower, upper, digit bool
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		lower = lower || c >= 'a' && c <= 'z'
		upper = upper || c >= 'A' && c <= 'Z'
		digit = digit || c >= '0' && c <= '9'
	}
	return digit && lower && upper
}
