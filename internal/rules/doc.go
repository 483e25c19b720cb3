package rules

import (
	"fmt"
	"strings"

	"github.com/slsguard/slsguard/internal/rule"
)

// Markdown renders a rule's documentation page; docs/rules/<ID>.md is
// generated from it (go test ./internal/rules -run TestDocs -update).
func Markdown(r *rule.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s\n\n", r.ID, r.Title)
	fmt.Fprintf(&b, "Severity: **%s** · Category: %s · Formats: %s\n\n", r.Severity, r.Category, strings.Join(r.Formats, ", "))
	fmt.Fprintf(&b, "## Why it matters\n\n%s\n\n", r.Rationale)
	fmt.Fprintf(&b, "## How to fix it\n\n%s\n\n", r.Remediation)
	b.WriteString("## References\n\n")
	for _, ref := range r.References {
		fmt.Fprintf(&b, "- %s\n", ref)
	}
	fmt.Fprintf(&b, "\n## Suppressing it\n\nOn the offending line or the resource's first line: `# slsguard:ignore %s reason`.\n", r.ID)
	return b.String()
}

// Index renders the catalog's table of contents.
func Index(rs []*rule.Rule) string {
	var b strings.Builder
	b.WriteString("# Rules\n\nGenerated from the rule catalog (`internal/rules`); do not edit by hand.\n\n")
	b.WriteString("| ID | Severity | Title |\n|---|---|---|\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "| [%s](%s.md) | %s | %s |\n", r.ID, r.ID, r.Severity, r.Title)
	}
	return b.String()
}
