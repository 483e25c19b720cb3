package scan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slsguard/slsguard/internal/config"
	"github.com/slsguard/slsguard/internal/finding"
)

const baseApp = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: s3:*
                Resource: "*"
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.13
      Role: !GetAtt Role.Arn
      Timeout: 900
      Environment:
        Variables:
          DB_PASSWORD: correct-horse-battery-staple-42
`

// scanActive scans src and returns the findings the baseline does not
// know.
func scanActive(t *testing.T, src string, b *config.Baseline) []finding.Finding {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "template.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(Options{Paths: []string{dir}, Baseline: b, BaselinePath: "b.json", Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var active []finding.Finding
	for _, f := range res.Findings {
		if f.Suppressed == nil {
			active = append(active, f)
		}
	}
	return active
}

func TestBaselineStability(t *testing.T) {
	first := scanActive(t, baseApp, nil)
	if len(first) < 3 {
		t.Fatalf("want at least 3 findings in the base app, got %d", len(first))
	}
	b := config.NewBaseline(first)
	path := filepath.Join(t.TempDir(), "baseline.json")
	if err := b.Write(path); err != nil {
		t.Fatal(err)
	}
	b, err := config.LoadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	moved := strings.Replace(baseApp, "Resources:\n", "Description: moved down\nParameters:\n  Stage:\n    Type: String\nResources:\n", 1)
	added := baseApp + "  Other:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 30\n"
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"unchanged", baseApp, nil},
		{"lines moved", moved, nil},
		{"resource added", added, nil},
		{"action changed", strings.Replace(baseApp, "s3:*", "dynamodb:*", 1), []string{"IAM001"}},
		{"secret changed", strings.Replace(baseApp, "correct-horse-battery-staple-42", "another-long-secret-value-99", 1), []string{"SEC001"}},
		{"timeout changed", strings.Replace(baseApp, "Timeout: 900", "Timeout: 850", 1), []string{"FN005"}},
	}
	for _, tc := range tests {
		var got []string
		for _, f := range scanActive(t, tc.src, b) {
			got = append(got, f.RuleID)
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: new findings %v, want %v", tc.name, got, tc.want)
		}
	}
}
