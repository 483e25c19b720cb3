package report

import (
	"fmt"
	"io"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
)

// GitHub writes workflow commands that GitHub Actions turns into
// annotations on the changed files: ::error for high and critical findings,
// ::warning for medium, ::notice for low and info. Suppressed findings are
// left out. Findings come highest severity first, because GitHub shows only
// the first few annotations of each kind per step. A last plain line
// summarises the counts.
func GitHub(w io.Writer, in *Input) error {
	ew := &errWriter{w: w}
	for _, f := range bySeverity(in.Findings) {
		if f.Suppressed != nil {
			continue
		}
		props := ghLocation(in.Root, f.Loc)
		props = append(props, "title="+ghProperty(f.RuleID+" "+f.Title))
		ew.printf("::%s %s::%s\n", ghLevel(f.Severity), strings.Join(props, ","), ghData(f.Message))
	}
	for _, p := range in.Problems {
		props := ghLocation(in.Root, p.Loc)
		props = append(props, "title="+ghProperty("slsguard could not read an input"))
		ew.printf("::warning %s::%s\n", strings.Join(props, ","), ghData(p.Message))
	}
	ew.printf("%s\n", summaryLine(in))
	return ew.err
}

// ghLevel maps a severity to the workflow command GitHub knows.
func ghLevel(s finding.Severity) string {
	switch {
	case s >= finding.High:
		return "error"
	case s == finding.Medium:
		return "warning"
	}
	return "notice"
}

// ghLocation returns the file, line and col properties. GitHub matches
// annotations to files by their path from the repository root, which is
// where a workflow runs, so the path includes the scanned root.
func ghLocation(root string, l model.Location) []string {
	if l.File == "" {
		return nil
	}
	props := []string{"file=" + ghProperty(repoPath(root, l.File))}
	if l.Line > 0 {
		props = append(props, fmt.Sprintf("line=%d", l.Line))
		if l.Column > 0 {
			props = append(props, fmt.Sprintf("col=%d", l.Column))
		}
	}
	return props
}

// repoPath joins a location's file to the scanned root, with forward
// slashes, as links and annotations expect.
func repoPath(root, file string) string {
	file = filepath.ToSlash(file)
	if root == "" || root == "." || path.IsAbs(file) {
		return file
	}
	return path.Join(filepath.ToSlash(root), file)
}

var (
	ghDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// ghData escapes a command's message as the Actions runner expects
// (toolkit's escapeData).
func ghData(s string) string { return ghDataEscaper.Replace(s) }

// ghProperty escapes a command property value (toolkit's escapeProperty).
func ghProperty(s string) string { return ghPropertyEscaper.Replace(s) }

// bySeverity returns a copy of fs ordered highest severity first, keeping
// the findings' own (file, line, rule) order within a severity.
func bySeverity(fs []finding.Finding) []finding.Finding {
	out := append([]finding.Finding(nil), fs...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Severity > out[j].Severity })
	return out
}

// summaryLine says in one sentence what the scan found.
func summaryLine(in *Input) string {
	bySev, suppressed := counts(in.Findings)
	var parts []string
	for s := finding.Critical; s >= finding.Info; s-- {
		if n := bySev[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	functions := 0
	for _, a := range in.Apps {
		functions += len(a.Functions)
	}
	line := fmt.Sprintf("slsguard: %s", plural(len(in.Findings)-suppressed, "finding"))
	if len(parts) > 0 {
		line += " (" + strings.Join(parts, ", ") + ")"
	}
	line += fmt.Sprintf(" in %s, %s", plural(len(in.Apps), "application"), plural(functions, "function"))
	if suppressed > 0 {
		line += fmt.Sprintf("; %d suppressed", suppressed)
	}
	if len(in.Problems) > 0 {
		line += fmt.Sprintf("; %s with inputs", plural(len(in.Problems), "problem"))
	}
	return line
}

// plural writes "1 finding", "2 findings".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
