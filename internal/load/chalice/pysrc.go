package chalice

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"unsafe"

	sitter "github.com/tree-sitter/go-tree-sitter"
	python "github.com/tree-sitter/tree-sitter-python/bindings/go"
)

// maxDepth bounds the module-level expressions copied out of tree-sitter:
// decorator arguments and constants nest a few levels, never hundreds.
const maxDepth = 200

// pnode is a Python syntax node copied out of tree-sitter, holding only
// what the loader reads: module-level statements and decorators, not
// function bodies.
type pnode struct {
	kind       string
	field      string
	named      bool
	start, end uint32
	line, col  int
	kids       []*pnode
}

func (n *pnode) child(field string) *pnode {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.field == field {
			return k
		}
	}
	return nil
}

func (n *pnode) named0() []*pnode {
	if n == nil {
		return nil
	}
	var out []*pnode
	for _, k := range n.kids {
		if k.named && k.kind != "comment" {
			out = append(out, k)
		}
	}
	return out
}

type grammar struct {
	lang   *sitter.Language
	kinds  []string
	fields []string
}

var pyGrammar = sync.OnceValue(func() *grammar {
	l := sitter.NewLanguage(unsafe.Pointer(python.Language()))
	g := &grammar{lang: l}
	for i := range uint16(l.NodeKindCount()) {
		g.kinds = append(g.kinds, l.NodeKindForId(i))
	}
	g.fields = append(g.fields, "")
	for i := uint16(1); i <= uint16(l.FieldCount()); i++ {
		g.fields = append(g.fields, l.FieldNameForId(i))
	}
	return g
})

var errDepth = errors.New("nesting too deep")

// parseModule parses Python source and copies its module-level
// statements, reporting the line of the first syntax error (tree-sitter
// recovers from errors, so the rest is still read). Every tree-sitter
// object is closed before returning.
func parseModule(src []byte) (root *pnode, errorLine int, err error) {
	g := pyGrammar()
	p := sitter.NewParser()
	defer p.Close()
	if err := p.SetLanguage(g.lang); err != nil {
		return nil, 0, err
	}
	tree := p.Parse(src, nil)
	if tree == nil {
		return nil, 0, errors.New("the Python parser gave up")
	}
	defer tree.Close()
	rn := tree.RootNode()
	if rn.HasError() {
		errorLine = firstError(rn)
	}
	c := rn.Walk()
	defer c.Close()
	var deepLine int
	root = copyNode(g, c, 0, &deepLine)
	if deepLine > 0 {
		return nil, 0, fmt.Errorf("line %d: %w (more than %d levels)", deepLine, errDepth, maxDepth)
	}
	return root, errorLine, nil
}

// firstError returns the line of the first error or missing node under
// n, descending only into subtrees that contain one.
func firstError(n *sitter.Node) int {
	for depth := 0; depth < 10000; depth++ {
		if n.IsError() || n.IsMissing() {
			return int(n.StartPosition().Row) + 1
		}
		var next *sitter.Node
		for i := uint(0); i < n.ChildCount(); i++ {
			if k := n.Child(i); k != nil && (k.HasError() || k.IsMissing()) {
				next = k
				break
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return int(n.StartPosition().Row) + 1
}

// skipped says which subtrees are not copied: bodies of functions and
// classes, and module-level statements other than assignments and
// decorated definitions.
func skipped(parent *pnode, kind, field string) bool {
	switch {
	case parent == nil:
		return false
	case parent.kind == "module":
		return kind != "expression_statement" && kind != "decorated_definition" && kind != "import_from_statement"
	case parent.kind == "function_definition" || parent.kind == "class_definition":
		return field == "body"
	}
	return false
}

func copyNode(g *grammar, c *sitter.TreeCursor, depth int, errLine *int) *pnode {
	tn := c.Node()
	n := &pnode{named: tn.IsNamed(), start: uint32(tn.StartByte()), end: uint32(tn.EndByte())}
	if id := int(tn.KindId()); id < len(g.kinds) {
		n.kind = g.kinds[id]
	}
	if id := int(c.FieldId()); id < len(g.fields) {
		n.field = g.fields[id]
	}
	pos := tn.StartPosition()
	n.line, n.col = int(pos.Row)+1, int(pos.Column)+1
	if depth >= maxDepth {
		if *errLine == 0 {
			*errLine = n.line
		}
		return n
	}
	if !c.GotoFirstChild() {
		return n
	}
	for {
		kind := ""
		if id := int(c.Node().KindId()); id < len(g.kinds) {
			kind = g.kinds[id]
		}
		field := ""
		if id := int(c.FieldId()); id < len(g.fields) {
			field = g.fields[id]
		}
		if !skipped(n, kind, field) {
			n.kids = append(n.kids, copyNode(g, c, depth+1, errLine))
		}
		if *errLine > 0 || !c.GotoNextSibling() {
			break
		}
	}
	c.GotoParent()
	return n
}

// src is a parsed app.py with its module-level names.
type src struct {
	text []byte
	file string
	root *pnode
	// consts maps module-level names to the expression assigned last.
	consts map[string]*pnode
	// defs maps module-level function names to their decorated definition.
	defs map[string]*pnode
	// steps counts evaluation steps, bounded by maxSteps.
	steps int
}

func (s *src) of(n *pnode) string {
	if n == nil || int(n.end) > len(s.text) || n.start > n.end {
		return ""
	}
	return string(s.text[n.start:n.end])
}

// snippet returns an expression's source on one line, shortened.
func (s *src) snippet(n *pnode) string {
	t := strings.Join(strings.Fields(s.of(n)), " ")
	if len(t) > 120 {
		t = t[:117] + "..."
	}
	return strings.ToValidUTF8(t, "?")
}

func newSrc(file string, text []byte, root *pnode) *src {
	s := &src{text: text, file: file, root: root, consts: map[string]*pnode{}, defs: map[string]*pnode{}}
	for _, st := range root.kids {
		switch st.kind {
		case "expression_statement":
			for _, a := range st.named0() {
				if a.kind != "assignment" {
					continue
				}
				if l := a.child("left"); l != nil && l.kind == "identifier" && a.child("right") != nil {
					s.consts[s.of(l)] = a.child("right")
				}
			}
		case "decorated_definition":
			if def := st.child("definition"); def != nil && def.kind == "function_definition" {
				s.defs[s.of(def.child("name"))] = st
			}
		}
	}
	return s
}

// call is a decorator or constructor call with its arguments.
type call struct {
	node *pnode
	// recv and name split "app.route": recv "app", name "route"; a plain
	// call "Chalice(...)" has name "Chalice".
	recv, name string
	args       []*pnode
	kwargs     map[string]*pnode
}

// asCall reads a call expression, or returns nil.
func (s *src) asCall(n *pnode) *call {
	if n == nil || n.kind != "call" {
		return nil
	}
	c := &call{node: n, kwargs: map[string]*pnode{}}
	switch fn := n.child("function"); {
	case fn == nil:
		return nil
	case fn.kind == "identifier":
		c.name = s.of(fn)
	case fn.kind == "attribute":
		c.recv, c.name = s.of(fn.child("object")), s.of(fn.child("attribute"))
	default:
		return nil
	}
	for _, a := range n.child("arguments").named0() {
		if a.kind == "keyword_argument" {
			c.kwargs[s.of(a.child("name"))] = a.child("value")
			continue
		}
		c.args = append(c.args, a)
	}
	return c
}

// arg returns the argument given by keyword or at position i (-1: keyword
// only).
func (c *call) arg(i int, kw string) *pnode {
	if v, ok := c.kwargs[kw]; ok {
		return v
	}
	if i >= 0 && i < len(c.args) && c.args[i].kind != "list_splat" && c.args[i].kind != "dictionary_splat" {
		return c.args[i]
	}
	return nil
}
