package tf

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

// TestRuleFixtures runs each rule on its Terraform fixtures through this
// loader, with the conventions of the rules package: a bad fixture reports
// exactly on the lines marked "# want <ID>", a good one nowhere.
func TestRuleFixtures(t *testing.T) {
	dir := filepath.Join("..", "..", "rules", "testdata")
	n := 0
	for _, r := range withProviderRules(rules.All()) {
		files, _ := filepath.Glob(filepath.Join(dir, r.ID, "*.tf"))
		for _, file := range files {
			n++
			t.Run(r.ID+"/"+filepath.Base(file), func(t *testing.T) {
				got := fixtureLines(t, r, file)
				want := markedLines(t, file, r.ID)
				if strings.HasPrefix(filepath.Base(file), "bad") && len(want) == 0 {
					t.Fatalf("bad fixture %s has no '# want %s' marker", file, r.ID)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s on %s: finding lines differ (-want +got):\n%s", r.ID, file, diff)
				}
			})
		}
	}
	if n == 0 {
		t.Fatal("no Terraform fixtures found")
	}
}

func fixtureLines(t *testing.T, r *rule.Rule, file string) []int {
	t.Helper()
	app, problems, err := LoadFiles(filepath.Dir(file), []string{file}, Options{})
	if err != nil {
		t.Fatalf("load %s: %v", file, err)
	}
	for _, p := range problems {
		t.Errorf("load problem: %v", p)
	}
	opts := rule.Options{Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	if strings.Contains(file, "region") {
		opts.Regions = []string{"eu-west-1"}
	}
	pass := rule.NewPass(r, app, opts)
	r.Check(pass)
	var lines []int
	for _, f := range pass.Findings() {
		if f.Loc.Line == 0 || f.Message == "" {
			t.Errorf("finding without a line or message: %+v", f)
		}
		lines = append(lines, f.Loc.Line)
	}
	sort.Ints(lines)
	return lines
}

func markedLines(t *testing.T, file, id string) []int {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for i, l := range strings.Split(string(data), "\n") {
		for _, part := range strings.Split(l, "want ")[1:] {
			if strings.HasPrefix(part, id) && (len(part) == len(id) || part[len(id)] < '0' || part[len(id)] > '9') {
				lines = append(lines, i+1)
			}
		}
	}
	return lines
}

// withProviderRules adds the provider-specific rules written for
// Terraform inputs when the catalog does not list them yet.
func withProviderRules(all []*rule.Rule) []*rule.Rule {
	seen := map[string]bool{}
	for _, r := range all {
		seen[r.ID] = true
	}
	for _, r := range []*rule.Rule{rules.GCP001} {
		if !seen[r.ID] {
			all = append(all, r)
		}
	}
	return all
}
