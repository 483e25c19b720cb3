// Package load discovers the serverless applications under a set of paths
// and dispatches each file to the loader of its format. Problems with one
// file are collected with their location; the rest is loaded.
package load

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/load/cfn"
	"github.com/slsguard/slsguard/internal/model"
)

// Options control discovery and loading.
type Options struct {
	// Params are template parameter values (CloudFormation parameters).
	Params map[string]string
	// Region is the deployment region, when known.
	Region string
	// Skip lists glob patterns (matched against slash-separated paths
	// relative to the root, and against base names) to leave out.
	Skip []string
	// Workers bounds parallel loading; 0 means one per CPU.
	Workers int
}

// Result is what loading found.
type Result struct {
	// Root is the directory locations are relative to.
	Root     string
	Apps     []*model.App
	Problems []finding.Problem
	// Files is the number of candidate files examined.
	Files int
}

// ErrNoInput is returned when no path could be read at all.
var ErrNoInput = errors.New("no input could be read")

// skipDirs are directories that hold dependencies, build output or tool
// state, never the application's own templates. cdk.out is not among them:
// it is where CDK writes the templates.
var skipDirs = map[string]bool{
	"node_modules": true, ".git": true, ".hg": true, ".svn": true, ".terraform": true,
	".serverless": true, ".aws-sam": true, "__pycache__": true, ".venv": true, "venv": true,
	".tox": true, ".idea": true, ".vscode": true, "vendor": true, "bower_components": true,
	".pytest_cache": true, ".mypy_cache": true, "site-packages": true,
}

// Load discovers and loads every application under paths. Locations are
// relative to the first path when it is a directory, otherwise to the
// current directory.
func Load(paths []string, opts Options) (*Result, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	root := "."
	if st, err := os.Stat(paths[0]); err == nil && st.IsDir() && len(paths) == 1 {
		root = paths[0]
	}
	res := &Result{Root: root}
	var files []string
	readable := 0
	for _, p := range paths {
		found, err := discover(root, p, opts.Skip)
		if err != nil {
			res.Problems = append(res.Problems, finding.Problem{Loc: model.Location{File: p}, Message: err.Error()})
			continue
		}
		readable++
		files = append(files, found...)
	}
	if readable == 0 {
		return res, fmt.Errorf("%w: %s", ErrNoInput, strings.Join(paths, ", "))
	}
	res.Files = len(files)
	loadAll(root, files, opts, res)
	return res, nil
}

// discover lists candidate template files under path.
func discover(root, path string, skip []string) ([]string, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		if st.Mode()&fs.ModeSymlink != 0 {
			// A named file may be a link; resolve it, it was asked for.
			if st, err = os.Stat(path); err != nil {
				return nil, err
			}
		}
		return []string{path}, nil
	}
	var out []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			// An unreadable directory is skipped, not fatal.
			return nil
		}
		rel := relPath(root, p)
		if d.IsDir() {
			if p != path && (skipDirs[d.Name()] || skipped(rel, d.Name(), skip)) {
				return filepath.SkipDir
			}
			return nil
		}
		// Symbolic links are never followed: they may lead out of the tree.
		if d.Type()&fs.ModeSymlink != 0 || !d.Type().IsRegular() {
			return nil
		}
		if candidate(d.Name()) && !skipped(rel, d.Name(), skip) {
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

func skipped(rel, name string, patterns []string) bool {
	for _, pat := range patterns {
		pat = strings.TrimSuffix(pat, "/")
		if ok, _ := filepath.Match(pat, rel); ok {
			return true
		}
		if ok, _ := filepath.Match(pat, name); ok {
			return true
		}
		if strings.HasPrefix(rel, pat+"/") {
			return true
		}
	}
	return false
}

// candidate reports whether a file name may hold an application.
func candidate(name string) bool {
	switch strings.ToLower(name) {
	case "package.json", "package-lock.json", "tsconfig.json", "composer.json", "composer.lock",
		"pnpm-lock.yaml", ".eslintrc.json", "cdk.json", "manifest.json", "tree.json", "cdk.context.json":
		return false
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json", ".template":
		return true
	}
	return false
}

func relPath(root, p string) string {
	if r, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(p)
}

type loaded struct {
	app      *model.App
	problems []finding.Problem
}

// loadAll parses files in parallel and collects results in file order, so
// that output does not depend on scheduling.
func loadAll(root string, files []string, opts Options, res *Result) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([]loaded, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = loadFile(root, files[i], opts)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, l := range out {
		if l.app != nil {
			res.Apps = append(res.Apps, l.app)
		}
		res.Problems = append(res.Problems, l.problems...)
	}
	sort.SliceStable(res.Apps, func(i, j int) bool { return res.Apps[i].File < res.Apps[j].File })
}

func loadFile(root, path string, opts Options) loaded {
	rel := relPath(root, path)
	st, err := os.Stat(path)
	if err != nil {
		return loaded{problems: []finding.Problem{{Loc: model.Location{File: rel}, Message: err.Error()}}}
	}
	f, err := os.Open(path)
	if err != nil {
		return loaded{problems: []finding.Problem{{Loc: model.Location{File: rel}, Message: err.Error()}}}
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := f.Read(head)
	if !cfn.Looks(head[:n]) {
		return loaded{}
	}
	if st.Size() > cfn.MaxFileSize {
		return loaded{problems: []finding.Problem{{Loc: model.Location{File: rel},
			Message: fmt.Sprintf("template of %d bytes is over the %d-byte limit; not loaded", st.Size(), cfn.MaxFileSize)}}}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return loaded{problems: []finding.Problem{{Loc: model.Location{File: rel}, Message: err.Error()}}}
	}
	app, problems, err := cfn.Load(rel, data, cfn.Options{Params: opts.Params, Region: opts.Region})
	if err != nil {
		var pe *cfn.ParseError
		if errors.As(err, &pe) && strings.Contains(pe.Msg, "not a CloudFormation template") || strings.Contains(err.Error(), "a template is a mapping") {
			return loaded{}
		}
		return loaded{problems: []finding.Problem{problemOf(rel, err)}}
	}
	app.Dir = relPath(root, filepath.Dir(path))
	if app.Dir == "" {
		app.Dir = "."
	}
	return loaded{app: app, problems: problems}
}

func problemOf(file string, err error) finding.Problem {
	var pe *cfn.ParseError
	if errors.As(err, &pe) {
		return finding.Problem{Loc: pe.Loc, Message: pe.Msg}
	}
	return finding.Problem{Loc: model.Location{File: file}, Message: err.Error()}
}
