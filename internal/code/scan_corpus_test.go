package code

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCorpusExamples runs the analysis over ordinary example apps, which
// hold no injection; run with -v to read the issues they do yield.
func TestCorpusExamples(t *testing.T) {
	corpus := corpusDir(t)
	for _, app := range []string{"serverless-examples", "aws-lambda-developer-guide"} {
		dir := filepath.Join(corpus, app)
		if _, err := os.Stat(dir); err != nil {
			t.Skipf("corpus app not found at %s: %v", dir, err)
		}
		issues, errs := Analyze(dir, "", "")
		for _, err := range errs {
			t.Logf("%s: error: %v", app, err)
		}
		counts := map[string]int{}
		for _, is := range issues {
			counts[is.Class]++
			t.Logf("%s/%s:%d:%d %s: %s", app, is.File, is.Line, is.Column, is.Class, is.Message)
			switch is.Class {
			case ClassCommandInjection, ClassCodeEval, ClassDeserialization, ClassSQLInjection, ClassNoSQLInjection, ClassXXE:
				// None of these example apps has an injection; reviewed by hand.
				t.Errorf("%s/%s:%d: unexpected %s", app, is.File, is.Line, is.Class)
			}
		}
		t.Logf("%s: %d issues %v, %d errors", app, len(issues), counts, len(errs))
	}
}
