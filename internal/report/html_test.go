package report

import (
	"bytes"
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestHTMLGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   *Input
	}{
		{"sample", sampleInput()},
		{"empty", emptyInput()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := render(t, func(b *bytes.Buffer) error { return Write(b, "html", tc.in) })
			golden(t, "html/"+tc.name+".html", []byte(got))
		})
	}
}

// externalRef matches a script, stylesheet, image, frame or font loaded from
// the network, which would keep the report from rendering offline.
var externalRef = regexp.MustCompile(`(?i)<(script|link|img|iframe|source|embed|object)\b[^>]*\b(src|href|data)\s*=\s*["']?(https?:)?//|@import|url\(\s*["']?(https?:)?//`)

func TestHTMLSelfContained(t *testing.T) {
	for _, tc := range []struct {
		page     string
		external bool
	}{
		{`<script src="https://cdn.jsdelivr.net/npm/chart.js"></script>`, true},
		{`<link rel="stylesheet" href="//fonts.example/css">`, true},
		{`<style>@import "x.css";</style>`, true},
		{`<div style="background: url( 'http://x/y.png')">`, true},
		{`<a href="https://docs.aws.amazon.com/">docs</a>`, false},
		{`<script>drawBars()</script>`, false},
	} {
		if got := externalRef.MatchString(tc.page); got != tc.external {
			t.Errorf("externalRef.MatchString(%q) = %v, want %v", tc.page, got, tc.external)
		}
	}
	for _, in := range []*Input{sampleInput(), emptyInput(), manyInput(200)} {
		got := render(t, func(b *bytes.Buffer) error { return HTML(b, in) })
		if m := externalRef.FindString(got); m != "" {
			t.Errorf("report loads %q from the network", m)
		}
		if !strings.Contains(got, "<style>") || !strings.Contains(got, "function drawBars") {
			t.Errorf("report has no inline style or chart script")
		}
	}
}

func TestHTMLContent(t *testing.T) {
	in := sampleInput()
	got := render(t, func(b *bytes.Buffer) error { return HTML(b, in) })
	for _, f := range in.Findings {
		if !strings.Contains(got, html.EscapeString(f.Message)) {
			t.Errorf("report lacks finding %s %q", f.RuleID, f.Message)
		}
	}
	for _, want := range []string{
		`data-severity="critical"`,
		`<canvas id="chart-severity"`,
		`<canvas id="chart-rule"`,
		`<input type="checkbox" class="sev-filter" value="high" checked>`,
		"A wildcard action grants &lt;everything&gt;.", // rationale, escaped
		"List the actions the code calls.",             // remediation
		`href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html"`,
		"inline: runs a bounded batch",              // suppression reason
		"ApiFunction uses this role",                // related location
		"yaml: mapping values are not allowed here", // problem
		`<h2>Suppressed findings (1)</h2>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(got, "<all>") || strings.Contains(got, "<everything>") {
		t.Errorf("report contains unescaped markup from a message or a rule")
	}
}

func TestHTMLEscapesHostileText(t *testing.T) {
	in := sampleInput()
	in.Findings[0].Message = `</script><script>alert(1)</script><img src=x onerror=alert(2)>`
	in.Findings[0].Function = `"><svg onload=alert(3)>`
	in.Findings[0].RuleID = `X</script>`
	in.Rules[0].References = []string{"javascript:alert(4)"}
	got := render(t, func(b *bytes.Buffer) error { return HTML(b, in) })
	for _, bad := range []string{"<script>alert(1)", "<img src=x", "<svg onload", `href="javascript:`, "X</script>"} {
		if strings.Contains(got, bad) {
			t.Errorf("hostile text %q reached the page unescaped", bad)
		}
	}
	if n := strings.Count(got, "<script>"); n != 1 {
		t.Errorf("page has %d <script> elements, want 1", n)
	}
}

func TestCodeSpans(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Set `Timeout`.", "Set <code>Timeout</code>."},
		{"a `<b>` & c", "a <code>&lt;b&gt;</code> &amp; c"},
		{"odd ` quote <i>", "odd ` quote &lt;i&gt;"},
		{"", ""},
	} {
		if got := string(codeSpans(tc.in)); got != tc.want {
			t.Errorf("codeSpans(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHTMLChartData(t *testing.T) {
	got := render(t, func(b *bytes.Buffer) error { return HTML(b, sampleInput()) })
	_, rest, ok := strings.Cut(got, "const chartData = ")
	if !ok {
		t.Fatal("no chart data in the page")
	}
	raw, _, _ := strings.Cut(rest, ";\n")
	var data htmlChart
	if err := json.Unmarshal([]byte(raw), &data); err != nil {
		t.Fatalf("chart data is not JSON: %v\n%s", err, raw)
	}
	want := htmlChart{
		Severity: htmlSeries{Labels: []string{"critical", "high", "medium", "low", "info"}, Values: []int{1, 2, 1, 0, 1},
			Colors: []string{"#7f1d1d", "#dc2626", "#d97706", "#2563eb", "#6b7280"}},
		Rule: htmlSeries{Labels: []string{"SEC001", "API001", "IAM001", "REG001"}, Values: []int{2, 1, 1, 1},
			Colors: []string{"#dc2626", "#d97706", "#7f1d1d", "#6b7280"}},
		Function: htmlSeries{Labels: []string{"ApiFunction", "template.yaml (other)", "svc (other)"}, Values: []int{3, 1, 1},
			Colors: []string{"#4b5563", "#4b5563", "#4b5563"}},
	}
	if diff := cmp.Diff(want, data); diff != "" {
		t.Errorf("chart data (-want +got):\n%s", diff)
	}
}

// FuzzHTML checks that no message, resource or rule text can add markup to
// the page: it has as many '<' with that text as with plain text (a rule's
// `code` spans add their own <code> tags).
func FuzzHTML(f *testing.F) {
	f.Add("</script><script>alert(1)</script>", `"><svg onload=x>`, "`<b>`")
	f.Add("plain", "OrdersApi", "Set `Timeout`.")
	page := func(t *testing.T, msg, resource, fix string) string {
		in := sampleInput()
		in.Findings[0].Message, in.Findings[0].Resource, in.Rules[1].Remediation = msg, resource, fix
		return render(t, func(b *bytes.Buffer) error { return HTML(b, in) })
	}
	f.Fuzz(func(t *testing.T, msg, resource, fix string) {
		plainFix := "x"
		if fix == "" {
			plainFix = ""
		}
		if n := strings.Count(fix, "`"); n%2 == 0 {
			plainFix += strings.Repeat("`c`", n/2)
		}
		want := strings.Count(page(t, "x", "x", plainFix), "<")
		if got := strings.Count(page(t, msg, resource, fix), "<"); got != want {
			t.Errorf("message %q, resource %q, fix %q: page has %d '<', want %d", msg, resource, fix, got, want)
		}
	})
}
