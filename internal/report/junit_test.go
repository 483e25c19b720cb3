package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestJUnitGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   *Input
	}{
		{"sample", sampleInput()},
		{"empty", emptyInput()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := render(t, func(b *bytes.Buffer) error { return Write(b, "junit", tc.in) })
			golden(t, "junit/"+tc.name+".xml", []byte(got))
		})
	}
}

// parsed is what a CI server reads back from the report.
type parsed struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Skipped  int `xml:"skipped,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Errors   int    `xml:"errors,attr"`
		Cases    []struct {
			Name    string `xml:"name,attr"`
			File    string `xml:"file,attr"`
			Line    int    `xml:"line,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			Error *struct {
				Message string `xml:"message,attr"`
			} `xml:"error"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parseJUnit(t *testing.T, in *Input) parsed {
	t.Helper()
	out := render(t, func(b *bytes.Buffer) error { return JUnit(b, in) })
	var p parsed
	if err := xml.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("report is not valid XML: %v\n%s", err, out)
	}
	return p
}

func TestJUnitStructure(t *testing.T) {
	p := parseJUnit(t, sampleInput())
	type caseSummary struct{ Suite, Name, Outcome, Message string }
	var got []caseSummary
	for _, s := range p.Suites {
		for _, c := range s.Cases {
			cs := caseSummary{Suite: s.Name, Name: c.Name, Outcome: "pass"}
			switch {
			case c.Failure != nil:
				cs.Outcome, cs.Message = "fail:"+c.Failure.Type, c.Failure.Message
			case c.Skipped != nil:
				cs.Outcome, cs.Message = "skip", c.Skipped.Message
			case c.Error != nil:
				cs.Outcome, cs.Message = "error", c.Error.Message
			}
			got = append(got, cs)
		}
	}
	want := []caseSummary{
		{"template.yaml", "IAM001 ApiRole", "fail:critical", `[critical] template.yaml:30:7: role ApiRole allows "*" on <all> resources & more`},
		{"template.yaml", "SEC001 ApiFunction", "fail:high", "[high] template.yaml:18:24: environment variable DB_PASSWORD of ApiFunction holds a secret (Tr0u…b1a01c48) (and 1 more)"},
		{"template.yaml", "API001 OrdersApi", "fail:medium", "[medium] template.yaml:40:9: route GET /orders/{id} has no authorizer: 50% of routes, line1\nline2, a:b"},
		{"template.yaml", "FN001 WorkerFunction", "skip", "suppressed: runs a bounded batch"},
		{"template.yaml", "REG001 Unintended region", "pass", ""},
		{"svc/serverless.yml", "REG001 provider", "fail:info", "[info] svc/serverless.yml:5:11: service deploys to eu-west-3"},
		{"svc/serverless.yml", "API001 Route has no authorization", "pass", ""},
		{"svc/serverless.yml", "FN001 Function has no timeout", "pass", ""},
		{"svc/serverless.yml", "IAM001 Role allows every action", "pass", ""},
		{"svc/serverless.yml", "SEC001 Secret stored in a function's environment variables", "pass", ""},
		{"broken/template.yaml", "load broken/template.yaml:3:1", "error", "yaml: mapping values are not allowed here"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("test cases (-want +got):\n%s", diff)
	}
	if p.Tests != 11 || p.Failures != 4 || p.Skipped != 1 || p.Errors != 1 {
		t.Errorf("totals tests=%d failures=%d skipped=%d errors=%d, want 11, 4, 1, 1", p.Tests, p.Failures, p.Skipped, p.Errors)
	}
	body := p.Suites[0].Cases[1].Failure.Text
	for _, want := range []string{"template.yaml:19:22 [high] environment variable API_TOKEN", "Fix: Use Secrets Manager."} {
		if !strings.Contains(body, want) {
			t.Errorf("failure text lacks %q:\n%s", want, body)
		}
	}
}

// FuzzJUnit checks that whatever a message, a title or a resource holds
// (control characters, markup, invalid UTF-8), the report stays XML that
// parses and keeps the text of valid characters.
func FuzzJUnit(f *testing.F) {
	f.Add("a <b> & \"c\"", "ApiRole", "title")
	f.Add("\x00\x1b[31m]]>", "", "\xff")
	f.Fuzz(func(t *testing.T, msg, resource, title string) {
		in := sampleInput()
		in.Findings = in.Findings[:1]
		in.Findings[0].Message = msg
		in.Findings[0].Resource = resource
		in.Findings[0].Title = title
		p := parseJUnit(t, in)
		c := p.Suites[0].Cases[0]
		if c.Failure == nil {
			t.Fatalf("first case has no failure: %+v", c)
		}
		if utf8.ValidString(msg) && !strings.ContainsFunc(msg, func(r rune) bool { return r < 0x20 || r == 0xFFFE || r == 0xFFFF }) &&
			!strings.Contains(c.Failure.Message, msg) {
			t.Errorf("message %q lost: %q", msg, c.Failure.Message)
		}
	})
}
