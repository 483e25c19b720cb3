package report

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"net/url"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
)

// MarkdownLimit is the default size bound of the Markdown report, under
// GitHub's 65,536-character limit for a pull-request comment with room for
// whatever a workflow adds around it.
const MarkdownLimit = 60000

// MarkdownOptions tune the Markdown report.
type MarkdownOptions struct {
	// LinkBase is prepended to file links, for example
	// "https://github.com/OWNER/REPO/blob/SHA/". Empty leaves links relative
	// to the repository root, which is where CI runs the scan.
	LinkBase string
	// MaxBytes bounds the output; 0 means MarkdownLimit.
	MaxBytes int
	// Top is how many findings are shown in full first; 0 means 10.
	Top int
}

// markdownFooter is reserved at the end for the note on left-out findings.
const markdownFooter = 400

// maxCell bounds one message so that a single finding cannot use up the
// budget.
const maxCell = 600

var sevBadge = map[finding.Severity]string{
	finding.Critical: "🟥 critical",
	finding.High:     "🟧 high",
	finding.Medium:   "🟨 medium",
	finding.Low:      "🟦 low",
	finding.Info:     "⬜ info",
}

// Markdown writes a report sized for a pull-request comment.
func Markdown(w io.Writer, in *Input) error {
	return MarkdownWith(w, in, MarkdownOptions{})
}

// MarkdownWith writes a Markdown report: counts by severity, the top
// findings (highest severity first) with their location, rule and fix, then
// the other findings in a collapsed block per function. It stays under
// opts.MaxBytes whatever the number of findings and says how many it left
// out. Suppressed findings are counted, not listed.
func MarkdownWith(w io.Writer, in *Input, opts MarkdownOptions) error {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = MarkdownLimit
	}
	if opts.Top <= 0 {
		opts.Top = 10
	}
	var b bytes.Buffer
	mdSummary(&b, in)
	var active []finding.Finding
	for _, f := range bySeverity(in.Findings) {
		if f.Suppressed == nil {
			active = append(active, f)
		}
	}
	top := active
	if len(top) > opts.Top {
		top = top[:opts.Top]
	}
	budget := opts.MaxBytes - markdownFooter
	shown := mdTop(&b, in, top, opts, budget)
	shown += mdRest(&b, in, top, len(active)-len(top), opts, budget)
	if left := len(active) - shown; left > 0 {
		fmt.Fprintf(&b, "\n_%s not shown here to keep this comment under GitHub's size limit; "+
			"`slsguard scan --format html` writes the full report._\n", plural(left, "finding"))
	}
	_, err := w.Write(b.Bytes())
	return err
}

func mdSummary(b *bytes.Buffer, in *Input) {
	bySev, suppressed := counts(in.Findings)
	total := len(in.Findings) - suppressed
	functions := 0
	for _, a := range in.Apps {
		functions += len(a.Functions)
	}
	fmt.Fprintf(b, "## slsguard: %s in %s (%s)\n\n", plural(total, "finding"), plural(len(in.Apps), "application"), plural(functions, "function"))
	b.WriteString("| Severity | Findings |\n| --- | ---: |\n")
	for s := finding.Critical; s >= finding.Info; s-- {
		fmt.Fprintf(b, "| %s | %d |\n", sevBadge[s], bySev[s])
	}
	fmt.Fprintf(b, "| **total** | **%d** |\n\n", total)
	if suppressed > 0 {
		fmt.Fprintf(b, "%s suppressed (not counted above).\n\n", plural(suppressed, "finding"))
	}
	if len(in.Problems) > 0 {
		fmt.Fprintf(b, "**%s with inputs** (these files were not fully scanned):\n\n", plural(len(in.Problems), "problem"))
		for i, p := range in.Problems {
			if i == 10 {
				fmt.Fprintf(b, "- and %d more\n", len(in.Problems)-i)
				break
			}
			fmt.Fprintf(b, "- %s: %s\n", mdLink(in.Root, p.Loc, "", false), mdText(p.Message))
		}
		b.WriteString("\n")
	}
}

// mdTop writes the top findings in full, as many as the budget allows, and
// returns how many it wrote.
func mdTop(b *bytes.Buffer, in *Input, top []finding.Finding, opts MarkdownOptions, budget int) int {
	if len(top) == 0 {
		return 0
	}
	idx := ruleIndex(in.Rules)
	b.WriteString("### Top findings\n\n")
	for i, f := range top {
		var e bytes.Buffer
		fmt.Fprintf(&e, "%d. **%s** `%s` %s: %s  \n   %s\n", i+1, strings.ToUpper(f.Severity.String()), f.RuleID,
			mdText(f.Title), mdLink(in.Root, f.Loc, opts.LinkBase, true), mdText(f.Message))
		if r, ok := idx[f.RuleID]; ok && r.Remediation != "" {
			fmt.Fprintf(&e, "   **Fix:** %s\n", oneLine(r.Remediation))
		}
		if b.Len()+e.Len() > budget {
			return i
		}
		b.Write(e.Bytes())
	}
	b.WriteString("\n")
	return len(top)
}

// mdGroup is the findings of one function, or of an application's other
// resources.
type mdGroup struct {
	app, function string
	fs            []finding.Finding
}

// mdKey identifies one finding among the scan's.
type mdKey struct {
	rule, fingerprint string
	loc               model.Location
}

// mdRest writes the active findings not in top, in a <details> block per
// function, in file order, and returns how many it wrote.
func mdRest(b *bytes.Buffer, in *Input, top []finding.Finding, rest int, opts MarkdownOptions, budget int) int {
	if rest == 0 {
		return 0
	}
	inTop := map[mdKey]bool{}
	for _, f := range top {
		inTop[mdKey{f.RuleID, f.Fingerprint, f.Loc}] = true
	}
	var groups []*mdGroup
	byKey := map[[2]string]*mdGroup{}
	for _, f := range in.Findings {
		if f.Suppressed != nil || inTop[mdKey{f.RuleID, f.Fingerprint, f.Loc}] {
			continue
		}
		k := [2]string{appFile(f), f.Function}
		g, ok := byKey[k]
		if !ok {
			g = &mdGroup{app: k[0], function: k[1]}
			byKey[k] = g
			groups = append(groups, g)
		}
		g.fs = append(g.fs, f)
	}
	const head = "### Other findings by function\n\n"
	if b.Len()+len(head) > budget {
		return 0
	}
	b.WriteString(head)
	shown := 0
	for _, g := range groups {
		n, full := mdDetails(b, in, g, opts, budget)
		shown += n
		if !full {
			break
		}
	}
	return shown
}

// mdDetails writes one group's block, as many rows as fit, and reports how
// many rows it wrote and whether all did.
func mdDetails(b *bytes.Buffer, in *Input, g *mdGroup, opts MarkdownOptions, budget int) (int, bool) {
	name := "other resources"
	if g.function != "" {
		name = "function " + g.function
	}
	var parts []string
	bySev, _ := counts(g.fs)
	for s := finding.Critical; s >= finding.Info; s-- {
		if bySev[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", bySev[s], s))
		}
	}
	open := fmt.Sprintf("<details>\n<summary><b>%s</b> (%s): %s</summary>\n\n| Severity | Rule | Location | Finding |\n| --- | --- | --- | --- |\n",
		html.EscapeString(name), html.EscapeString(g.app), strings.Join(parts, ", "))
	const closing = "\n</details>\n\n"
	row := func(f finding.Finding) string {
		return fmt.Sprintf("| %s | `%s` %s | %s | %s |\n", f.Severity, f.RuleID, mdText(f.Title),
			mdLink(in.Root, f.Loc, opts.LinkBase, true), mdText(f.Message))
	}
	// Open a block only if at least its first row fits.
	if b.Len()+len(open)+len(row(g.fs[0]))+len(closing) > budget {
		return 0, false
	}
	b.WriteString(open)
	for i, f := range g.fs {
		r := row(f)
		if b.Len()+len(r)+len(closing) > budget {
			b.WriteString(closing)
			return i, false
		}
		b.WriteString(r)
	}
	b.WriteString(closing)
	return len(g.fs), true
}

// mdLink writes "[file:line](target)", or the location alone when link is
// false or it names no file.
func mdLink(root string, l model.Location, base string, link bool) string {
	text := mdText(l.String())
	if !link || l.File == "" {
		return text
	}
	return "[" + text + "](" + mdURL(base, root, l.File, l.Line) + ")"
}

// mdText escapes text for a Markdown table cell or list item: no line
// breaks, no pipe, and no character that would start emphasis, a link (with
// [ and ] escaped, parentheses are inert), code, a heading, an entity or
// HTML. It bounds the length.
func mdText(s string) string {
	s = oneLine(s)
	if r := []rune(s); len(r) > maxCell {
		s = string(r[:maxCell]) + "…"
	}
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|~&#", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// oneLine joins lines with spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// mdURL is the link target of a location: the file's path from the
// repository root, escaped, with a GitHub line anchor.
func mdURL(base, root, file string, line int) string {
	u := (&url.URL{Path: repoPath(root, file)}).EscapedPath()
	if line > 0 {
		u += fmt.Sprintf("#L%d", line)
	}
	return base + u
}
