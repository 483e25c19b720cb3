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
	"sync/atomic"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/load/cfn"
	"github.com/slsguard/slsguard/internal/load/chalice"
	"github.com/slsguard/slsguard/internal/load/sls"
	"github.com/slsguard/slsguard/internal/load/tf"
	"github.com/slsguard/slsguard/internal/load/zappa"
	"github.com/slsguard/slsguard/internal/model"
)

// Options control discovery and loading.
type Options struct {
	// Params are template parameter values (CloudFormation parameters).
	Params map[string]string
	// Region is the deployment region, when known; Stage the Serverless
	// Framework stage.
	Region, Stage string
	// Skip lists glob patterns (matched against slash-separated paths
	// relative to the root, and against base names) to leave out.
	Skip []string
	// Workers bounds parallel loading; 0 means one per CPU.
	Workers int
	// Progress, when set, is called as units are loaded (done of total).
	// It may be called from several goroutines.
	Progress func(done, total int)
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
	root := scanRoot(paths)
	res := &Result{Root: root}
	var units []unit
	readable := 0
	for _, p := range paths {
		found, err := discover(root, p, opts.Skip)
		if err != nil {
			res.Problems = append(res.Problems, finding.Problem{Loc: model.Location{File: p}, Message: err.Error()})
			continue
		}
		readable++
		res.Files += len(found)
		units = append(units, group(p, found)...)
	}
	if readable == 0 {
		return res, fmt.Errorf("%w: %s", ErrNoInput, strings.Join(paths, ", "))
	}
	loadAll(root, units, opts, res)
	return res, nil
}

// isTerraform reports whether a file is Terraform configuration, in HCL or
// in the JSON syntax CDK for Terraform writes.
func isTerraform(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

// unit is what one loader call reads: a file, or the .tf files of one
// Terraform module.
type unit struct {
	path string
	tf   []string
}

// group turns discovered files into units: every Terraform file of a
// directory is one module, unless the user named the file itself.
func group(arg string, files []string) []unit {
	var out []unit
	modules := map[string][]string{}
	var dirs []string
	for _, f := range files {
		if !isTerraform(f) {
			out = append(out, unit{path: f})
			continue
		}
		if f == arg {
			out = append(out, unit{path: f, tf: []string{f}})
			continue
		}
		d := filepath.Dir(f)
		if _, ok := modules[d]; !ok {
			dirs = append(dirs, d)
		}
		modules[d] = append(modules[d], f)
	}
	for _, d := range dirs {
		out = append(out, unit{path: d, tf: modules[d]})
	}
	return out
}

// scanRoot is the directory locations are relative to: the directory
// scanned when there is one, the current directory when every path is
// inside it, and otherwise the paths' closest common ancestor, so that
// every scanned file is inside the root.
func scanRoot(paths []string) string {
	if len(paths) == 1 {
		if st, err := os.Stat(paths[0]); err == nil && st.IsDir() {
			return paths[0]
		}
	}
	var common string
	for i, p := range paths {
		d := filepath.Clean(p)
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			d = filepath.Dir(d)
		}
		if i == 0 {
			common = d
			continue
		}
		for !within(d, common) {
			parent := filepath.Dir(common)
			if parent == common {
				break
			}
			common = parent
		}
	}
	if common == "" || within(common, ".") {
		return "."
	}
	return common
}

// within reports whether path p is dir or below it (both cleaned,
// relative or absolute alike).
func within(p, dir string) bool {
	r, err := filepath.Rel(dir, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, "../")
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
	if name == "app.py" || zappa.Looks(name) {
		return true
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json", ".template", ".tf":
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
func loadAll(root string, units []unit, opts Options, res *Result) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([]loaded, len(units))
	var done atomic.Int64
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = loadUnit(root, units[i], opts)
				if opts.Progress != nil {
					opts.Progress(int(done.Add(1)), len(units))
				}
			}
		}()
	}
	for i := range units {
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

func loadUnit(root string, u unit, opts Options) loaded {
	if u.tf == nil {
		return loadFile(root, u.path, opts)
	}
	var (
		app      *model.App
		problems []finding.Problem
		err      error
	)
	topts := tf.Options{Vars: opts.Params}
	if len(u.tf) == 1 && u.tf[0] == u.path {
		app, problems, err = tf.LoadFiles(root, u.tf, topts)
	} else {
		app, problems, err = tf.LoadModule(root, u.path, topts)
	}
	if err != nil {
		return loaded{problems: append(problems, problemOf(relPath(root, u.path), err))}
	}
	if app == nil || len(app.Functions)+len(app.Stores)+len(app.APIs)+len(app.Roles)+len(app.Domains)+len(app.Grants)+len(app.Policies) == 0 {
		// A module with nothing serverless in it (networking, databases).
		return loaded{problems: problems}
	}
	return loaded{app: app, problems: problems}
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
	head = head[:n]
	switch {
	case filepath.Base(path) == "app.py":
		if !chalice.Looks(head) {
			return loaded{}
		}
		return loadWith(root, path, st.Size(), func([]byte) (*model.App, []finding.Problem, error) {
			return chalice.Load(root, relPath(root, filepath.Dir(path)))
		})
	case zappa.Looks(filepath.Base(path)):
		return loadWith(root, path, st.Size(), func(data []byte) (*model.App, []finding.Problem, error) {
			return zappa.Load(rel, data, filepath.Dir(path))
		})
	case sls.Looks(filepath.Base(path), head):
		return loadWith(root, path, st.Size(), func(data []byte) (*model.App, []finding.Problem, error) {
			return sls.Load(rel, data, sls.Options{Dir: filepath.Dir(path), Root: root, Stage: opts.Stage, Region: opts.Region, Params: opts.Params})
		})
	case strings.HasSuffix(path, ".json") && tf.LooksLikePlan(head):
		return loadWith(root, path, st.Size(), func(data []byte) (*model.App, []finding.Problem, error) {
			return tf.LoadPlan(rel, data)
		})
	case !cfn.Looks(head):
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

// loadWith reads a whole file within the size limit and loads it.
func loadWith(root, path string, size int64, fn func([]byte) (*model.App, []finding.Problem, error)) loaded {
	rel := relPath(root, path)
	if size > cfn.MaxFileSize {
		return loaded{problems: []finding.Problem{{Loc: model.Location{File: rel},
			Message: fmt.Sprintf("file of %d bytes is over the %d-byte limit; not loaded", size, cfn.MaxFileSize)}}}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return loaded{problems: []finding.Problem{{Loc: model.Location{File: rel}, Message: err.Error()}}}
	}
	app, problems, err := fn(data)
	if errors.Is(err, sls.ErrUnsupportedProvider) {
		// Serverless services for other clouds are not AWS applications;
		// they are not errors in the file.
		return loaded{}
	}
	if err != nil {
		return loaded{problems: append(problems, problemOf(rel, err))}
	}
	if app != nil {
		app.Dir = relPath(root, filepath.Dir(path))
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
