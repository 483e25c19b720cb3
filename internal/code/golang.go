package code

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// goAnalysis is the state of the analysis of one Go package directory.
type goAnalysis struct {
	fset      *token.FileSet
	root      string // directory that file names are relative to
	file      *ast.File
	imports   map[string]string // local package name -> import path, of the current file
	fileOf    map[*ast.FuncDecl]*ast.File
	funcs     map[string]*ast.FuncDecl
	summaries map[goSummaryKey]*taint
	active    map[goSummaryKey]bool
	depth     int
	issues    []Issue
}

type goSummaryKey struct {
	fn   *ast.FuncDecl
	mask uint64
}

// analyzeGoDir analyses the Go package in dir: the function passed to
// lambda.Start, or its exported handler-like functions.
func analyzeGoDir(dir string) ([]Issue, []error) {
	paths, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	sort.Strings(paths)
	g := newGoAnalysis(dir)
	var files []*ast.File
	var errs []error
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("analyze %s: %w", p, err))
			continue
		}
		f, err := parser.ParseFile(g.fset, p, src, parser.SkipObjectResolution)
		if err != nil {
			errs = append(errs, fmt.Errorf("analyze %s: %w", p, err))
			continue
		}
		files = append(files, f)
	}
	g.run(files, "")
	return sortIssues(g.issues), errs
}

// analyzeGoFile analyses one Go file; entry names the handler function, or
// "" for the function given to lambda.Start or the exported handler-like ones.
func analyzeGoFile(path string, src []byte, entry string) ([]Issue, error) {
	g := newGoAnalysis("")
	f, err := parser.ParseFile(g.fset, path, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	g.run([]*ast.File{f}, entry)
	return sortIssues(g.issues), nil
}

func newGoAnalysis(root string) *goAnalysis {
	return &goAnalysis{fset: token.NewFileSet(), root: root, fileOf: map[*ast.FuncDecl]*ast.File{},
		funcs: map[string]*ast.FuncDecl{}, summaries: map[goSummaryKey]*taint{}, active: map[goSummaryKey]bool{}}
}

// run finds the entry points of the files and analyses them.
func (g *goAnalysis) run(files []*ast.File, entry string) {
	var started []string
	// Methods are kept apart from g.funcs, which resolves plain calls: a
	// method is only an entry, given to lambda.Start as a method value
	// (lambda.Start(h.handle)) or found by its handler shape. Without type
	// information, methods are told apart by "Receiver.name".
	methods := map[string]*ast.FuncDecl{}
	for _, f := range files {
		g.setFile(f)
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			g.fileOf[fd] = f
			if fd.Recv == nil {
				g.funcs[fd.Name.Name] = fd
			} else {
				methods[receiverType(fd)+"."+fd.Name.Name] = fd
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok && strings.HasPrefix(g.callName(c), "github.com/aws/aws-lambda-go/lambda.Start") && len(c.Args) > 0 {
				started = append(started, lastName(c.Args[0]))
			}
			return true
		})
		g.checks(f)
	}
	if entry != "" {
		started = []string{entry}
	}
	for _, name := range sortedFuncNames(g.funcs) {
		fd := g.funcs[name]
		if contains(started, name) || (len(started) == 0 && goHandlerLike(fd)) {
			g.setFile(g.fileOf[fd])
			g.analyzeEntry(fd)
		}
	}
	for _, name := range sortedFuncNames(methods) {
		fd := methods[name]
		if contains(started, fd.Name.Name) || (len(started) == 0 && goHandlerLike(fd)) {
			g.setFile(g.fileOf[fd])
			g.analyzeEntry(fd)
		}
	}
}

// receiverType returns the type name of a method's receiver, without
// pointer and type parameters.
func receiverType(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return ""
	}
	t := fd.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.ParenExpr:
			t = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

func sortedFuncNames(m map[string]*ast.FuncDecl) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func lastName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.CallExpr:
		return lastName(e.Fun)
	}
	return ""
}

// goHandlerLike recognises exported functions that take an event.
func goHandlerLike(fd *ast.FuncDecl) bool {
	if !fd.Name.IsExported() {
		return false
	}
	p := eventParam(fd)
	if p == nil {
		return false
	}
	typ := typeString(p.Type)
	return strings.Contains(typ, "events.") || strings.Contains(typ, "Request") || strings.Contains(typ, "Event")
}

// eventParam returns the first parameter that is not a context.Context.
func eventParam(fd *ast.FuncDecl) *ast.Field {
	for _, f := range fd.Type.Params.List {
		if strings.HasSuffix(typeString(f.Type), "context.Context") {
			continue
		}
		return f
	}
	return nil
}

func typeString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return typeString(e.X) + "." + e.Sel.Name
	case *ast.StarExpr:
		return "*" + typeString(e.X)
	case *ast.ArrayType:
		return "[]" + typeString(e.Elt)
	case *ast.MapType:
		return "map[" + typeString(e.Key) + "]" + typeString(e.Value)
	}
	return ""
}

func (g *goAnalysis) setFile(f *ast.File) {
	g.file = f
	g.imports = map[string]string{}
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		name := p[strings.LastIndexByte(p, '/')+1:]
		if im.Name != nil {
			name = im.Name.Name
		}
		g.imports[name] = p
	}
}

// step makes a Step at a node.
func (g *goAnalysis) step(n ast.Node, note string) Step {
	pos := g.fset.Position(n.Pos())
	return Step{File: g.relFile(pos.Filename), Line: pos.Line, Column: pos.Column, Code: g.snippet(n), Note: note}
}

func (g *goAnalysis) relFile(name string) string {
	if g.root == "" {
		return name
	}
	if rel, err := filepath.Rel(g.root, name); err == nil {
		return filepath.ToSlash(rel)
	}
	return name
}

// snippet prints a node back as source, shortened to one line.
func (g *goAnalysis) snippet(n ast.Node) string {
	var b strings.Builder
	writeExpr(&b, n)
	return shorten(b.String())
}

// writeExpr renders the common expression forms compactly; other nodes
// render as "…".
func writeExpr(b *strings.Builder, n ast.Node) {
	switch n := n.(type) {
	case *ast.Ident:
		b.WriteString(n.Name)
	case *ast.BasicLit:
		b.WriteString(n.Value)
	case *ast.SelectorExpr:
		writeExpr(b, n.X)
		b.WriteString("." + n.Sel.Name)
	case *ast.CallExpr:
		writeExpr(b, n.Fun)
		b.WriteString("(")
		for i, a := range n.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a)
		}
		b.WriteString(")")
	case *ast.IndexExpr:
		writeExpr(b, n.X)
		b.WriteString("[")
		writeExpr(b, n.Index)
		b.WriteString("]")
	case *ast.BinaryExpr:
		writeExpr(b, n.X)
		b.WriteString(" " + n.Op.String() + " ")
		writeExpr(b, n.Y)
	case *ast.UnaryExpr:
		b.WriteString(n.Op.String())
		writeExpr(b, n.X)
	case *ast.StarExpr:
		b.WriteString("*")
		writeExpr(b, n.X)
	case *ast.ParenExpr:
		b.WriteString("(")
		writeExpr(b, n.X)
		b.WriteString(")")
	case *ast.Field:
		for i, name := range n.Names {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(name.Name)
		}
	default:
		b.WriteString("…")
	}
}

// report records an issue at node n.
func (g *goAnalysis) report(class, msg string, n ast.Node, t *taint) {
	s := g.step(n, msg)
	is := Issue{Class: class, CWE: CWE(class), Message: msg, File: s.File, Line: s.Line, Column: s.Column}
	if t != nil && len(t.steps) > 0 {
		is.Flow = &Flow{Source: t.steps[0], Sink: s, Steps: append([]Step(nil), t.steps[1:]...), Class: class, CWE: CWE(class)}
		is.Message = fmt.Sprintf("%s (from %s at line %d)", msg, t.steps[0].Code, t.steps[0].Line)
	}
	g.issues = append(g.issues, is)
}

// callName returns the callee as import/path.Func, or *.Method for
// methods and functions of the package itself by name.
func (g *goAnalysis) callName(c *ast.CallExpr) string {
	switch fn := c.Fun.(type) {
	case *ast.Ident:
		return fn.Name
	case *ast.SelectorExpr:
		if id, ok := fn.X.(*ast.Ident); ok {
			if p, ok := g.imports[id.Name]; ok {
				return p + "." + fn.Sel.Name
			}
		}
		return "*." + fn.Sel.Name
	}
	return ""
}
