package code

import (
	"archive/zip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAnalyzeHandler(t *testing.T) {
	type loc struct {
		File  string
		Line  int
		Class string
	}
	tests := []struct {
		dir, handler, runtime string
		want                  []loc
		wantErr               bool
	}{
		{"node", "src/handler.main", "nodejs20.x", []loc{{"src/handler.js", 6, ClassCommandInjection}}, false},
		{"node", "src/handler.helper", "nodejs20.x", []loc{{"src/handler.js", 3, ClassCommandInjection}}, false},
		{"node", "dist/handler.main", "nodejs20.x", []loc{{"src/handler.js", 6, ClassCommandInjection}}, false},                                                // compiled output: the source is read
		{"node", "src/handler.missing", "nodejs20.x", []loc{{"src/handler.js", 3, ClassCommandInjection}, {"src/handler.js", 6, ClassCommandInjection}}, true}, // every export, and an error
		{"node", "nohandler", "nodejs20.x", nil, true},
		{"python", "pkg/app.lambda_handler", "python3.12", []loc{{"pkg/app.py", 5, ClassCommandInjection}}, false},
		{"python", "pkg.app.other", "python3.12", []loc{{"pkg/app.py", 9, ClassCommandInjection}}, false},
		{"gosvc", "bootstrap", "provided.al2023", []loc{{"main.go", 12, ClassCommandInjection}}, false},
		{"gosvc", "main", "go1.x", []loc{{"main.go", 12, ClassCommandInjection}}, false},
		{"gonested", "bin/hello", "go1.x", []loc{{"hello/main.go", 12, ClassCommandInjection}}, false},
		{"node", "", "", []loc{{"src/handler.js", 3, ClassCommandInjection}, {"src/handler.js", 6, ClassCommandInjection}}, false},
	}
	for _, tt := range tests {
		issues, errs := Analyze(filepath.Join("testdata", "apps", tt.dir), tt.handler, tt.runtime)
		if (len(errs) > 0) != tt.wantErr {
			t.Errorf("Analyze(%s, %q) errors = %v, want error %v", tt.dir, tt.handler, errs, tt.wantErr)
		}
		var got []loc
		for _, is := range issues {
			got = append(got, loc{is.File, is.Line, is.Class})
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Analyze(%s, %q) (-want +got):\n%s", tt.dir, tt.handler, diff)
		}
	}
}

func TestAnalyzeErrors(t *testing.T) {
	_, errs := Analyze(filepath.Join("testdata", "apps", "node"), "src/nothere.handler", "nodejs20.x")
	if len(errs) != 1 || !errors.Is(errs[0], os.ErrNotExist) {
		t.Errorf("Analyze(missing file) = %v, want one error wrapping os.ErrNotExist", errs)
	}
	if _, err := AnalyzeFile("x.rb", []byte("puts 1"), ""); err == nil {
		t.Error("AnalyzeFile(x.rb): want an unsupported-type error")
	}
	if _, err := AnalyzeFile("x.go", []byte("package"), ""); err == nil {
		t.Error("AnalyzeFile(broken Go): want a parse error")
	}
}

func TestFlowSteps(t *testing.T) {
	src := []byte("const cp = require('child_process');\nexports.handler = async (event) => {\n  const body = JSON.parse(event.body);\n  const cmd = 'echo ' + body.msg;\n  cp.exec(cmd);\n};\n")
	issues, err := AnalyzeFile("h.js", src, "handler")
	if err != nil || len(issues) != 1 || issues[0].Flow == nil {
		t.Fatalf("AnalyzeFile = %+v, %v; want one issue with a flow", issues, err)
	}
	f := issues[0].Flow
	var lines []int
	for _, s := range f.Steps {
		lines = append(lines, s.Line)
	}
	want := &Flow{Source: Step{File: "h.js", Line: 2, Column: 26, Code: "event", Note: "event parameter of the handler"},
		Sink:  Step{File: "h.js", Line: 5, Column: 3, Code: "cp.exec(cmd)", Note: "Untrusted data reaches a shell command"},
		Class: ClassCommandInjection, CWE: "CWE-78"}
	if diff := cmp.Diff([]int{3, 4}, lines); diff != "" {
		t.Errorf("flow step lines (-want +got):\n%s", diff)
	}
	f.Steps = nil
	if diff := cmp.Diff(want, f); diff != "" {
		t.Errorf("flow (-want +got):\n%s", diff)
	}
}

func TestAnalyzeZip(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "bundle.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, body := range map[string]string{
		"printenv.py":             "import subprocess\n\ndef lambda_handler(event, context):\n    out = subprocess.run('printenv', shell=True)\n    return {'body': out.stdout}\n",
		"lib/util.py":             "import os\n\ndef handler(event, context):\n    os.system(event['cmd'])\n",
		"node_modules/x/index.js": "exports.handler = (e) => eval(e.code);\n",
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	tests := []struct {
		handler string
		want    []string
	}{
		{"printenv.lambda_handler", []string{"bundle.zip!printenv.py:4:environment-exposure"}},
		{"", []string{"bundle.zip!lib/util.py:4:command-injection", "bundle.zip!printenv.py:4:environment-exposure"}},
	}
	for _, tt := range tests {
		issues, errs := Analyze(p, tt.handler, "python3.12")
		if len(errs) > 0 {
			t.Errorf("Analyze(zip, %q): %v", tt.handler, errs)
		}
		var got []string
		for _, is := range issues {
			got = append(got, fmt.Sprintf("%s:%d:%s", is.File, is.Line, is.Class))
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Analyze(zip, %q) (-want +got):\n%s", tt.handler, diff)
		}
	}
}

// TestAnalyzeConcurrent runs analyses in parallel, as a scan does; run
// with -race.
func TestAnalyzeConcurrent(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*.*")
	done := make(chan []Issue, len(files))
	for _, p := range files {
		go func() {
			src, _ := os.ReadFile(p)
			is, _ := AnalyzeFile(p, src, "")
			done <- is
		}()
	}
	for range files {
		<-done
	}
	for _, p := range files {
		src, _ := os.ReadFile(p)
		a, _ := AnalyzeFile(p, src, "")
		b, _ := AnalyzeFile(p, src, "")
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("AnalyzeFile(%s) is not deterministic (-first +second):\n%s", p, diff)
		}
	}
}

func TestSnippetHidesURLPassword(t *testing.T) {
	src := []byte("const pg = require('pg');\nexports.handler = async (event) => {\n  const c = new pg.Client('postgres://app:S3cretPw@db/app');\n  await c.query('SELECT ' + event.col + ' FROM t', 'postgres://app:S3cretPw@db/app' + event.x);\n};\n")
	issues, err := AnalyzeFile("h.js", src, "")
	if err != nil || len(issues) == 0 {
		t.Fatalf("AnalyzeFile = %v, %v; want an issue", issues, err)
	}
	for _, is := range issues {
		for _, s := range append([]Step{is.Flow.Source, is.Flow.Sink}, is.Flow.Steps...) {
			if strings.Contains(s.Code, "S3cretPw") {
				t.Errorf("step %+v shows the password", s)
			}
		}
	}
}
