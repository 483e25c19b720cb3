package code

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Node is a node of a JavaScript, TypeScript or Python syntax tree returned
// by Parse. Other analyses of function code (the SDK calls a handler makes)
// walk the same trees as the code audit.
type Node = node

// Kind returns the tree-sitter node kind ("call_expression").
func (n *node) Kind() string { return n.kind }

// Field returns the node's field name in its parent, or "".
func (n *node) Field() string { return n.field }

// Named reports whether the node is a named node (not punctuation).
func (n *node) Named() bool { return n.named }

// Line returns the node's 1-based line.
func (n *node) Line() int { return n.line }

// Column returns the node's 1-based column.
func (n *node) Column() int { return n.col }

// Parent returns the enclosing node, nil for the root.
func (n *node) Parent() *Node { return n.parent }

// Kids returns every child, named or not.
func (n *node) Kids() []*Node { return n.kids }

// Child returns the first child in the given field, or nil.
func (n *node) Child(field string) *Node { return n.child(field) }

// NamedKids returns the named children that are not comments.
func (n *node) NamedKids() []*Node { return n.namedKids() }

// Text returns the node's source in src, the bytes given to Parse.
func (n *node) Text(src []byte) string {
	if n == nil || int(n.end) > len(src) || n.start > n.end {
		return ""
	}
	return string(src[n.start:n.end])
}

// Language returns the language of a source file by its extension:
// "javascript", "typescript", "tsx", "python", "go", or "".
func Language(path string) string { return sourceExts[strings.ToLower(filepath.Ext(path))] }

// Parse parses a JavaScript, TypeScript or Python file with the grammar its
// extension selects. Go files are not parsed here: use go/parser.
func Parse(path string, src []byte) (*Node, error) {
	var g *grammar
	switch Language(path) {
	case "javascript":
		g = jsGrammar()
	case "typescript":
		g = tsGrammar()
	case "tsx":
		g = tsxGrammar()
	case "python":
		g = pyGrammar()
	default:
		return nil, fmt.Errorf("%s: unsupported file type", path)
	}
	root, err := parse(g, src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return root, nil
}

// HandlerFile resolves a handler setting as Analyze does: the source file
// under dir that holds the handler and the handler function's name.
func HandlerFile(dir, handler, runtime string) (path, entry string, err error) {
	file, fn, ok := splitHandler(handler)
	if !ok {
		return "", "", fmt.Errorf("handler %q: %w", handler, errNoHandler)
	}
	path, err = findHandlerFile(dir, file, runtime)
	if err != nil {
		return "", "", fmt.Errorf("handler %q: %w", handler, err)
	}
	return path, fn, nil
}

// IsGoFunction reports whether the function whose code is in dir is written
// in Go, as Analyze decides it.
func IsGoFunction(runtime, dir string) bool { return isGoRuntime(runtime, dir) }

// MaxFileSize is the largest source file the analyses read.
const MaxFileSize = maxFileSize

// Functions returns the top-level functions of a parsed file by name
// (function declarations, functions assigned to variables, Python
// definitions) and the function the handler name entry designates: an
// export of a JavaScript or TypeScript module, else a top-level function.
// The entry is nil when it cannot be resolved.
func Functions(path string, src []byte, root *Node, entry string) (funcs map[string]*Node, fn *Node) {
	a := &fileAnalysis{path: path, src: src, root: root, py: Language(path) == "python",
		aliases: map[string]string{}, funcs: map[string]*node{}}
	a.collect()
	if entry != "" {
		fn = a.exports()[entry]
		if fn == nil {
			fn = a.funcs[entry]
		}
	}
	return a.funcs, fn
}
