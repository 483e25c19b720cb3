package code

import (
	"regexp"
	"strings"
	"sync"
	"unsafe"

	sitter "github.com/tree-sitter/go-tree-sitter"
	javascript "github.com/tree-sitter/tree-sitter-javascript/bindings/go"
	python "github.com/tree-sitter/tree-sitter-python/bindings/go"
	typescript "github.com/tree-sitter/tree-sitter-typescript/bindings/go"
)

// maxDepth bounds the syntax tree copied out of tree-sitter: generated code
// nested deeper than this is not a handler anyone wrote.
const maxDepth = 400

// node is a syntax tree node copied out of tree-sitter, so that the
// analysis walks Go memory instead of making a cgo call per step.
type node struct {
	kind      string
	field     string // field name in the parent, "" if none
	named     bool
	start     uint32
	end       uint32
	line, col int // 1-based
	parent    *node
	kids      []*node
}

// child returns the first child in the given field.
func (n *node) child(field string) *node {
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

// namedKids returns the named children that are not comments.
func (n *node) namedKids() []*node {
	out := make([]*node, 0, len(n.kids))
	for _, k := range n.kids {
		if k.named && k.kind != "comment" {
			out = append(out, k)
		}
	}
	return out
}

// grammar is one tree-sitter language with its kind and field names cached.
type grammar struct {
	lang   *sitter.Language
	kinds  []string
	fields []string
}

func newGrammar(ptr unsafe.Pointer) *grammar {
	l := sitter.NewLanguage(ptr)
	g := &grammar{lang: l}
	for i := range uint16(l.NodeKindCount()) {
		g.kinds = append(g.kinds, l.NodeKindForId(i))
	}
	g.fields = append(g.fields, "")
	for i := uint16(1); i <= uint16(l.FieldCount()); i++ {
		g.fields = append(g.fields, l.FieldNameForId(i))
	}
	return g
}

var (
	jsGrammar  = sync.OnceValue(func() *grammar { return newGrammar(javascript.Language()) })
	tsGrammar  = sync.OnceValue(func() *grammar { return newGrammar(typescript.LanguageTypescript()) })
	tsxGrammar = sync.OnceValue(func() *grammar { return newGrammar(typescript.LanguageTSX()) })
	pyGrammar  = sync.OnceValue(func() *grammar { return newGrammar(python.Language()) })
)

// parse parses src and copies the tree. Every tree-sitter object is closed
// before returning.
func parse(g *grammar, src []byte) (*node, error) {
	p := sitter.NewParser()
	defer p.Close()
	if err := p.SetLanguage(g.lang); err != nil {
		return nil, err
	}
	tree := p.Parse(src, nil)
	if tree == nil {
		return nil, errParse
	}
	defer tree.Close()
	root := tree.RootNode()
	c := root.Walk()
	defer c.Close()
	return copyTree(g, c, src, nil, 0), nil
}

// copyTree copies the node under the cursor and its descendants.
func copyTree(g *grammar, c *sitter.TreeCursor, src []byte, parent *node, depth int) *node {
	tn := c.Node()
	n := &node{parent: parent, named: tn.IsNamed(), start: uint32(tn.StartByte()), end: uint32(tn.EndByte())}
	if id := int(tn.KindId()); id < len(g.kinds) {
		n.kind = g.kinds[id]
	}
	if id := int(c.FieldId()); id < len(g.fields) {
		n.field = g.fields[id]
	}
	pos := tn.StartPosition()
	n.line, n.col = int(pos.Row)+1, int(pos.Column)+1
	if depth >= maxDepth || !c.GotoFirstChild() {
		return n
	}
	for {
		n.kids = append(n.kids, copyTree(g, c, src, n, depth+1))
		if !c.GotoNextSibling() {
			break
		}
	}
	c.GotoParent()
	return n
}

// text returns the source of n.
func (a *fileAnalysis) text(n *node) string {
	if n == nil || int(n.end) > len(a.src) || n.start > n.end {
		return ""
	}
	return string(a.src[n.start:n.end])
}

// snippet returns n's source on one line, shortened for display.
func (a *fileAnalysis) snippet(n *node) string {
	s := a.text(n)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " …"
	}
	return shorten(s)
}

// credentialInURL matches the password of scheme://user:password@host.
var credentialInURL = regexp.MustCompile(`(://[^\s:/@'"` + "`" + `]+:)[^\s@/'"` + "`" + `]+@`)

// shorten bounds a snippet for display and hides a password embedded in a
// URL, since snippets end up in reports.
func shorten(s string) string {
	s = credentialInURL.ReplaceAllString(s, "${1}…@")
	if len(s) > 120 {
		s = s[:117] + "…"
	}
	return strings.ToValidUTF8(s, "?")
}
