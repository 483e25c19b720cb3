package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// The page is one self-contained file: styles, script and charts are inline
// (the charts are drawn on canvases by a few lines of plain JavaScript), so
// that it opens offline, from a CI artifact or an e-mail attachment.
//
//go:embed assets/report.html.tmpl
var htmlAsset string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{"code": codeSpans}).Parse(htmlAsset))

// codeSpans renders a rule's text, whose `backquoted` parts are code (the
// same text feeds the Markdown and SARIF reports), as escaped HTML.
func codeSpans(s string) template.HTML {
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 {
		return template.HTML(template.HTMLEscapeString(s)) // unbalanced: show as written
	}
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 1 {
			b.WriteString("<code>" + template.HTMLEscapeString(p) + "</code>")
			continue
		}
		b.WriteString(template.HTMLEscapeString(p))
	}
	return template.HTML(b.String())
}

// sevColors are the severity colours of the page and its charts.
var sevColors = map[finding.Severity]string{
	finding.Critical: "#7f1d1d",
	finding.High:     "#dc2626",
	finding.Medium:   "#d97706",
	finding.Low:      "#2563eb",
	finding.Info:     "#6b7280",
}

type htmlData struct {
	Root, Version      string
	Apps, Functions    int
	Total, Suppressed  int
	Severities         []htmlCount
	Rules              []htmlRule
	ByFunction         []htmlFunction
	Findings, Silenced []htmlFinding
	Problems           []finding.Problem
	Chart              htmlChart
}

type htmlCount struct {
	Name, Color string
	Count       int
}

type htmlRule struct {
	ID, Title, Severity, Color string
	Count                      int
}

type htmlFunction struct {
	Name, App string
	Counts    []htmlCount
	Total     int
}

type htmlFinding struct {
	Severity, Color, RuleID, Title, Message, Loc string
	Resource, Function, App                      string
	Related                                      []finding.Related
	Rationale, Remediation                       string
	References                                   []string
	Suppressed                                   string
	// Anchor is set on the first finding of each rule, that the table of
	// rules links to.
	Anchor string
}

// htmlChart is the data the page's script draws, JSON-encoded by
// html/template in the script context.
type htmlChart struct {
	Severity htmlSeries `json:"severity"`
	Rule     htmlSeries `json:"rule"`
	Function htmlSeries `json:"function"`
}

type htmlSeries struct {
	Labels []string `json:"labels"`
	Values []int    `json:"values"`
	Colors []string `json:"colors"`
}

// HTML writes a self-contained page: counts by severity, rule and
// function, charts, every finding with its explanation and fix, and
// severity filters. Every value goes through html/template's contextual
// escaping.
func HTML(w io.Writer, in *Input) error {
	if err := htmlTemplate.Execute(w, htmlBuild(in)); err != nil {
		return fmt.Errorf("html: %w", err)
	}
	return nil
}

func htmlBuild(in *Input) *htmlData {
	bySev, suppressed := counts(in.Findings)
	d := &htmlData{Root: in.Root, Version: in.Version, Apps: len(in.Apps), Suppressed: suppressed,
		Total: len(in.Findings) - suppressed, Problems: in.Problems}
	for _, a := range in.Apps {
		d.Functions += len(a.Functions)
	}
	for s := finding.Critical; s >= finding.Info; s-- {
		d.Severities = append(d.Severities, htmlCount{Name: s.String(), Color: sevColors[s], Count: bySev[s]})
		d.Chart.Severity.Labels = append(d.Chart.Severity.Labels, s.String())
		d.Chart.Severity.Values = append(d.Chart.Severity.Values, bySev[s])
		d.Chart.Severity.Colors = append(d.Chart.Severity.Colors, sevColors[s])
	}
	idx := ruleIndex(in.Rules)
	anchored := map[string]bool{}
	for _, f := range bySeverity(in.Findings) {
		hf := htmlFindingOf(f, idx[f.RuleID])
		if f.Suppressed != nil {
			d.Silenced = append(d.Silenced, hf)
			continue
		}
		if !anchored[f.RuleID] {
			anchored[f.RuleID] = true
			hf.Anchor = "rule-" + f.RuleID
		}
		d.Findings = append(d.Findings, hf)
	}
	d.Rules = htmlRules(in, idx)
	for i, r := range d.Rules {
		if i == 30 {
			break // the chart shows the 30 rules with most findings; the table all
		}
		d.Chart.Rule.Labels = append(d.Chart.Rule.Labels, r.ID)
		d.Chart.Rule.Values = append(d.Chart.Rule.Values, r.Count)
		d.Chart.Rule.Colors = append(d.Chart.Rule.Colors, r.Color)
	}
	d.ByFunction = htmlFunctions(in)
	for i, f := range d.ByFunction {
		if i == 20 {
			break // the chart shows the 20 functions with most findings; the table all
		}
		label := f.Name
		if f.Name == otherResources {
			label = appLabel(f.App) + " (other)"
		}
		d.Chart.Function.Labels = append(d.Chart.Function.Labels, label)
		d.Chart.Function.Values = append(d.Chart.Function.Values, f.Total)
		d.Chart.Function.Colors = append(d.Chart.Function.Colors, "#4b5563")
	}
	return d
}

func htmlFindingOf(f finding.Finding, r *rule.Rule) htmlFinding {
	hf := htmlFinding{
		Severity: f.Severity.String(), Color: sevColors[f.Severity], RuleID: f.RuleID, Title: f.Title,
		Message: f.Message, Loc: f.Loc.String(), Resource: f.Resource, Function: f.Function, App: f.App,
		Related: f.Related,
	}
	if r != nil {
		hf.Rationale, hf.Remediation, hf.References = r.Rationale, r.Remediation, r.References
		if hf.Title == "" {
			hf.Title = r.Title
		}
	}
	if s := f.Suppressed; s != nil {
		hf.Suppressed = s.Kind + ": " + orDash(s.Reason)
	}
	return hf
}

// htmlRules counts active findings by rule, most findings first.
func htmlRules(in *Input, idx map[string]*rule.Rule) []htmlRule {
	n := map[string]int{}
	worst := map[string]finding.Severity{}
	var ids []string
	for _, f := range in.Findings {
		if f.Suppressed != nil {
			continue
		}
		if _, ok := n[f.RuleID]; !ok {
			ids = append(ids, f.RuleID)
			worst[f.RuleID] = f.Severity
		}
		n[f.RuleID]++
		if f.Severity > worst[f.RuleID] {
			worst[f.RuleID] = f.Severity
		}
	}
	var out []htmlRule
	for _, id := range ids {
		r := htmlRule{ID: id, Count: n[id], Severity: worst[id].String(), Color: sevColors[worst[id]]}
		if rl, ok := idx[id]; ok {
			r.Title = rl.Title
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// appLabel names an application briefly for a chart: its folder, or its
// file when it is at the root.
func appLabel(file string) string {
	if dir := path.Dir(filepath.ToSlash(file)); dir != "." && dir != "/" {
		return path.Base(dir)
	}
	return file
}

// otherResources names the findings about no function in the table.
const otherResources = "(other resources)"

// htmlFunctions counts active findings by function (or by application for
// findings about no function), most findings first.
func htmlFunctions(in *Input) []htmlFunction {
	type key struct{ app, fn string }
	per := map[key]map[finding.Severity]int{}
	var keys []key
	for _, f := range in.Findings {
		if f.Suppressed != nil {
			continue
		}
		k := key{appFile(f), f.Function}
		if per[k] == nil {
			per[k] = map[finding.Severity]int{}
			keys = append(keys, k)
		}
		per[k][f.Severity]++
	}
	var out []htmlFunction
	for _, k := range keys {
		hf := htmlFunction{Name: k.fn, App: k.app}
		if k.fn == "" {
			hf.Name = otherResources
		}
		for s := finding.Critical; s >= finding.Info; s-- {
			hf.Counts = append(hf.Counts, htmlCount{Name: s.String(), Color: sevColors[s], Count: per[k][s]})
			hf.Total += per[k][s]
		}
		out = append(out, hf)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Total > out[j].Total })
	return out
}
