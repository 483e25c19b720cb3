package code

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// analyzeEntry analyses a handler: its event parameter is the source.
func (g *goAnalysis) analyzeEntry(fd *ast.FuncDecl) {
	p := eventParam(fd)
	if p == nil || len(p.Names) == 0 {
		return
	}
	e := env{p.Names[0].Name: {steps: []Step{g.step(p, "event parameter of the handler")}, parsed: true, whole: true}}
	g.block(fd.Body, e)
}

// block walks statements in order and returns the taint of returned values.
func (g *goAnalysis) block(b *ast.BlockStmt, e env) *taint {
	if b == nil {
		return nil
	}
	var ret *taint
	for _, s := range b.List {
		ret = union(ret, g.stmt(s, e))
	}
	return ret
}

func (g *goAnalysis) stmt(s ast.Stmt, e env) *taint {
	switch s := s.(type) {
	case *ast.AssignStmt:
		g.assign(s.Lhs, s.Rhs, s, e)
	case *ast.DeclStmt:
		if gd, ok := s.Decl.(*ast.GenDecl); ok {
			for _, sp := range gd.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok && len(vs.Values) > 0 {
					lhs := make([]ast.Expr, len(vs.Names))
					for i, n := range vs.Names {
						lhs[i] = n
					}
					g.assign(lhs, vs.Values, vs, e)
				}
			}
		}
	case *ast.ExprStmt:
		g.expr(s.X, e)
	case *ast.ReturnStmt:
		var t *taint
		for _, r := range s.Results {
			t = union(t, g.expr(r, e))
		}
		return t
	case *ast.BlockStmt:
		return g.block(s, e)
	case *ast.GoStmt:
		g.expr(s.Call, e)
	case *ast.DeferStmt:
		g.expr(s.Call, e)
	case *ast.LabeledStmt:
		return g.stmt(s.Stmt, e)
	}
	return g.control(s, e)
}

// control walks the compound statements: if, for, range and switch.
func (g *goAnalysis) control(s ast.Stmt, e env) *taint {
	switch s := s.(type) {
	case *ast.IfStmt:
		if s.Init != nil {
			g.stmt(s.Init, e)
		}
		g.expr(s.Cond, e)
		t := g.block(s.Body, e)
		if s.Else != nil {
			t = union(t, g.stmt(s.Else, e))
		}
		return t
	case *ast.ForStmt:
		if s.Init != nil {
			g.stmt(s.Init, e)
		}
		return g.block(s.Body, e)
	case *ast.RangeStmt:
		t := g.expr(s.X, e).field()
		if t != nil {
			t = t.with(g.step(s, "range over event data"))
		}
		for _, k := range []ast.Expr{s.Key, s.Value} {
			if id, ok := k.(*ast.Ident); ok {
				e[id.Name] = t
			}
		}
		return g.block(s.Body, e)
	case *ast.SwitchStmt:
		if s.Init != nil {
			g.stmt(s.Init, e)
		}
		g.expr(s.Tag, e)
		return g.block(s.Body, e)
	case *ast.TypeSwitchStmt:
		return g.block(s.Body, e)
	case *ast.CaseClause:
		var t *taint
		for _, st := range s.Body {
			t = union(t, g.stmt(st, e))
		}
		return t
	}
	return nil
}

// assign binds left-hand identifiers to the taint of the right-hand sides.
func (g *goAnalysis) assign(lhs, rhs []ast.Expr, at ast.Node, e env) {
	ts := make([]*taint, len(rhs))
	for i, r := range rhs {
		ts[i] = g.expr(r, e)
	}
	for i, l := range lhs {
		var t *taint
		if len(rhs) == len(lhs) {
			t = ts[i]
		} else {
			t = union(ts...)
		}
		if t != nil {
			t = t.with(g.step(at, "assigned to "+g.snippet(l)))
		}
		switch l := l.(type) {
		case *ast.Ident:
			if l.Name != "_" {
				e[l.Name] = t
			}
		case *ast.SelectorExpr, *ast.IndexExpr:
			if root := rootIdent(l); root != "" && t != nil {
				e[root] = union(e[root], t.field())
			}
		}
	}
}

func rootIdent(x ast.Expr) string {
	for {
		switch v := x.(type) {
		case *ast.Ident:
			return v.Name
		case *ast.SelectorExpr:
			x = v.X
		case *ast.IndexExpr:
			x = v.X
		case *ast.StarExpr:
			x = v.X
		case *ast.UnaryExpr:
			x = v.X
		default:
			return ""
		}
	}
}

// expr computes the taint of an expression and reports sinks within it.
func (g *goAnalysis) expr(x ast.Expr, e env) *taint {
	switch x := x.(type) {
	case nil:
		return nil
	case *ast.Ident:
		return e[x.Name]
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok && g.imports[id.Name] != "" && e[id.Name] == nil {
			return nil
		}
		return g.expr(x.X, e).field()
	case *ast.IndexExpr:
		g.expr(x.Index, e)
		return g.expr(x.X, e).field()
	case *ast.SliceExpr:
		return g.expr(x.X, e)
	case *ast.StarExpr:
		return g.expr(x.X, e)
	case *ast.UnaryExpr:
		return g.expr(x.X, e)
	case *ast.ParenExpr:
		return g.expr(x.X, e)
	case *ast.TypeAssertExpr:
		return g.expr(x.X, e)
	case *ast.BinaryExpr:
		l, r := g.expr(x.X, e), g.expr(x.Y, e)
		if x.Op == token.ADD {
			return union(l, r).asBuilt()
		}
		return nil
	case *ast.CompositeLit:
		return g.composite(x, e)
	case *ast.KeyValueExpr:
		return g.expr(x.Value, e)
	case *ast.FuncLit:
		g.block(x.Body, e.clone())
		return nil
	case *ast.CallExpr:
		return g.call(x, e)
	}
	return nil
}

// composite evaluates a composite literal and checks PartiQL statements.
func (g *goAnalysis) composite(x *ast.CompositeLit, e env) *taint {
	var t *taint
	for _, el := range x.Elts {
		vt := g.expr(el, e)
		t = union(t, vt)
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok || vt == nil || !vt.built {
			continue
		}
		if k, ok := kv.Key.(*ast.Ident); ok && (k.Name == "Statement" || k.Name == "Sql") &&
			strings.HasSuffix(typeString(x.Type), "ExecuteStatementInput") {
			g.report(ClassSQLInjection, "SQL or PartiQL statement built from untrusted data", x, vt)
		}
	}
	return t
}

var goSanitizers = set("strconv.Atoi", "strconv.ParseInt", "strconv.ParseUint", "strconv.ParseFloat",
	"strconv.ParseBool", "path/filepath.Base", "path.Base", "net/url.QueryEscape", "net/url.PathEscape",
	"html.EscapeString", "len", "strings.Contains", "strings.HasPrefix", "strings.HasSuffix", "strings.EqualFold")

var goSerializers = set("encoding/json.Marshal", "encoding/json.MarshalIndent", "string", "fmt.Sprint", "fmt.Sprintf", "fmt.Sprintln")

var goBuilders = set("fmt.Sprintf", "strings.Join", "strings.Replace", "strings.ReplaceAll", "fmt.Sprint")

// call evaluates a call: arguments, same-package callees, sinks, out
// parameters (json.Unmarshal(b, &v)) and propagation.
func (g *goAnalysis) call(c *ast.CallExpr, e env) *taint {
	name := g.callName(c)
	var recv *taint
	if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
		recv = g.expr(sel.X, e)
	} else if _, ok := c.Fun.(*ast.Ident); !ok {
		recv = g.expr(c.Fun, e)
	}
	ts := make([]*taint, len(c.Args))
	for i, a := range c.Args {
		ts[i] = g.expr(a, e)
	}
	g.sinks(c, name, ts)
	g.logCheck(c, name, ts)
	if goSanitizers[name] {
		return nil
	}
	if fd, ok := g.funcs[name]; ok {
		return g.callLocal(fd, c, ts)
	}
	t := union(append([]*taint{recv}, ts...)...)
	if goBuilders[name] {
		t = t.asBuilt()
	}
	if !goSerializers[name] && !goBuilders[name] {
		t = t.field() // the result of an arbitrary call is not the event itself
	}
	if t != nil { // out parameters: json.Unmarshal(data, &v), dec.Decode(&v)
		for _, a := range c.Args {
			if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
				if id, ok := u.X.(*ast.Ident); ok {
					e[id.Name] = t.field().with(g.step(c, "decoded into "+id.Name))
				}
			}
		}
	}
	if strings.HasSuffix(name, "Unmarshal") || name == "*.Decode" {
		return nil // only an error comes back
	}
	return t
}

// callLocal follows a call to a function of the same package.
func (g *goAnalysis) callLocal(fd *ast.FuncDecl, c *ast.CallExpr, args []*taint) *taint {
	var mask uint64
	for i, t := range args {
		if t != nil && i < 64 {
			mask |= 1 << i
		}
	}
	key := goSummaryKey{fd, mask}
	if t, ok := g.summaries[key]; ok {
		return t
	}
	if g.active[key] || g.depth >= maxCallDepth {
		return union(args...)
	}
	g.active[key], g.depth = true, g.depth+1
	e := env{}
	i := 0
	for _, f := range fd.Type.Params.List {
		for _, n := range f.Names {
			if i < len(args) && args[i] != nil {
				e[n.Name] = args[i].with(g.step(c, "passed to "+n.Name))
			}
			i++
		}
	}
	ret := g.block(fd.Body, e)
	g.depth--
	delete(g.active, key)
	g.summaries[key] = ret
	return ret
}

// goShells are programs that run their -c argument as a shell command.
var goShells = set("sh", "bash", "/bin/sh", "/bin/bash", "zsh", "cmd", "cmd.exe", "powershell", "pwsh")

// sinks reports tainted arguments of dangerous calls.
func (g *goAnalysis) sinks(c *ast.CallExpr, name string, ts []*taint) {
	arg := func(i int) *taint {
		if i < len(ts) {
			return ts[i]
		}
		return nil
	}
	switch name {
	case "os/exec.Command", "os/exec.CommandContext":
		first := 0
		if name == "os/exec.CommandContext" {
			first = 1
		}
		if t := arg(first); t != nil {
			g.report(ClassCommandInjection, "Untrusted data chooses the program to run", c, t)
			return
		}
		if first+1 < len(c.Args) && goShells[strLit(c.Args[first])] && strLit(c.Args[first+1]) == "-c" {
			for i := first + 2; i < len(ts); i++ {
				if ts[i] != nil {
					g.report(ClassCommandInjection, "Untrusted data reaches a shell command", c, ts[i])
					return
				}
			}
		}
	case "net/http.Get", "net/http.Post", "net/http.Head", "net/http.PostForm":
		g.ssrf(c, 0, arg(0))
	case "net/http.NewRequest":
		g.ssrf(c, 1, arg(1))
	case "net/http.NewRequestWithContext":
		g.ssrf(c, 2, arg(2))
	case "os.Open", "os.OpenFile", "os.ReadFile", "os.WriteFile", "os.Create", "os.Remove", "os.RemoveAll",
		"io/ioutil.ReadFile", "io/ioutil.WriteFile", "os.ReadDir":
		if t := arg(0); t != nil {
			g.report(ClassPathTraversal, "File path taken from the event", c, t)
		}
	case "*.Query", "*.QueryRow", "*.Exec", "*.Prepare", "*.Raw", "*.QueryContext", "*.QueryRowContext",
		"*.ExecContext", "*.PrepareContext":
		i := 0
		if strings.HasSuffix(name, "Context") {
			i = 1
		}
		if t := arg(i); t != nil && t.built {
			g.report(ClassSQLInjection, "SQL statement built from untrusted data", c, t)
		}
	}
}

func (g *goAnalysis) ssrf(c *ast.CallExpr, i int, t *taint) {
	if t == nil || i >= len(c.Args) || goFixedHost(c.Args[i]) {
		return
	}
	g.report(ClassSSRF, "Outbound request to a URL taken from the event", c, t)
}

// goFixedHost reports whether a URL expression starts with a literal
// scheme://host/.
func goFixedHost(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.BinaryExpr:
		return goFixedHost(x.X)
	case *ast.BasicLit:
		return fixedHost(x.Value)
	case *ast.CallExpr:
		if len(x.Args) > 0 {
			return goFixedHost(x.Args[0])
		}
	}
	return false
}

func strLit(x ast.Expr) string {
	if b, ok := x.(*ast.BasicLit); ok && b.Kind == token.STRING {
		s, err := strconv.Unquote(b.Value)
		if err == nil {
			return s
		}
	}
	return ""
}

// logCheck reports the whole event or environment passed to a logger.
func (g *goAnalysis) logCheck(c *ast.CallExpr, name string, ts []*taint) {
	if !strings.HasPrefix(name, "log.") && !strings.HasPrefix(name, "fmt.Print") && !strings.HasPrefix(name, "log/slog.") {
		return
	}
	for i, t := range ts {
		if t != nil && t.whole {
			g.report(ClassLogSensitive, "The whole event is written to the logs; it may hold credentials, tokens and personal data", c.Args[i], t)
			return
		}
	}
	for _, a := range c.Args {
		if ac, ok := a.(*ast.CallExpr); ok && g.callName(ac) == "os.Environ" {
			g.report(ClassLogSensitive, "The whole environment is written to the logs, including any secret it holds and the function's AWS session credentials", a, nil)
			return
		}
	}
}

// checks finds the Go issues that need no data flow.
func (g *goAnalysis) checks(f *ast.File) {
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.KeyValueExpr:
			if k, ok := n.Key.(*ast.Ident); ok && k.Name == "InsecureSkipVerify" {
				if v, ok := n.Value.(*ast.Ident); ok && v.Name == "true" {
					g.report(ClassTLSDisabled, "TLS certificate verification is disabled (InsecureSkipVerify: true)", n, nil)
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == 1 && len(n.Rhs) == 1 {
				if sel, ok := n.Lhs[0].(*ast.SelectorExpr); ok && sel.Sel.Name == "InsecureSkipVerify" {
					if v, ok := n.Rhs[0].(*ast.Ident); ok && v.Name == "true" {
						g.report(ClassTLSDisabled, "TLS certificate verification is disabled (InsecureSkipVerify = true)", n, nil)
					}
				}
			}
		case *ast.CallExpr:
			name := g.callName(n)
			if name == "*.ParseUnverified" || strings.HasSuffix(name, "jwt.ParseUnverified") {
				g.report(ClassJWTUnverified, "ParseUnverified does not check the token's signature; use Parse with a key function", n, nil)
			}
			if (name == "os/exec.Command" || name == "os/exec.CommandContext") && len(n.Args) > 0 {
				if envDumpCommands[strLit(n.Args[len(n.Args)-1])] || envDumpCommands[strLit(n.Args[0])] {
					g.report(ClassEnvExposure, msgEnvDump, n, nil)
				}
			}
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				found := false
				ast.Inspect(r, func(x ast.Node) bool {
					if c, ok := x.(*ast.CallExpr); ok && g.callName(c) == "os.Environ" {
						found = true
					}
					return !found
				})
				if found {
					g.report(ClassEnvExposure, msgEnvReturn, n, nil)
					break
				}
			}
		}
		return true
	})
}
