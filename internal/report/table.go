package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
)

var sevColor = map[finding.Severity]string{
	finding.Critical: "\x1b[1;31m",
	finding.High:     "\x1b[31m",
	finding.Medium:   "\x1b[33m",
	finding.Low:      "\x1b[36m",
	finding.Info:     "\x1b[2m",
}

const reset = "\x1b[0m"

// Table writes findings for a person at a terminal, grouped by application
// and function.
func Table(w io.Writer, in *Input) error {
	ew := &errWriter{w: w}
	groups, order := group(in.Findings)
	for _, key := range order {
		fs := groups[key]
		ew.printf("\n%s\n", key)
		for _, f := range fs {
			sev := strings.ToUpper(f.Severity.String())
			if in.Color {
				sev = sevColor[f.Severity] + sev + reset
			}
			pad := strings.Repeat(" ", 8-len(f.Severity.String()))
			sup := ""
			if f.Suppressed != nil {
				sup = " [suppressed: " + orDash(f.Suppressed.Reason) + "]"
			}
			ew.printf("  %s%s %-7s %s%s\n", sev, pad, f.RuleID, f.Message, sup)
			ew.printf("  %s %s\n", strings.Repeat(" ", 16), f.Loc)
		}
	}
	if len(in.Problems) > 0 {
		ew.printf("\nNotes and problems with inputs (%d):\n", len(in.Problems))
		for _, p := range in.Problems {
			if p.Loc.File == "" {
				ew.printf("  %s\n", p.Message)
				continue
			}
			ew.printf("  %s: %s\n", p.Loc, p.Message)
		}
	}
	bySev, suppressed := counts(in.Findings)
	functions := 0
	for _, a := range in.Apps {
		functions += len(a.Functions)
	}
	var parts []string
	for s := finding.Critical; s >= finding.Info; s-- {
		if n := bySev[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	total := len(in.Findings) - suppressed
	summary := fmt.Sprintf("\n%d findings", total)
	if len(parts) > 0 {
		summary += " (" + strings.Join(parts, ", ") + ")"
	}
	summary += fmt.Sprintf(" in %d applications, %d functions", len(in.Apps), functions)
	if suppressed > 0 {
		summary += fmt.Sprintf("; %d suppressed", suppressed)
	}
	ew.printf("%s\n", summary)
	return ew.err
}

// group orders findings under "file › function" headings, keeping the
// findings' own order within each group.
func group(fs []finding.Finding) (map[string][]finding.Finding, []string) {
	groups := map[string][]finding.Finding{}
	var order []string
	for _, f := range fs {
		key := f.App
		if key == "" {
			key = f.Loc.File
		}
		if f.Function != "" {
			key += " › function " + f.Function
		} else {
			key += " › resources"
		}
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], f)
	}
	return groups, order
}

func orDash(s string) string {
	if s == "" {
		return "no reason given"
	}
	return s
}

// errWriter keeps the first write error so that callers check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
