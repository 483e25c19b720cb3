// Package report writes scan results in the formats users and their tools
// read: a terminal table, JSON, SARIF, JUnit XML, Markdown for pull-request
// comments, a self-contained HTML report and GitHub Actions annotations.
// One file per format.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// Input is what every format renders.
type Input struct {
	// Root is the scanned directory, that locations are relative to.
	Root     string
	Version  string
	Apps     []*model.App
	Findings []finding.Finding
	Problems []finding.Problem
	Rules    []*rule.Rule
	// Color enables ANSI colours in the table.
	Color bool
}

// Formats lists the formats Write knows.
var Formats = []string{"table", "json", "sarif", "junit", "markdown", "html", "github"}

// Write renders in to w in format.
func Write(w io.Writer, format string, in *Input) error {
	switch strings.ToLower(format) {
	case "table", "text":
		return Table(w, in)
	case "json":
		return JSON(w, in)
	case "sarif":
		return SARIF(w, in)
	case "junit":
		return JUnit(w, in)
	case "markdown", "md":
		return Markdown(w, in)
	case "html":
		return HTML(w, in)
	case "github":
		return GitHub(w, in)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// counts summarises active (unsuppressed) findings by severity.
func counts(fs []finding.Finding) (bySev map[finding.Severity]int, suppressed int) {
	bySev = map[finding.Severity]int{}
	for _, f := range fs {
		if f.Suppressed != nil {
			suppressed++
			continue
		}
		bySev[f.Severity]++
	}
	return bySev, suppressed
}

// ruleIndex maps rule IDs to rules.
func ruleIndex(rs []*rule.Rule) map[string]*rule.Rule {
	m := make(map[string]*rule.Rule, len(rs))
	for _, r := range rs {
		m[r.ID] = r
	}
	return m
}

// usedRules returns the rules that produced findings, sorted by ID.
func usedRules(in *Input) []*rule.Rule {
	idx := ruleIndex(in.Rules)
	seen := map[string]bool{}
	var out []*rule.Rule
	for _, f := range in.Findings {
		if r, ok := idx[f.RuleID]; ok && !seen[f.RuleID] {
			seen[f.RuleID] = true
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
