package scan

import (
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestEquivalentFindings checks that the same application written as SAM,
// serverless.yml and Terraform gives the same findings (rule and function).
func TestEquivalentFindings(t *testing.T) {
	for _, app := range []string{"orders", "thumbnails", "reports"} {
		var base []string
		for i, file := range []string{"template.yaml", "serverless.yml", "main.tf"} {
			path := filepath.Join("..", "load", "testdata", "equiv", app, file)
			res, err := Run(Options{Paths: []string{path}, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatalf("scan %s: %v", path, err)
			}
			var got []string
			for _, f := range res.Findings {
				got = append(got, f.RuleID+"/"+f.Function)
			}
			sort.Strings(got)
			if i == 0 {
				base = got
				if len(base) == 0 {
					t.Fatalf("%s: no findings in the SAM version", app)
				}
				continue
			}
			if diff := cmp.Diff(base, got); diff != "" {
				t.Errorf("%s: findings of %s differ from template.yaml (-sam +%s):\n%s", app, file, file, diff)
			}
		}
	}
}
