package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMarkdownGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   *Input
		opts MarkdownOptions
	}{
		{"sample", sampleInput(), MarkdownOptions{}},
		{"sample-top2", sampleInput(), MarkdownOptions{Top: 2, LinkBase: "https://github.com/o/r/blob/abc123/"}},
		{"empty", emptyInput(), MarkdownOptions{}},
		{"truncated", manyInput(30), MarkdownOptions{MaxBytes: 3500, Top: 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := render(t, func(b *bytes.Buffer) error { return MarkdownWith(b, tc.in, tc.opts) })
			golden(t, "markdown/"+tc.name+".md", []byte(got))
		})
	}
}

func TestMarkdownContent(t *testing.T) {
	got := render(t, func(b *bytes.Buffer) error { return Write(b, "markdown", sampleInput()) })
	for _, want := range []string{
		"## slsguard: 5 findings in 2 applications (3 functions)",
		"| 🟥 critical | 1 |",
		"| 🟧 high | 2 |",
		"| **total** | **5** |",
		"1 finding suppressed",
		"1. **CRITICAL** `IAM001` Role allows every action: [template.yaml:30:7](examples/app/template.yaml#L30)",
		`role ApiRole allows "\*" on \<all\> resources \& more`,
		"**Fix:** List the actions the code calls.",
		"route GET /orders/{id} has no authorizer: 50% of routes, line1 line2, a:b",
		"[svc/serverless.yml:5:11](examples/app/svc/serverless.yml#L5)",
		"broken/template.yaml:3:1: yaml: mapping values are not allowed here",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "WorkerFunction has no timeout") {
		t.Errorf("suppressed finding is listed:\n%s", got)
	}
	// Highest severity first.
	if i, j := strings.Index(got, "IAM001"), strings.Index(got, "REG001"); i < 0 || j < 0 || i > j {
		t.Errorf("critical finding not before the info one:\n%s", got)
	}
}

func TestMarkdownRestInDetails(t *testing.T) {
	got := render(t, func(b *bytes.Buffer) error { return MarkdownWith(b, sampleInput(), MarkdownOptions{Top: 2}) })
	top, rest, ok := strings.Cut(got, "### Other findings by function")
	if !ok {
		t.Fatalf("no section for the other findings:\n%s", got)
	}
	for _, want := range []string{`DB\_PASSWORD`, "IAM001"} {
		if !strings.Contains(top, want) || strings.Contains(rest, want) {
			t.Errorf("%s should be in the top findings only:\n%s", want, got)
		}
	}
	for _, want := range []string{
		"<summary><b>function ApiFunction</b> (template.yaml): 1 high</summary>",
		"<summary><b>other resources</b> (template.yaml): 1 medium</summary>",
		"<summary><b>other resources</b> (svc/serverless.yml): 1 info</summary>",
		`API\_TOKEN`,
	} {
		if !strings.Contains(rest, want) {
			t.Errorf("details lack %q:\n%s", want, rest)
		}
	}
	if n, m := strings.Count(rest, "<details>"), strings.Count(rest, "</details>"); n != 3 || m != 3 {
		t.Errorf("got %d <details> and %d </details>, want 3 each", n, m)
	}
}

// TestMarkdownSize checks the comment stays under the limit however many
// findings there are, and that every finding is either shown or counted as
// left out.
func TestMarkdownSize(t *testing.T) {
	for _, n := range []int{0, 1, 50, 500, 5000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			got := render(t, func(b *bytes.Buffer) error { return Markdown(b, manyInput(n)) })
			if len(got) >= MarkdownLimit || utf8.RuneCountInString(got) >= MarkdownLimit {
				t.Fatalf("%d findings: %d bytes, want < %d", n, len(got), MarkdownLimit)
			}
			shown := strings.Count(got, "holds a secret")
			left := 0
			if i := strings.Index(got, " not shown here"); i >= 0 {
				fmt.Sscanf(got[strings.LastIndex(got[:i], "_")+1:i], "%d", &left)
			}
			if shown+left != n {
				t.Errorf("%d findings: %d shown + %d said left out != %d", n, shown, left, n)
			}
			if strings.Count(got, "<details>") != strings.Count(got, "</details>") {
				t.Errorf("%d findings: unbalanced <details>", n)
			}
		})
	}
}

func TestMdText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain words", "plain words"},
		{"a|b", `a\|b`},
		{"<details>", `\<details\>`},
		{"line\nbreak\r\n  here", "line break here"},
		{"*x* _y_ `z` [l](u) ![i](j) # h", "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) !\\[i\\](j) \\# h"},
		{`back\slash`, `back\\slash`},
	} {
		if got := mdText(tc.in); got != tc.want {
			t.Errorf("mdText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := mdText(strings.Repeat("é", 2*maxCell)); utf8.RuneCountInString(got) != maxCell+1 || !utf8.ValidString(got) {
		t.Errorf("mdText of a long string: %d runes, want %d", utf8.RuneCountInString(got), maxCell+1)
	}
}

func TestMdURL(t *testing.T) {
	for _, tc := range []struct {
		base, root, file string
		line             int
		want             string
	}{
		{"", ".", "template.yaml", 3, "template.yaml#L3"},
		{"", "examples/app", "src/a b.js", 0, "examples/app/src/a%20b.js"},
		{"https://github.com/o/r/blob/sha/", "app", "t(1).yaml", 9, "https://github.com/o/r/blob/sha/app/t%281%29.yaml#L9"},
	} {
		if got := mdURL(tc.base, tc.root, tc.file, tc.line); got != tc.want {
			t.Errorf("mdURL(%q, %q, %q, %d) = %q, want %q", tc.base, tc.root, tc.file, tc.line, got, tc.want)
		}
	}
}

// FuzzMarkdown checks that no message or function name can break out of
// its table row or put HTML in the comment: the report keeps its structure.
func FuzzMarkdown(f *testing.F) {
	f.Add("plain", "ApiFunction")
	f.Add("a|b\n</details><script>x</script>", "<b>fn</b>")
	tags := strings.NewReplacer("<details>", "", "</details>", "", "<summary>", "", "</summary>", "", "<b>", "", "</b>", "", `\<`, "")
	f.Fuzz(func(t *testing.T, msg, fn string) {
		in := sampleInput()
		in.Problems = nil
		in.Findings[3].Message = msg // medium: in the details with Top 1
		in.Findings[3].Function = fn
		got := render(t, func(b *bytes.Buffer) error { return MarkdownWith(b, in, MarkdownOptions{Top: 1}) })
		if n, m := strings.Count(got, "<details>"), strings.Count(got, "</details>"); n < 2 || n != m {
			t.Fatalf("message %q, function %q: %d <details>, %d </details>:\n%s", msg, fn, n, m, got)
		}
		for _, line := range strings.Split(got, "\n") {
			if strings.HasPrefix(line, "| medium |") && strings.Count(line, "|")-strings.Count(line, `\|`) != 5 {
				t.Fatalf("message %q breaks its row: %q", msg, line)
			}
		}
		if rest := tags.Replace(got); strings.Contains(rest, "<") {
			t.Errorf("message %q or function %q put raw HTML in the report:\n%s", msg, fn, got)
		}
	})
}
