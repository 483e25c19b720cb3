package code

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// corpusDir returns ../shared/corpus relative to the repository root, or
// skips the test.
func corpusDir(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not found at %s: %v", dir, err)
	}
	return dir
}

func TestCorpusExpected(t *testing.T) {
	corpus := corpusDir(t)
	tests := []struct {
		app, handler, runtime string
		file                  string
		line                  int
		class                 string
	}{
		{"serverless-goat/src/api/convert", "index.handler", "nodejs8.10", "index.js", 29, ClassCommandInjection},
		{"serverless-goat-python/src/api/convert", "lambda_function.lambda_handler", "python3.8", "lambda_function.py", 33, ClassCommandInjection},
		{"aws-vulnerable-lambda", "main.app", "python3.6", "main.py", 11, ClassCommandInjection},
		{"dvfaas/insecure_deserialization/insecure-deserialization", "app.app", "python3.7", "app.py", 28, ClassDeserialization},
		{"dvfaas/injection/mqtt_rds_sql_event_injection/sqli", "app.app", "python3.7", "app.py", 59, ClassSQLInjection},
		{"dvfaas/xxe/xxe-example", "app.app", "python3.7", "app.py", 46, ClassXXE},
	}
	for _, tt := range tests {
		t.Run(tt.app, func(t *testing.T) {
			issues, errs := Analyze(filepath.Join(corpus, tt.app), tt.handler, tt.runtime)
			for _, err := range errs {
				t.Errorf("Analyze: %v", err)
			}
			found := false
			for _, is := range issues {
				t.Logf("%s:%d:%d %s %s", is.File, is.Line, is.Column, is.Class, is.Message)
				if is.File == tt.file && is.Line == tt.line && is.Class == tt.class {
					found = true
				}
			}
			if !found {
				t.Errorf("Analyze(%s, %s) did not report %s at %s:%d", tt.app, tt.handler, tt.class, tt.file, tt.line)
			}
		})
	}
}

// TestCorpusBadLambda checks BL-01: the function in bad-lambda's deployment
// package returns its environment.
func TestCorpusBadLambda(t *testing.T) {
	zips, _ := filepath.Glob(filepath.Join(corpusDir(t), "bad-lambda", "files", "*.zip"))
	if len(zips) == 0 {
		t.Skip("corpus not found: bad-lambda/files/*.zip")
	}
	issues, errs := Analyze(zips[0], "printenv.lambda_handler", "python3.6")
	if len(errs) > 0 {
		t.Errorf("Analyze(%s): %v", zips[0], errs)
	}
	want := filepath.Base(zips[0]) + "!printenv.py"
	if len(issues) != 1 || issues[0].File != want || issues[0].Line != 5 || issues[0].Class != ClassEnvExposure {
		t.Errorf("Analyze(%s) = %+v, want one %s at %s:5", zips[0], issues, ClassEnvExposure, want)
	}
}
