package sls

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// fileReader reads the files ${file(...)} names, only under root, bounded
// in size and number, and notices inclusion cycles.
type fileReader struct {
	root  string
	stack []string
	count int
}

func newFileReader(root string) *fileReader {
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	return &fileReader{root: root}
}

// open resolves name against dir and checks that it stays under root
// (after symbolic links), so a serverless.yml cannot make the scanner
// read files outside the scanned tree.
func (fr *fileReader) open(dir, name string) (string, []byte, error) {
	if name == "" {
		return "", nil, errors.New("no file name")
	}
	p := name
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", nil, err
	}
	if !fr.inside(abs) {
		return "", nil, fmt.Errorf("%s is outside the scanned tree", name)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", nil, err
	}
	if !fr.inside(real) {
		return "", nil, fmt.Errorf("%s leads outside the scanned tree", name)
	}
	if fr.count++; fr.count > maxFiles {
		return "", nil, fmt.Errorf("more than %d included files: %w", maxFiles, errFatal)
	}
	f, err := os.Open(real)
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return "", nil, fmt.Errorf("%s is not a regular file", name)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return "", nil, err
	}
	if len(data) > MaxFileSize {
		return "", nil, fmt.Errorf("%s: %w (limit %d bytes)", name, ErrTooLarge, MaxFileSize)
	}
	return real, data, nil
}

func (fr *fileReader) inside(p string) bool {
	rel, err := filepath.Rel(fr.root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// file evaluates ${file(path)} and ${file(path):address}. The included
// content is placed at the variable's position: its own lines belong to
// another file.
func (r *resolver) file(ref reference, p pos, sc scope) (*yaml.Node, outcome, string, error) {
	switch strings.ToLower(filepath.Ext(ref.param)) {
	case ".js", ".cjs", ".mjs", ".ts":
		return nil, symbolic, "the result of the script " + ref.param, nil
	}
	real, data, err := r.files.open(sc.dir, ref.param)
	if err != nil {
		if errors.Is(err, errFatal) {
			return nil, 0, "", fmt.Errorf("line %d: %w", p.line, err)
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, notFound, "", nil
		}
		r.problem(p, "${file(%s)}: %v", ref.param, trimPathErr(err))
		return nil, symbolic, "the file " + ref.param, nil
	}
	if slices.Contains(r.files.stack, real) {
		r.problem(p, "${file(%s)} includes itself (cycle of included files)", ref.param)
		return nil, symbolic, "a file that includes itself", nil
	}
	var doc *yaml.Node
	switch strings.ToLower(filepath.Ext(real)) {
	case ".yml", ".yaml", ".json":
		doc, err = parseYAML(data, r.budget)
		if err != nil {
			if errors.Is(err, ErrTooLarge) || strings.Contains(err.Error(), "alias bomb") {
				return nil, 0, "", fmt.Errorf("line %d: %s: %v: %w", p.line, ref.param, err, errFatal)
			}
			r.problem(p, "${file(%s)}: %v", ref.param, err)
			return nil, symbolic, "the file " + ref.param, nil
		}
		place(doc, p)
	default:
		return str(strings.TrimRight(string(data), "\n"), p), found, "", nil
	}
	r.files.stack = append(r.files.stack, real)
	holder := seq(p, doc)
	err = r.at(holder, 0, scope{dir: filepath.Dir(real), file: real})
	r.files.stack = r.files.stack[:len(r.files.stack)-1]
	if err != nil {
		return nil, 0, "", err
	}
	cur := holder.Content[0]
	if ref.address != "" {
		for _, key := range strings.Split(ref.address, ".") {
			parent, i := child(cur, key)
			if parent == nil {
				return nil, notFound, "", nil
			}
			cur = parent.Content[i]
			if sym, ok := r.pending(cur); ok {
				return nil, symbolic, sym, nil
			}
		}
	}
	return cur, found, "", nil
}

// place moves every node of a tree to p.
func place(n *yaml.Node, p pos) {
	n.Line, n.Column = p.line, p.col
	for _, c := range n.Content {
		place(c, p)
	}
}

func trimPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
