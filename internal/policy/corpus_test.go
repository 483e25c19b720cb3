package policy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/load"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// loadApp loads the first application under dir.
func loadApp(t testing.TB, dir string) (*model.App, string) {
	t.Helper()
	res, err := load.Load([]string{dir}, load.Options{})
	if err != nil || len(res.Apps) == 0 {
		t.Fatalf("load %s: %v (%d apps)", dir, err, len(res.Apps))
	}
	return res.Apps[0], res.Root
}

func analyzeFunction(t testing.TB, dir, id string) *Analysis {
	app, root := loadApp(t, dir)
	for _, f := range app.Functions {
		if f.ID == id {
			p := rule.NewPass(&rule.Rule{}, app, rule.Options{Root: root})
			code, _, _ := p.CodeDir(f)
			return Analyze(app, f, code)
		}
	}
	t.Fatalf("%s: no function %s", dir, id)
	return nil
}

func corpusDir(t *testing.T, name string) string {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", name)
	if _, err := os.Stat(dir); err != nil {
		t.Skip("corpus not found at " + dir + ": " + err.Error())
	}
	return dir
}

func TestServerlessGoat(t *testing.T) {
	for _, name := range []string{"serverless-goat", "serverless-goat-python"} {
		t.Run(name, func(t *testing.T) {
			a := analyzeFunction(t, corpusDir(t, name), "FunctionConvert")
			if a.Status != Analysed || len(a.Unresolved) > 0 {
				t.Fatalf("status %s, unresolved %v", a.Status, a.Unresolved)
			}
			var got []string
			for _, s := range a.Minimal() {
				got = append(got, strings.Join(s.Actions, ",")+" on "+strings.Join(s.Resources, ","))
			}
			want := []string{
				"dynamodb:PutItem on arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}",
				"logs:CreateLogGroup,logs:CreateLogStream on arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${AWS::StackName}-FunctionConvert-*:*",
				"logs:PutLogEvents on arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${AWS::StackName}-FunctionConvert-*:log-stream:*",
				"s3:PutObject,s3:PutObjectAcl on arn:${AWS::Partition}:s3:::${Bucket}/*",
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("minimal policy (-want +got):\n%s", diff)
			}
			unused := map[string]bool{}
			for _, act := range a.UnusedActionNames() {
				unused[act] = true
			}
			for _, act := range []string{"dynamodb:DeleteItem", "dynamodb:Scan", "s3:DeleteObject", "s3:GetObject"} {
				if !unused[act] {
					t.Errorf("%s not reported unused; unused: %v", act, unused)
				}
			}
			for _, act := range []string{"dynamodb:PutItem", "s3:PutObject", "s3:PutObjectAcl"} {
				if unused[act] {
					t.Errorf("%s reported unused", act)
				}
			}
			if len(a.Missing) != 0 {
				t.Errorf("missing = %v, want none", a.Missing)
			}
		})
	}
}
