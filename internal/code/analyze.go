package code

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// maxFileSize bounds the source files analysed: larger files are bundles or
// generated code, where a handler-level analysis says little.
const maxFileSize = 2 << 20

var (
	errParse     = errors.New("parse failed")
	errNoHandler = errors.New("handler not found")
)

// sourceExts lists the extensions of analysed files, per language.
var sourceExts = map[string]string{
	".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
	".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx",
	".py": "python", ".go": "go",
}

// Analyze audits the function whose code is in dir, a folder or a zip
// deployment package. handler is the handler
// setting ("index.handler", "app.lambda_handler", "src/handler.main"; for
// Go, the executable name, which is ignored); runtime is the Lambda runtime
// identifier ("nodejs20.x", "python3.12", "go1.x", "provided.al2023") or "".
// An empty handler audits every source file of dir in AnalyzeFile's
// all-exported-functions mode. Problems with single files are returned as
// errors and the analysis of the others goes on. Issue files are relative
// to dir, or "package.zip!member" inside a zip.
func Analyze(dir, handler, runtime string) ([]Issue, []error) {
	if st, err := os.Stat(dir); err == nil && st.Mode().IsRegular() && strings.HasSuffix(strings.ToLower(dir), ".zip") {
		return analyzeZip(dir, handler, runtime)
	}
	if handler == "" {
		return analyzeTree(dir)
	}
	if isGoRuntime(runtime, dir) {
		return analyzeGo(dir, handler)
	}
	file, fn, ok := splitHandler(handler)
	if !ok {
		return nil, []error{fmt.Errorf("analyze %s: handler %q: %w", dir, handler, errNoHandler)}
	}
	path, err := findHandlerFile(dir, file, runtime)
	if err != nil {
		return nil, []error{fmt.Errorf("analyze %s: handler %q: %w", dir, handler, err)}
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, []error{fmt.Errorf("analyze %s: %w", path, err)}
	}
	rel, _ := filepath.Rel(dir, path)
	issues, err := AnalyzeFile(filepath.ToSlash(rel), src, fn)
	if err != nil {
		return issues, []error{fmt.Errorf("analyze %s: %w", path, err)}
	}
	return issues, nil
}

// analyzeGo finds the Go sources of a function: dir itself, or the folder
// named like the handler's executable (bin/hello built from hello/), or else
// every Go package under dir.
func analyzeGo(dir, handler string) ([]Issue, []error) {
	if ms, _ := filepath.Glob(filepath.Join(dir, "*.go")); len(ms) > 0 {
		return analyzeGoDir(dir)
	}
	for _, c := range []string{filepath.Base(handler), filepath.Join("cmd", filepath.Base(handler))} {
		sub := filepath.Join(dir, c)
		if ms, _ := filepath.Glob(filepath.Join(sub, "*.go")); len(ms) > 0 {
			is, errs := analyzeGoDir(sub)
			for i := range is {
				is[i].File = relTo(dir, sub, is[i].File)
			}
			return is, errs
		}
	}
	return analyzeTree(dir)
}

// splitHandler splits "src/handler.main" into "src/handler" and "main".
func splitHandler(h string) (string, string, bool) {
	i := strings.LastIndexByte(h, '.')
	if i <= 0 || i == len(h)-1 {
		return "", "", false
	}
	return h[:i], h[i+1:], true
}

// isGoRuntime reports whether the function is written in Go.
func isGoRuntime(runtime, dir string) bool {
	if strings.HasPrefix(runtime, "go") {
		return true
	}
	if strings.HasPrefix(runtime, "provided") {
		_, err := os.Stat(filepath.Join(dir, "go.mod"))
		matches, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		return err == nil || len(matches) > 0
	}
	return false
}

// findHandlerFile finds the source of a handler module, trying the
// extensions of the runtime's languages, and TypeScript sources for
// compiled output.
func findHandlerFile(dir, file, runtime string) (string, error) {
	exts := []string{".js", ".mjs", ".cjs", ".ts", ".mts", ".py"}
	if strings.HasPrefix(runtime, "python") {
		exts = []string{".py"}
		file = strings.ReplaceAll(file, ".", "/")
	}
	candidates := []string{file}
	if strings.HasPrefix(file, "dist/") || strings.HasPrefix(file, "build/") || strings.HasPrefix(file, ".build/") {
		_, rest, _ := strings.Cut(file, "/")
		candidates = append(candidates, "src/"+rest, rest)
	}
	for _, c := range candidates {
		for _, ext := range exts {
			p := filepath.Join(dir, filepath.FromSlash(c)+ext)
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
				return p, nil
			}
		}
	}
	return "", fmt.Errorf("no source file for %q: %w", file, os.ErrNotExist)
}

// analyzeTree audits every source file under dir, skipping dependencies,
// build output and tests.
func analyzeTree(dir string) ([]Issue, []error) {
	var issues []Issue
	var errs []error
	goDirs := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		if d.IsDir() {
			if p != dir && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		lang := sourceExts[filepath.Ext(p)]
		if lang == "" || skipFile(d.Name()) {
			return nil
		}
		if lang == "go" {
			goDirs[filepath.Dir(p)] = true
			return nil
		}
		is, err := analyzePath(dir, p)
		issues = append(issues, is...)
		if err != nil {
			errs = append(errs, err)
		}
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	for gd := range goDirs {
		is, es := analyzeGoDir(gd)
		for i := range is {
			is[i].File = relTo(dir, gd, is[i].File)
		}
		issues = append(issues, is...)
		errs = append(errs, es...)
	}
	return sortIssues(issues), errs
}

func relTo(root, dir, file string) string {
	rel, err := filepath.Rel(root, filepath.Join(dir, filepath.FromSlash(file)))
	if err != nil {
		return file
	}
	return filepath.ToSlash(rel)
}

func analyzePath(root, p string) ([]Issue, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("analyze %s: %w", p, err)
	}
	if st.Size() > maxFileSize {
		return nil, nil
	}
	src, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("analyze %s: %w", p, err)
	}
	rel, _ := filepath.Rel(root, p)
	is, err := AnalyzeFile(filepath.ToSlash(rel), src, "")
	if err != nil && !errors.Is(err, errNoHandler) {
		return is, fmt.Errorf("analyze %s: %w", p, err)
	}
	return is, nil
}

// skipDir lists folders that hold dependencies, build output or tests.
func skipDir(name string) bool {
	switch name {
	case "node_modules", "vendor", ".venv", "venv", "site-packages", "__pycache__", "dist", "build",
		".build", ".serverless", ".aws-sam", "cdk.out", "coverage", "test", "tests", "__tests__", ".git":
		return true
	}
	return strings.HasPrefix(name, ".") && name != "."
}

// skipFile lists test files, type declarations and minified bundles.
func skipFile(name string) bool {
	return strings.HasSuffix(name, ".d.ts") || strings.Contains(name, ".test.") || strings.Contains(name, ".spec.") ||
		strings.HasPrefix(name, "test_") || strings.HasSuffix(name, "_test.py") || strings.HasSuffix(name, "_test.go") ||
		strings.HasSuffix(name, ".min.js")
}

// AnalyzeFile audits one source file. path names the file in the issues and
// selects the language by extension. entry is the handler function's name;
// "" analyses every exported function (module exports in JavaScript and
// TypeScript; top-level functions that look like handlers or framework
// routes in Python; for Go, see Analyze) with its first parameter as the
// event. Framework request objects are sources in every mode.
func AnalyzeFile(path string, src []byte, entry string) ([]Issue, error) {
	lang := sourceExts[strings.ToLower(filepath.Ext(path))]
	switch lang {
	case "":
		return nil, fmt.Errorf("%s: unsupported file type", path)
	case "go":
		return analyzeGoFile(path, src, entry)
	}
	g, rules := jsGrammar(), jsRules
	switch lang {
	case "typescript":
		g = tsGrammar()
	case "tsx":
		g = tsxGrammar()
	case "python":
		g, rules = pyGrammar(), pyRules
	}
	root, err := parse(g, src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	a := &fileAnalysis{path: path, src: src, root: root, py: lang == "python", rules: rules,
		aliases: map[string]string{}, funcs: map[string]*node{}, summaries: map[summaryKey]*taint{}, active: map[summaryKey]bool{}}
	a.collect()
	rules.checks(a)
	entries, err := a.entries(entry)
	for _, fn := range entries {
		a.analyzeEntry(fn, entry != "" && err == nil)
	}
	return sortIssues(a.issues), err
}
