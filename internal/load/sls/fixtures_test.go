package sls

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/rule"
	"github.com/slsguard/slsguard/internal/rules"
)

// TestRuleFixtures runs each rule on its Serverless fixtures
// (internal/rules/testdata/<ID>/*.sls.yml) through this loader: a bad
// fixture reports exactly on the lines marked "# want <ID>", a good one
// nowhere, and neither has load problems.
func TestRuleFixtures(t *testing.T) {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	count := 0
	for _, r := range rules.All() {
		files, _ := filepath.Glob(filepath.Join("..", "..", "rules", "testdata", r.ID, "*.sls.yml"))
		for _, file := range files {
			count++
			t.Run(r.ID+"/"+filepath.Base(file), func(t *testing.T) {
				data, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				app, problems, err := Load(file, data, Options{Dir: filepath.Dir(file)})
				if err != nil {
					t.Fatalf("Load(%s): %v", file, err)
				}
				for _, p := range problems {
					t.Errorf("load problem: %v", p)
				}
				pass := rule.NewPass(r, app, rule.Options{Now: now})
				r.Check(pass)
				var got []int
				for _, f := range pass.Findings() {
					got = append(got, f.Loc.Line)
				}
				sort.Ints(got)
				want := markedLines(string(data), r.ID)
				if strings.HasPrefix(filepath.Base(file), "bad") && len(want) == 0 {
					t.Fatalf("bad fixture %s has no '# want %s' marker", file, r.ID)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s on %s: finding lines differ (-want +got):\n%s", r.ID, file, diff)
				}
			})
		}
	}
	if count < 40 {
		t.Errorf("found %d Serverless fixtures, want at least 40", count)
	}
}

func markedLines(data, id string) []int {
	var lines []int
	for i, l := range strings.Split(data, "\n") {
		for _, part := range strings.Split(l, "want ")[1:] {
			if strings.HasPrefix(part, id) && (len(part) == len(id) || part[len(id)] < '0' || part[len(id)] > '9') {
				lines = append(lines, i+1)
			}
		}
	}
	return lines
}
