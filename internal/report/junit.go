package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
)

// The JUnit XML subset that Jenkins, GitLab and Azure DevOps all read:
// testsuites > testsuite > testcase with failure, skipped or error.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// JUnit writes a JUnit XML report: one test suite per application file,
// one test case per (rule, resource) pair. A pair with active findings
// fails, one whose findings are all suppressed is skipped with the reason,
// and every selected rule that found nothing in the application passes, so
// that CI dashboards count the checks that ran. Inputs that could not be
// read are test cases in error. Nothing depends on the clock.
func JUnit(w io.Writer, in *Input) error {
	doc := junitSuites{Name: "slsguard", Time: "0"}
	for _, s := range junitBuild(in) {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
		doc.Suites = append(doc.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitKey identifies a test case within a suite.
type junitKey struct{ rule, resource string }

// junitBuild groups findings into suites, in the order of the apps, then of
// files that only findings or problems name.
func junitBuild(in *Input) []junitSuite {
	var order []string
	isApp := map[string]bool{}
	byFile := map[string][]finding.Finding{}
	add := func(file string) {
		if _, ok := byFile[file]; !ok {
			byFile[file] = nil
			order = append(order, file)
		}
	}
	for _, a := range in.Apps {
		add(a.File)
		isApp[a.File] = true
	}
	for _, f := range in.Findings {
		file := appFile(f)
		add(file)
		byFile[file] = append(byFile[file], f)
	}
	problems := map[string][]finding.Problem{}
	for _, p := range in.Problems {
		add(p.Loc.File)
		problems[p.Loc.File] = append(problems[p.Loc.File], p)
	}
	suites := make([]junitSuite, 0, len(order))
	for _, file := range order {
		s := junitSuite{Name: file, Time: "0", Properties: []junitProperty{{Name: "root", Value: in.Root}}}
		s.Cases = append(s.Cases, junitProblemCases(file, problems[file])...)
		s.Cases = append(s.Cases, junitFindingCases(in, byFile[file], isApp[file])...)
		for _, c := range s.Cases {
			switch {
			case c.Failure != nil:
				s.Failures++
			case c.Error != nil:
				s.Errors++
			case c.Skipped != nil:
				s.Skipped++
			}
		}
		s.Tests = len(s.Cases)
		suites = append(suites, s)
	}
	return suites
}

// appFile is the application a finding belongs to.
func appFile(f finding.Finding) string {
	if f.App != "" {
		return f.App
	}
	return f.Loc.File
}

func junitProblemCases(file string, ps []finding.Problem) []junitCase {
	var out []junitCase
	for _, p := range ps {
		out = append(out, junitCase{
			Name: "load " + p.Loc.String(), Classname: "slsguard.load", File: p.Loc.File, Line: p.Loc.Line, Time: "0",
			Error: &junitMessage{Message: p.Message, Type: "input", Text: p.Loc.String() + ": " + p.Message},
		})
	}
	return out
}

// junitFindingCases returns the failing and skipped cases of one file, in
// the order of their first finding, then, for an application, a passing
// case for every rule without findings in it.
func junitFindingCases(in *Input, fs []finding.Finding, isApp bool) []junitCase {
	var keys []junitKey
	groups := map[junitKey][]finding.Finding{}
	hit := map[string]bool{}
	for _, f := range fs {
		k := junitKey{f.RuleID, f.Resource}
		if k.resource == "" {
			k.resource = f.Loc.String()
		}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], f)
		hit[f.RuleID] = true
	}
	idx := ruleIndex(in.Rules)
	var out []junitCase
	for _, k := range keys {
		fix := ""
		if r, ok := idx[k.rule]; ok {
			fix = r.Remediation
		}
		out = append(out, junitCaseOf(k, groups[k], fix))
	}
	if !isApp {
		return out
	}
	rules := append(in.Rules[:0:0], in.Rules...)
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	for _, r := range rules {
		if !hit[r.ID] {
			out = append(out, junitCase{Name: r.ID + " " + r.Title, Classname: "slsguard." + r.ID, Time: "0"})
		}
	}
	return out
}

// junitCaseOf builds the case of one (rule, resource) pair.
func junitCaseOf(k junitKey, fs []finding.Finding, fix string) junitCase {
	first := fs[0]
	c := junitCase{
		Name:      k.rule + " " + k.resource,
		Classname: "slsguard." + k.rule,
		File:      first.Loc.File,
		Line:      first.Loc.Line,
		Time:      "0",
	}
	var active, suppressed []finding.Finding
	for _, f := range fs {
		if f.Suppressed != nil {
			suppressed = append(suppressed, f)
		} else {
			active = append(active, f)
		}
	}
	if len(active) == 0 {
		var reasons []string
		for _, f := range suppressed {
			reasons = append(reasons, fmt.Sprintf("%s: suppressed (%s): %s", f.Loc, f.Suppressed.Kind, orDash(f.Suppressed.Reason)))
		}
		c.Skipped = &junitMessage{Message: "suppressed: " + orDash(suppressed[0].Suppressed.Reason), Text: strings.Join(reasons, "\n")}
		return c
	}
	sev := active[0].Severity
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", k.rule, first.Title)
	for _, f := range active {
		if f.Severity > sev {
			sev = f.Severity
		}
		fmt.Fprintf(&b, "\n%s [%s] %s", f.Loc, f.Severity, f.Message)
	}
	if len(suppressed) > 0 {
		fmt.Fprintf(&b, "\n\n%d more suppressed", len(suppressed))
	}
	if fix != "" {
		fmt.Fprintf(&b, "\n\nFix: %s", fix)
	}
	msg := fmt.Sprintf("[%s] %s: %s", sev, active[0].Loc, active[0].Message)
	if len(active) > 1 {
		msg += fmt.Sprintf(" (and %d more)", len(active)-1)
	}
	c.Failure = &junitMessage{Message: msg, Type: sev.String(), Text: b.String() + "\n"}
	return c
}
