package ops

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/logs/detect"
	"github.com/slsguard/slsguard/internal/model"
)

// Checks describe the operational findings; Findings reports them with
// these IDs, titles and severities.
var Checks = []*detect.Detection{
	{
		ID: "LOG201", Title: "Function timeout far above its observed duration", Severity: finding.Low,
		Rationale: "A timeout far above what the function needs lets a stuck or abused invocation run, and be " +
			"billed, for the whole limit, and hides slow dependencies until they pile up.",
		Remediation: "Set the timeout slsguard recommends (observed maximum with a margin) and make downstream " +
			"calls time out before the function does.",
		References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html"},
	},
	{
		ID: "LOG202", Title: "Function memory far above its observed use", Severity: finding.Low,
		Rationale: "Memory is billed per millisecond whether it is used or not; a function that uses a small " +
			"part of its memory costs more than it needs to.",
		Remediation: "Lower the memory size to the recommendation, then compare durations: Lambda allocates CPU " +
			"in proportion to memory, so a CPU-bound function may get slower.",
		References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html"},
	},
	{
		ID: "LOG203", Title: "Function not invoked for a long time", Severity: finding.Medium,
		Rationale: "A function nobody calls still holds its permissions, its triggers and its dependencies: it " +
			"is attack surface without a purpose, and nobody watches it.",
		Remediation: "Remove the function and its role if it is no longer needed; otherwise note why it stays.",
		References:  []string{"https://docs.aws.amazon.com/lambda/latest/operatorguide/least-privilege.html"},
	},
	{
		ID: "LOG204", Title: "Function in the logs but not in the code", Severity: finding.Medium,
		Rationale: "A function that runs in the account but is defined in none of the application's templates " +
			"was deployed outside the pipeline: by hand, by another repository, or by an intruder.",
		Remediation: "Find out who deployed it (CloudTrail CreateFunction events), then bring it under the " +
			"pipeline or remove it.",
		References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html"},
	},
}

// Options tune Findings.
type Options struct {
	// DeadAfter is how long without an invocation makes a function dead;
	// 0 means 30 days. The logs must cover at least that long.
	DeadAfter time.Duration
	// MinInvocations is how many invocations a recommendation needs; 0
	// means 100.
	MinInvocations int
}

// Findings compares the functions of apps with what the logs observed.
func Findings(apps []*model.App, s *Stats, opt Options) []finding.Finding {
	if opt.DeadAfter <= 0 {
		opt.DeadAfter = 30 * 24 * time.Hour
	}
	if opt.MinInvocations <= 0 {
		opt.MinInvocations = 100
	}
	m := newMatcher(apps)
	var out []finding.Finding
	for _, ref := range m.all {
		st := s.Functions[m.deployedName(ref, s)]
		// A dead function needs removing, not resizing.
		if f, ok := dead(ref, st, s, m, opt); ok {
			out = append(out, f)
		} else if st != nil {
			out = append(out, sizing(ref, st, opt)...)
		}
	}
	out = append(out, outsideCode(apps, s, m)...)
	for i := range out {
		out[i].SetFingerprint()
	}
	finding.Sort(out)
	return out
}

// fnRef is one function of one app.
type fnRef struct {
	app *model.App
	fn  *model.Function
}

// matcher finds the template function behind a deployed name: the
// explicit FunctionName, or the logical ID inside the name CloudFormation
// generates (STACK-LogicalId-RANDOM).
type matcher struct {
	all      []fnRef
	explicit map[string]fnRef
}

func newMatcher(apps []*model.App) *matcher {
	m := &matcher{explicit: map[string]fnRef{}}
	for _, a := range apps {
		for _, f := range a.Functions {
			r := fnRef{a, f}
			m.all = append(m.all, r)
			if f.Name.Set() && f.Name.V != "" {
				m.explicit[f.Name.V] = r
			}
		}
	}
	return m
}

func (m *matcher) match(name string) *fnRef {
	if r, ok := m.explicit[name]; ok {
		return &r
	}
	for i, r := range m.all {
		if r.fn.Name.Set() || r.fn.ID == "" {
			continue
		}
		if strings.Contains(name, "-"+r.fn.ID+"-") || strings.HasPrefix(name, r.fn.ID+"-") || name == r.fn.ID {
			return &m.all[i]
		}
	}
	return nil
}

// deployedName is the name in s that belongs to ref, or "".
func (m *matcher) deployedName(ref fnRef, s *Stats) string {
	for _, name := range s.Names() {
		if r := m.match(name); r != nil && r.fn == ref.fn {
			return name
		}
	}
	return ""
}

func sizing(ref fnRef, st *Function, opt Options) []finding.Finding {
	if st.Invocations < opt.MinInvocations || st.Durations.IsEmpty() {
		return nil
	}
	var out []finding.Finding
	f := ref.fn
	p99 := min(st.Quantile(0.99), st.MaxDurationMs) // the sketch is within 1%
	// Margin: half again the slowest call seen, or three times the p99.
	rec := int(math.Ceil(max(st.MaxDurationMs*1.5, p99*3) / 1000))
	rec = max(rec, 1)
	if st.Timeouts == 0 && f.Timeout.V >= 2*rec {
		out = append(out, newFinding(ref, Checks[0], locOr(f.Timeout.Loc, f.Loc), fmt.Sprintf(
			"%s: timeout %d s; p99 %s, max %s over %s invocations: set %d s",
			f.ID, f.Timeout.V, seconds(p99), seconds(st.MaxDurationMs), thousands(st.Invocations), rec)))
	}
	if st.MaxMemoryMB > 0 {
		// Half again the peak, rounded up to 64 MB, at least Lambda's 128.
		recMB := max(128, int(math.Ceil(float64(st.MaxMemoryMB)*1.5/64))*64)
		if f.Memory.V >= 2*recMB {
			out = append(out, newFinding(ref, Checks[1], locOr(f.Memory.Loc, f.Loc), fmt.Sprintf(
				"%s: memory %d MB; at most %d MB used over %s invocations: set %d MB",
				f.ID, f.Memory.V, st.MaxMemoryMB, thousands(st.Invocations), recMB)))
		}
	}
	return out
}

// dead reports a function without calls for DeadAfter before the end of
// the logs. A function the logs never mention is only dead when the logs
// would have shown its calls: CloudTrail Invoke data events cover every
// function, and Lambda logs of its sibling functions suggest the app's log
// groups were exported together.
func dead(ref fnRef, st *Function, s *Stats, m *matcher, opt Options) (finding.Finding, bool) {
	span := time.Duration(s.Last-s.First) * time.Millisecond
	if s.Last <= s.First || span < opt.DeadAfter {
		return finding.Finding{}, false
	}
	end := time.UnixMilli(s.Last).UTC()
	days := int(opt.DeadAfter / (24 * time.Hour))
	var msg string
	switch {
	case st != nil && st.LastCall > 0:
		idle := time.Duration(s.Last-st.LastCall) * time.Millisecond
		if idle < opt.DeadAfter {
			return finding.Finding{}, false
		}
		msg = fmt.Sprintf("%s: last invocation %s, %d days before the end of the logs (%s)",
			ref.fn.ID, time.UnixMilli(st.LastCall).UTC().Format(time.RFC3339), int(idle.Hours()/24), end.Format(time.RFC3339))
	case s.InvokeEvents > 0 || siblingsLogged(ref, s, m):
		msg = fmt.Sprintf("%s: no invocation in the %d days the logs cover (to %s)",
			ref.fn.ID, int(span.Hours()/24), end.Format(time.RFC3339))
	default:
		return finding.Finding{}, false
	}
	if days > 0 {
		msg += fmt.Sprintf("; threshold %d days", days)
	}
	if r := ref.fn.RoleRef; r.V != "" {
		msg += "; it still holds the permissions of role " + r.V
	}
	return newFinding(ref, Checks[2], ref.fn.Loc, msg), true
}

func siblingsLogged(ref fnRef, s *Stats, m *matcher) bool {
	for _, name := range s.Names() {
		r := m.match(name)
		if r != nil && r.app == ref.app && r.fn != ref.fn && s.Functions[name].InLambdaLogs {
			return true
		}
	}
	return false
}

func outsideCode(apps []*model.App, s *Stats, m *matcher) []finding.Finding {
	if len(apps) == 0 {
		return nil
	}
	var out []finding.Finding
	for _, name := range s.Names() {
		if m.match(name) != nil {
			continue
		}
		st := s.Functions[name]
		where := "its log group /aws/lambda/" + name
		if !st.InLambdaLogs {
			where = "CloudTrail"
		}
		f := finding.Finding{
			RuleID: Checks[3].ID, Title: Checks[3].Title, Severity: Checks[3].Severity,
			Message:  fmt.Sprintf("%s: seen in %s but defined in none of the %d loaded applications", name, where, len(apps)),
			Function: name, Key: name,
		}
		// No template line caused it; with a single application, the
		// finding belongs to that application's file.
		if len(apps) == 1 {
			f.Loc, f.App = model.Location{File: apps[0].File}, apps[0].File
		}
		out = append(out, f)
	}
	return out
}

func newFinding(ref fnRef, d *detect.Detection, loc model.Location, msg string) finding.Finding {
	return finding.Finding{
		RuleID: d.ID, Title: d.Title, Severity: d.Severity, Message: msg, Loc: loc,
		App: ref.app.File, Resource: ref.fn.ID, Function: ref.fn.ID,
	}
}

func locOr(l, fallback model.Location) model.Location {
	if l.IsZero() {
		return fallback
	}
	return l
}

// seconds prints a duration in ms as "850 ms" or "1.2 s".
func seconds(ms float64) string {
	if ms < 1000 {
		return fmt.Sprintf("%.0f ms", ms)
	}
	return fmt.Sprintf("%.1f s", ms/1000)
}

// thousands prints n with comma separators: 4210 -> "4,210".
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
