package sdk

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// extractGo reads the Go sources of the handler's executable: those of
// dir itself, of the folder named like the executable (bin/hello built
// from hello/ or cmd/hello/), or those a Makefile builds into it
// (go build -o bin/create todos/create.go).
func extractGo(dir, handler string) Result {
	var res Result
	files := goSources(dir, handler)
	if len(files) == 0 {
		res.Errors = append(res.Errors, fmt.Errorf("extract %s: %w: no Go sources for %q", dir, ErrNoHandler, handler))
		return res
	}
	files = withLocalPackages(dir, files)
	for _, m := range files {
		fr, err := extractPath(dir, m, "", nil)
		if err != nil {
			res.Errors = append(res.Errors, err)
			continue
		}
		rel, _ := filepath.Rel(dir, m)
		res.Files = append(res.Files, filepath.ToSlash(rel))
		res.Calls = append(res.Calls, fr.Calls...)
		res.Libraries = append(res.Libraries, fr.Libraries...)
	}
	sortCalls(res.Calls)
	return res
}

// makeOutput matches "-o bin/name src" in a go build command line.
var makeOutput = regexp.MustCompile(`-o\s+(\S+)\s+(\S+\.go|\./\S+|\S+/)\s*$`)

func goSources(dir, handler string) []string {
	base := filepath.Base(handler)
	for _, d := range []string{dir, filepath.Join(dir, base), filepath.Join(dir, "cmd", base)} {
		if fs := goFiles(d); len(fs) > 0 {
			return fs
		}
	}
	mk, err := os.ReadFile(filepath.Join(dir, "Makefile"))
	if err != nil || handler == "" {
		return nil
	}
	for _, line := range strings.Split(string(mk), "\n") {
		if src := makeSource(dir, handler, line); src != "" {
			if strings.HasSuffix(src, ".go") {
				return []string{src}
			}
			return goFiles(src)
		}
	}
	return nil
}

// makeSource reads one Makefile line ("cd f && go build -o ../bin/x
// main.go && cd ..") and returns the source built into handler.
func makeSource(dir, handler, line string) string {
	cwd := dir
	for _, part := range strings.Split(line, "&&") {
		part = strings.TrimSpace(part)
		if d, ok := strings.CutPrefix(part, "cd "); ok {
			cwd = filepath.Join(cwd, filepath.FromSlash(strings.TrimSpace(d)))
			continue
		}
		m := makeOutput.FindStringSubmatch(part)
		if m == nil {
			continue
		}
		out, err := filepath.Rel(dir, filepath.Join(cwd, filepath.FromSlash(m[1])))
		if err != nil || filepath.ToSlash(out) != filepath.ToSlash(filepath.Clean(handler)) {
			continue
		}
		return filepath.Join(cwd, filepath.FromSlash(m[2]))
	}
	return ""
}

// modulePath matches the module directive of a go.mod file.
var modulePath = regexp.MustCompile(`(?m)^module\s+"?([^\s"]+)"?`)

// withLocalPackages adds the sources of the packages of the same module
// that files import: the handler's main often only calls into them.
func withLocalPackages(dir string, files []string) []string {
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return files
	}
	m := modulePath.FindSubmatch(gomod)
	if m == nil {
		return files
	}
	mod := string(m[1]) + "/"
	seen := map[string]bool{}
	for _, f := range files {
		seen[f] = true
	}
	for i := 0; i < len(files) && len(files) < 256; i++ {
		fh, err := parser.ParseFile(token.NewFileSet(), files[i], nil, parser.ImportsOnly)
		if err != nil {
			continue
		}
		for _, imp := range fh.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil || !strings.HasPrefix(p, mod) {
				continue
			}
			for _, g := range goFiles(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p, mod)))) {
				if !seen[g] {
					seen[g] = true
					files = append(files, g)
				}
			}
		}
	}
	return files
}

func goFiles(d string) []string {
	ms, _ := filepath.Glob(filepath.Join(d, "*.go"))
	var out []string
	for _, m := range ms {
		if !strings.HasSuffix(m, "_test.go") {
			out = append(out, m)
		}
	}
	return out
}

// goFile is the state of the analysis of one Go file.
type goFile struct {
	path    string
	fset    *token.FileSet
	svc     map[string]string // package name -> IAM prefix
	manager map[string]bool   // feature/s3/manager package names
	clients map[string]*client
	values  map[string]ast.Expr
	calls   []Call
}

func extractGoFile(path string, src []byte) (FileResult, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
	if err != nil {
		return FileResult{}, fmt.Errorf("%s: %w", path, err)
	}
	g := &goFile{path: path, fset: fset, svc: map[string]string{}, manager: map[string]bool{},
		clients: map[string]*client{}, values: map[string]ast.Expr{}}
	g.imports(file)
	var paths []string
	for _, imp := range file.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err == nil {
			paths = append(paths, p)
		}
	}
	libs := librariesOf(path, paths)
	if len(g.svc) == 0 {
		return FileResult{Libraries: libs}, nil
	}
	ast.Inspect(file, g.collect)
	ast.Inspect(file, g.call)
	sortCalls(g.calls)
	return FileResult{Calls: g.calls, Libraries: libs}, nil
}

func (g *goFile) imports(file *ast.File) {
	for _, imp := range file.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		name := p[strings.LastIndexByte(p, '/')+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		for _, pre := range []string{"github.com/aws/aws-sdk-go-v2/service/", "github.com/aws/aws-sdk-go/service/"} {
			if rest, ok := strings.CutPrefix(p, pre); ok && !strings.Contains(rest, "/") {
				if svc := ServicePrefix(rest); svc != "" {
					g.svc[name] = svc
				}
			}
		}
		if p == "github.com/aws/aws-sdk-go-v2/feature/s3/manager" || p == "github.com/aws/aws-sdk-go/service/s3/s3manager" {
			g.manager[name] = true
			g.svc[name] = "s3"
		}
	}
}

// lastName names a receiver by its last identifier: h.client and client
// are the same client to this analysis.
func lastName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.StarExpr:
		return lastName(e.X)
	case *ast.ParenExpr:
		return lastName(e.X)
	}
	return ""
}

// pkgSel splits pkg.Name.
func pkgSel(e ast.Expr) (string, string) {
	if s, ok := e.(*ast.SelectorExpr); ok {
		if id, ok := s.X.(*ast.Ident); ok {
			return id.Name, s.Sel.Name
		}
	}
	return "", ""
}

// clientOf recognises client constructors: s3.NewFromConfig(cfg),
// s3.New(sess), manager.NewUploader(c), s3.NewPresignClient(c).
func (g *goFile) clientOf(e ast.Expr) *client {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		if id := lastName(e); id != "" {
			return g.clients[id]
		}
		return nil
	}
	pkg, fn := pkgSel(call.Fun)
	svc, ok := g.svc[pkg]
	if !ok {
		return nil
	}
	switch {
	case fn == "NewFromConfig" || fn == "New" || fn == "NewPresignClient":
		return &client{service: svc}
	case g.manager[pkg] && (fn == "NewUploader" || fn == "NewDownloader"):
		return &client{service: "s3", s3bkt: fn == "NewUploader", s3obj: fn == "NewDownloader"}
	}
	return nil
}

func (g *goFile) collect(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.AssignStmt:
		for i, l := range n.Lhs {
			if i < len(n.Rhs) && len(n.Lhs) == len(n.Rhs) {
				g.bind(lastName(l), n.Rhs[i])
			}
		}
	case *ast.ValueSpec:
		for i, id := range n.Names {
			if i < len(n.Values) {
				g.bind(id.Name, n.Values[i])
			}
		}
		g.typed(n.Names, n.Type)
	case *ast.Field:
		g.typed(n.Names, n.Type)
	case *ast.KeyValueExpr:
		if id, ok := n.Key.(*ast.Ident); ok {
			if c := g.clientOf(n.Value); c != nil {
				g.clients[id.Name] = c
			}
		}
	}
	return true
}

func (g *goFile) bind(name string, v ast.Expr) {
	if name == "" || name == "_" {
		return
	}
	g.values[name] = v
	if c := g.clientOf(v); c != nil {
		g.clients[name] = c
	}
}

// typed records variables, parameters and fields declared as *svc.Client.
func (g *goFile) typed(names []*ast.Ident, t ast.Expr) {
	if t == nil {
		return
	}
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	pkg, typ := pkgSel(t)
	svc, ok := g.svc[pkg]
	if !ok || (typ != "Client" && typ != "S3" && !strings.EqualFold(typ, pkg)) {
		return
	}
	for _, id := range names {
		g.clients[id.Name] = &client{service: svc}
	}
}

func (g *goFile) call(n ast.Node) bool {
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return true
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return true
	}
	method := sel.Sel.Name
	if pkg, fn := pkgSel(sel); g.svc[pkg] != "" && strings.HasPrefix(fn, "New") && strings.HasSuffix(fn, "Paginator") {
		g.add(call, &client{service: g.svc[pkg]}, strings.TrimSuffix(strings.TrimPrefix(fn, "New"), "Paginator"), "paginator")
		return true
	}
	if _, isPkg := g.svc[lastName(sel.X)]; isPkg {
		return true
	}
	c := g.clientOf(sel.X)
	if c == nil {
		// A client behind an interface still takes *svc.OpInput.
		if svc, op := g.inputType(call); svc != "" && op == method {
			g.add(call, &client{service: svc}, op, "")
		}
		return true
	}
	switch {
	case c.s3bkt && method == "Upload" || c.s3bkt && method == "UploadWithContext":
		g.add(call, c, "Upload", "")
	case c.s3obj && strings.HasPrefix(method, "Download"):
		g.add(call, c, "GetObject", "")
	case strings.HasPrefix(method, "Presign"):
		g.add(call, c, strings.TrimPrefix(method, "Presign"), "presigned request")
	case method == "Options" || method == "Close":
	default:
		op := strings.TrimSuffix(strings.TrimSuffix(method, "WithContext"), "Pages")
		op = strings.TrimSuffix(op, "Request")
		g.add(call, c, op, "")
	}
	return true
}

func (g *goFile) add(call *ast.CallExpr, c *client, op, note string) {
	pos := g.fset.Position(call.Pos())
	acts, n2, why := resolveOp(c.service, op, false)
	out := Call{File: g.path, Line: pos.Line, Column: pos.Column, Service: c.service, Operation: op,
		Actions: acts, Note: joinNote(note, n2), Unresolved: why}
	for _, a := range call.Args {
		if u, ok := a.(*ast.UnaryExpr); ok {
			a = u.X
		}
		if id, ok := a.(*ast.Ident); ok {
			a = g.values[id.Name]
			if u, ok := a.(*ast.UnaryExpr); ok {
				a = u.X
			}
		}
		lit, ok := a.(*ast.CompositeLit)
		if !ok {
			continue
		}
		for _, e := range lit.Elts {
			kv, ok := e.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			if k, ok := kv.Key.(*ast.Ident); ok && resourceParams[k.Name] {
				out.Params = append(out.Params, g.value(k.Name, kv.Value))
			}
		}
	}
	finish(&out, nil)
	g.calls = append(g.calls, out)
}

// value follows a Go parameter value: aws.String("x"),
// aws.String(os.Getenv("X")), a variable, a constant.
func (g *goFile) value(name string, e ast.Expr) Param {
	p := Param{Name: name}
	for range 6 {
		switch v := e.(type) {
		case *ast.BasicLit:
			if s, err := strconv.Unquote(v.Value); err == nil {
				p.Literal = s
			} else {
				p.Literal = v.Value
			}
			return p
		case *ast.UnaryExpr:
			e = v.X
			continue
		case *ast.Ident:
			if v.Name == "true" || v.Name == "false" {
				p.Literal = v.Name
				return p
			}
			if d, ok := g.values[v.Name]; ok {
				e = d
				continue
			}
		case *ast.CallExpr:
			pkg, fn := pkgSel(v.Fun)
			if pkg == "os" && (fn == "Getenv" || fn == "LookupEnv") && len(v.Args) == 1 {
				if lit, ok := v.Args[0].(*ast.BasicLit); ok {
					p.Env, _ = strconv.Unquote(lit.Value)
					return p
				}
			}
			if len(v.Args) == 1 {
				// aws.String(x) and local helpers like ptr(x) wrap the value.
				e = v.Args[0]
				continue
			}
		}
		break
	}
	p.Unknown = "value not followed"
	return p
}

// inputType returns the service and operation of a call's &svc.OpInput{}
// argument.
func (g *goFile) inputType(call *ast.CallExpr) (string, string) {
	for _, a := range call.Args {
		if u, ok := a.(*ast.UnaryExpr); ok {
			a = u.X
		}
		lit, ok := a.(*ast.CompositeLit)
		if !ok {
			continue
		}
		pkg, typ := pkgSel(lit.Type)
		if svc := g.svc[pkg]; svc != "" && strings.HasSuffix(typ, "Input") {
			return svc, strings.TrimSuffix(typ, "Input")
		}
	}
	return "", ""
}
