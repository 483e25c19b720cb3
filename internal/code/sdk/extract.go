package sdk

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/slsguard/slsguard/internal/code"
)

// Result is what Extract found in one function's code.
type Result struct {
	// Calls are the SDK calls, sorted by file and position.
	Calls []Call `json:"calls"`
	// Files are the analysed files, relative to the code directory.
	Files []string `json:"files"`
	// Libraries are imported packages that call AWS APIs themselves.
	Libraries []Library `json:"libraries,omitempty"`
	// Unfollowed are relative imports whose source is not in the code
	// directory: calls made there are not seen.
	Unfollowed []string `json:"unfollowed,omitempty"`
	// Errors are files that could not be read or parsed, and a handler
	// that could not be found.
	Errors []error `json:"-"`
}

// Analysed reports whether the code was read at all.
func (r Result) Analysed() bool { return len(r.Files) > 0 }

// FileResult is what ExtractFile found in one file.
type FileResult struct {
	Calls []Call
	// Imports are the module specifiers of the file's relative imports
	// ("./lib/db", ".models", "models.user").
	Imports []string
	// Libraries are the imported packages that call AWS APIs themselves.
	Libraries []Library
	// Forward is set when the handler is re-exported from another module.
	Forward *Forward
}

// Forward names the module and export a re-exported handler comes from.
type Forward struct {
	Module, Entry string
}

// ErrNoHandler is returned when the handler's source cannot be found.
var ErrNoHandler = errors.New("handler source not found")

// Extract finds the SDK calls of the function whose code is in dir:
// those reachable from the handler in its file, and every call of the
// modules of dir that file imports. For Go, every file of the handler's
// package is read.
func Extract(dir, handler, runtime string) Result {
	var res Result
	if code.IsGoFunction(runtime, dir) {
		return extractGo(dir, handler)
	}
	path, entry, err := code.HandlerFile(dir, handler, runtime)
	if err != nil {
		res.Errors = append(res.Errors, fmt.Errorf("extract %s: %w: %w", dir, ErrNoHandler, err))
		return res
	}
	type job struct{ path, entry string }
	queue := []job{{path, entry}}
	seen := map[string]bool{}
	mods := &modules{dir: dir, exports: map[string]map[string]*client{}}
	for len(queue) > 0 && len(seen) < 64 {
		j := queue[0]
		queue = queue[1:]
		if seen[j.path] {
			continue
		}
		seen[j.path] = true
		fr, err := extractPath(dir, j.path, j.entry, mods.resolver(j.path))
		if err != nil {
			res.Errors = append(res.Errors, err)
			continue
		}
		if fw := fr.Forward; fw != nil {
			if p := resolveImport(dir, j.path, fw.Module); p != "" {
				delete(seen, p)
				queue = append(queue, job{p, fw.Entry})
			}
			continue
		}
		rel, _ := filepath.Rel(dir, j.path)
		res.Files = append(res.Files, filepath.ToSlash(rel))
		res.Calls = append(res.Calls, fr.Calls...)
		res.Libraries = append(res.Libraries, fr.Libraries...)
		for _, imp := range fr.Imports {
			p := resolveImport(dir, j.path, imp)
			switch {
			case p != "" && !seen[p]:
				queue = append(queue, job{p, ""})
			case p == "" && strings.HasPrefix(imp, "."):
				res.Unfollowed = append(res.Unfollowed, imp)
			}
		}
	}
	sortCalls(res.Calls)
	return res
}

func extractPath(dir, path, entry string, resolve resolver) (FileResult, error) {
	st, err := os.Stat(path)
	if err != nil {
		return FileResult{}, fmt.Errorf("extract %s: %w", path, err)
	}
	if st.Size() > code.MaxFileSize {
		return FileResult{}, fmt.Errorf("extract %s: larger than %d bytes", path, code.MaxFileSize)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return FileResult{}, fmt.Errorf("extract %s: %w", path, err)
	}
	rel, _ := filepath.Rel(dir, path)
	fr, err := extractFile(filepath.ToSlash(rel), src, entry, resolve)
	if err != nil {
		return fr, fmt.Errorf("extract %s: %w", path, err)
	}
	return fr, nil
}

// resolveImport finds the file of a relative import inside dir.
func resolveImport(dir, from, imp string) string {
	var cands []string
	base := filepath.Dir(from)
	if strings.HasSuffix(from, ".py") {
		// ".models" is relative to the importing package; "models.user"
		// to the code root or the importing file's folder.
		rel := strings.TrimLeft(imp, ".")
		p := filepath.FromSlash(strings.ReplaceAll(rel, ".", "/"))
		for _, b := range []string{base, dir} {
			cands = append(cands, filepath.Join(b, p+".py"), filepath.Join(b, p, "__init__.py"))
		}
	} else {
		p := filepath.Join(base, filepath.FromSlash(imp))
		cands = append(cands, p)
		for _, ext := range []string{".js", ".ts", ".mjs", ".cjs", ".mts"} {
			cands = append(cands, p+ext, filepath.Join(p, "index"+ext))
		}
		if strings.HasSuffix(p, ".js") {
			cands = append(cands, strings.TrimSuffix(p, ".js")+".ts")
		}
	}
	absDir, _ := filepath.Abs(dir)
	for _, c := range cands {
		abs, _ := filepath.Abs(c)
		if !strings.HasPrefix(abs, absDir+string(filepath.Separator)) || code.Language(c) == "" {
			continue
		}
		if st, err := os.Stat(c); err == nil && st.Mode().IsRegular() {
			return c
		}
	}
	return ""
}

// ExtractFile finds the SDK calls of one source file. path names the file
// in the calls and selects the language by extension; entry is the
// handler function's name, "" for every call of the file.
func ExtractFile(path string, src []byte, entry string) (FileResult, error) {
	return extractFile(path, src, entry, nil)
}

// resolver returns the clients a relative import exports, by exported
// name ("default" for module.exports and export default), or nil.
type resolver func(spec string) map[string]*client

func extractFile(path string, src []byte, entry string, resolve resolver) (FileResult, error) {
	switch code.Language(path) {
	case "go":
		return extractGoFile(path, src)
	case "":
		return FileResult{}, fmt.Errorf("%s: unsupported file type", path)
	}
	root, err := code.Parse(path, src)
	if err != nil {
		return FileResult{}, err
	}
	funcs, fn := code.Functions(path, src, root, entry)
	py := code.Language(path) == "python"
	topClasses(root, src, funcs)
	scope := []*code.Node{root}
	if fn != nil {
		scope = append([]*code.Node{fn}, moduleLevel(root, src, py)...)
	}
	var res FileResult
	var modules []string
	if py {
		p := newPyFile(path, src, root, funcs, resolve)
		p.collect()
		p.scan(scope)
		res.Calls, res.Imports = p.calls, p.imports
		modules = append(modules, p.imports...)
		for _, v := range p.aliases {
			modules = append(modules, v)
		}
	} else {
		f := newJSFile(path, src, root, funcs, resolve)
		f.collect()
		if re, ok := f.reexports[entry]; ok && fn == nil {
			// export { default as sender } from './sqs/sender'
			return FileResult{Forward: &Forward{Module: re[0], Entry: re[1]}}, nil
		}
		f.scan(scope)
		res.Calls, res.Imports = f.calls, f.imports
		for _, v := range f.aliases {
			modules = append(modules, v)
		}
	}
	sortCalls(res.Calls)
	slices.Sort(res.Imports)
	res.Imports = slices.Compact(res.Imports)
	res.Libraries = librariesOf(path, modules)
	return res, nil
}

func newPyFile(path string, src []byte, root *code.Node, funcs map[string]*code.Node, resolve resolver) *pyFile {
	return &pyFile{path: path, src: src, root: root, aliases: map[string]string{}, clients: map[string]*client{},
		values: map[string]*code.Node{}, funcs: funcs, resolve: resolve}
}

func newJSFile(path string, src []byte, root *code.Node, funcs map[string]*code.Node, resolve resolver) *jsFile {
	f := &jsFile{path: path, src: src, root: root, aliases: map[string]string{}, clients: map[string]*client{},
		values: map[string]*code.Node{}, env: map[string]string{}, funcs: map[string]*code.Node{},
		reexports: map[string][2]string{}, resolve: resolve}
	for k, v := range funcs {
		f.funcs[k] = v
	}
	return f
}
