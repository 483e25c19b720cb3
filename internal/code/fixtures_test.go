package code

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// wantRe matches the expectation comments of the fixtures:
// "// want command-injection" or "# want sql-injection".
var wantRe = regexp.MustCompile(`(?://|#) want ([a-z-]+(?: [a-z-]+)*)\s*$`)

type lineClass struct {
	Line  int
	Class string
}

// TestEveryClassHasFixtures fails a class without a bad fixture.
func TestEveryClassHasFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*")
	seen := map[string]bool{}
	for _, p := range files {
		src, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(src), "\n") {
			if m := wantRe.FindStringSubmatch(line); m != nil {
				for _, c := range strings.Fields(m[1]) {
					seen[c] = true
				}
			}
		}
	}
	for _, c := range Classes() {
		if !seen[c] {
			t.Errorf("class %s has no fixture marked \"want %s\"", c, c)
		}
	}
}

// TestFixtures analyses every fixture under testdata in all-exported mode
// and compares the issues with the "want" comments on their lines.
func TestFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, p := range files {
		if sourceExts[filepath.Ext(p)] == "" {
			continue
		}
		t.Run(p, func(t *testing.T) {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			var want []lineClass
			for i, line := range strings.Split(string(src), "\n") {
				if m := wantRe.FindStringSubmatch(line); m != nil {
					for _, c := range strings.Fields(m[1]) {
						want = append(want, lineClass{i + 1, c})
					}
				}
			}
			issues, err := AnalyzeFile(p, src, "")
			if err != nil {
				t.Fatalf("AnalyzeFile: %v", err)
			}
			var got []lineClass
			for _, is := range issues {
				got = append(got, lineClass{is.Line, is.Class})
				if is.CWE == "" || is.Message == "" || is.File != p {
					t.Errorf("issue %+v lacks CWE, message or file", is)
				}
				if is.Flow != nil && (is.Flow.Source.Line == 0 || is.Flow.Sink.Line != is.Line) {
					t.Errorf("issue %+v has an inconsistent flow %+v", is, is.Flow)
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("AnalyzeFile(%s) (-want +got):\n%s", p, diff)
				for _, is := range issues {
					t.Logf("%d:%d %s %s", is.Line, is.Column, is.Class, is.Message)
				}
			}
		})
	}
}
