package code

import (
	"fmt"
	"slices"
	"strings"
)

// collect records the file's imports and top-level functions.
func (a *fileAnalysis) collect() {
	for _, n := range a.root.kids {
		a.collectTop(n)
	}
}

func (a *fileAnalysis) collectTop(n *node) {
	switch n.kind {
	case "export_statement":
		for _, k := range n.kids {
			if k.field == "declaration" || k.field == "value" {
				a.collectTop(k)
			}
		}
	case "decorated_definition":
		a.collectTop(n.child("definition"))
	case "function_declaration", "generator_function_declaration", "function_definition":
		a.funcs[a.text(n.child("name"))] = n
	case "lexical_declaration", "variable_declaration":
		for _, d := range n.namedKids() {
			if d.kind != "variable_declarator" {
				continue
			}
			name, value := d.child("name"), unwrapValue(d.child("value"))
			switch {
			case value == nil:
			case isFunction(value):
				a.funcs[a.text(name)] = value
			case value.kind == "call_expression" && strings.HasSuffix(a.canonical(value.child("function")), "promisify"):
				// const execP = util.promisify(cp.exec) behaves as cp.exec.
				if args := value.child("arguments"); args != nil && len(args.namedKids()) > 0 && name.kind == "identifier" {
					a.aliases[a.text(name)] = a.canonical(args.namedKids()[0])
				}
			case value.kind == "call_expression":
				a.requireAlias(name, value, "")
			case value.kind == "member_expression" && value.child("object").kind == "call_expression":
				a.requireAlias(name, value.child("object"), a.text(value.child("property")))
			}
		}
	case "expression_statement":
		if a.py {
			a.collectTable(n)
		}
	case "import_statement":
		a.importAlias(n)
	case "import_from_statement":
		a.pyFromImport(n)
	}
}

// unwrapValue looks through await, parentheses and TypeScript casts.
func unwrapValue(n *node) *node {
	for n != nil {
		switch n.kind {
		case "parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "await_expression":
			ks := n.namedKids()
			if len(ks) == 0 {
				return n
			}
			n = ks[0]
		default:
			return n
		}
	}
	return nil
}

// requireAlias records const x = require('m'), const {a, b: c} = require('m')
// and const x = require('m').y.
func (a *fileAnalysis) requireAlias(name, call *node, member string) {
	if a.text(call.child("function")) != "require" {
		return
	}
	args := call.child("arguments")
	if args == nil || len(args.namedKids()) == 0 || args.namedKids()[0].kind != "string" {
		return
	}
	mod := moduleName(trimQuotes(a.text(args.namedKids()[0])))
	if member != "" {
		mod += "." + member
	}
	a.aliasPattern(name, mod)
}

// aliasPattern binds the names of a destructuring pattern to members of mod.
func (a *fileAnalysis) aliasPattern(name *node, mod string) {
	switch name.kind {
	case "identifier":
		a.aliases[a.text(name)] = mod
	case "object_pattern":
		for _, p := range name.namedKids() {
			switch p.kind {
			case "shorthand_property_identifier_pattern":
				a.aliases[a.text(p)] = mod + "." + a.text(p)
			case "pair_pattern":
				if v := p.child("value"); v != nil && v.kind == "identifier" {
					a.aliases[a.text(v)] = mod + "." + trimQuotes(a.text(p.child("key")))
				}
			}
		}
	}
}

// importAlias handles JavaScript import declarations and Python import
// statements.
func (a *fileAnalysis) importAlias(n *node) {
	if a.py {
		for _, k := range n.namedKids() {
			if k.kind == "aliased_import" {
				a.aliases[a.text(k.child("alias"))] = a.text(k.child("name"))
			}
		}
		return
	}
	src := n.child("source")
	if src == nil {
		return
	}
	mod := moduleName(trimQuotes(a.text(src)))
	walk(n, func(k *node) {
		switch k.kind {
		case "import_clause":
			for _, c := range k.namedKids() {
				if c.kind == "identifier" { // default import
					a.aliases[a.text(c)] = mod
				}
			}
		case "namespace_import":
			for _, c := range k.namedKids() {
				a.aliases[a.text(c)] = mod
			}
		case "import_specifier":
			name, alias := k.child("name"), k.child("alias")
			if alias == nil {
				alias = name
			}
			a.aliases[a.text(alias)] = mod + "." + a.text(name)
		}
	})
}

// pyFromImport handles from m import a as b.
func (a *fileAnalysis) pyFromImport(n *node) {
	mod := a.text(n.child("module_name"))
	for _, k := range n.kids {
		if k.field != "name" {
			continue
		}
		switch k.kind {
		case "dotted_name":
			a.aliases[a.text(k)] = mod + "." + a.text(k)
		case "aliased_import":
			a.aliases[a.text(k.child("alias"))] = mod + "." + a.text(k.child("name"))
		}
	}
}

// entries returns the functions to analyse with a tainted first parameter.
func (a *fileAnalysis) entries(entry string) ([]*node, error) {
	exported := a.exports()
	if entry != "" {
		if fn := exported[entry]; fn != nil {
			return []*node{fn}, nil
		}
		if fn := a.funcs[entry]; fn != nil {
			return []*node{fn}, nil
		}
		if !a.py {
			// Analyse every export anyway: the handler may be built in a
			// way this analysis does not resolve.
			all, _ := a.entries("")
			return all, fmt.Errorf("function %q: %w", entry, errNoHandler)
		}
		// A Python handler naming an application object (Zappa's
		// "main.app") serves every route of the file.
	}
	var out []*node
	seen := map[*node]bool{}
	if a.py {
		for _, n := range a.root.kids {
			if fn := pyEntry(a, n); fn != nil {
				out = append(out, fn)
			}
		}
		return out, nil
	}
	for _, name := range sortedKeys(exported) {
		if fn := exported[name]; !seen[fn] {
			seen[fn] = true
			out = append(out, fn)
		}
	}
	for _, fn := range a.routeHandlers() {
		if !seen[fn] {
			seen[fn] = true
			out = append(out, fn)
		}
	}
	return out, nil
}

// routeMethods register route handlers in Express-like web frameworks.
var routeMethods = set("get", "post", "put", "patch", "delete", "all", "use", "head", "options", "route")

// routeHandlers returns the (req, res) callbacks registered as routes when
// the file uses a web framework (Express behind serverless-http, Koa,
// Fastify): their first parameter is the request.
func (a *fileAnalysis) routeHandlers() []*node {
	framework := false
	for _, mod := range a.aliases {
		for _, f := range []string{"express", "koa", "@koa/router", "koa-router", "fastify", "hono"} {
			framework = framework || mod == f || strings.HasPrefix(mod, f+".")
		}
	}
	if !framework {
		return nil
	}
	var out []*node
	walk(a.root, func(n *node) {
		if n.kind != "call_expression" {
			return
		}
		callee := n.child("function")
		if callee == nil || callee.kind != "member_expression" || !routeMethods[a.text(callee.child("property"))] {
			return
		}
		if args := n.child("arguments"); args != nil {
			for _, arg := range args.namedKids() {
				if isFunction(arg) && len(params(a, arg)) >= 2 {
					out = append(out, arg)
				}
			}
		}
	})
	return out
}

// pyEntry returns a top-level function that receives outside input: a
// decorated route or event handler, or a function named or shaped like a
// handler.
func pyEntry(a *fileAnalysis, n *node) *node {
	if n.kind == "decorated_definition" {
		return n.child("definition")
	}
	if n.kind != "function_definition" {
		return nil
	}
	name := a.text(n.child("name"))
	if strings.HasPrefix(name, "_") {
		return nil
	}
	if strings.Contains(name, "handler") || strings.Contains(name, "lambda") || name == "main" {
		return n
	}
	if ps := params(a, n); len(ps) > 0 {
		switch a.text(ps[0]) {
		case "event", "evt", "request", "req", "payload", "message", "record", "records":
			return n
		}
	}
	return nil
}

// exports returns the exported functions of a JavaScript or TypeScript
// module by exported name.
func (a *fileAnalysis) exports() map[string]*node {
	out := map[string]*node{}
	if a.py {
		return out
	}
	resolve := func(v *node) *node {
		v = unwrapValue(v)
		for v != nil && v.kind == "call_expression" { // middy(handler).use(...), wrap(fn)
			if fn := v.child("function"); fn != nil && fn.kind == "member_expression" && fn.child("object").kind == "call_expression" {
				v = fn.child("object")
				continue
			}
			args := v.child("arguments")
			if args == nil || len(args.namedKids()) == 0 {
				return nil
			}
			v = unwrapValue(args.namedKids()[0])
		}
		switch {
		case v == nil:
			return nil
		case isFunction(v):
			return v
		case v.kind == "identifier":
			return a.funcs[a.text(v)]
		}
		return nil
	}
	for _, n := range a.root.kids {
		switch n.kind {
		case "export_statement":
			a.exportStatement(n, out, resolve)
		case "expression_statement":
			as := n.namedKids()
			if len(as) == 0 || as[0].kind != "assignment_expression" {
				continue
			}
			left, right := a.text(as[0].child("left")), as[0].child("right")
			switch {
			case left == "module.exports" || left == "exports":
				if fn := resolve(right); fn != nil {
					out["default"] = fn
				}
				a.objectExports(unwrapValue(right), out, resolve)
			case strings.HasPrefix(left, "module.exports.") || strings.HasPrefix(left, "exports."):
				if fn := resolve(right); fn != nil {
					out[left[strings.LastIndexByte(left, '.')+1:]] = fn
				}
			}
		}
	}
	return out
}

func (a *fileAnalysis) objectExports(obj *node, out map[string]*node, resolve func(*node) *node) {
	if obj == nil || obj.kind != "object" {
		return
	}
	for _, p := range obj.namedKids() {
		switch p.kind {
		case "pair":
			if fn := resolve(p.child("value")); fn != nil {
				out[trimQuotes(a.text(p.child("key")))] = fn
			}
		case "shorthand_property_identifier":
			if fn := a.funcs[a.text(p)]; fn != nil {
				out[a.text(p)] = fn
			}
		case "method_definition":
			out[a.text(p.child("name"))] = p
		}
	}
}

func (a *fileAnalysis) exportStatement(n *node, out map[string]*node, resolve func(*node) *node) {
	isDefault := false
	for _, k := range n.kids {
		if !k.named && a.text(k) == "default" {
			isDefault = true
		}
	}
	for _, k := range n.kids {
		switch {
		case k.field == "declaration" && (k.kind == "function_declaration" || k.kind == "generator_function_declaration"):
			out[a.text(k.child("name"))] = k
		case k.field == "declaration":
			for _, d := range k.namedKids() {
				if d.kind == "variable_declarator" {
					if fn := resolve(d.child("value")); fn != nil {
						out[a.text(d.child("name"))] = fn
					}
				}
			}
		case k.field == "value" && isDefault:
			if fn := resolve(k); fn != nil {
				out["default"] = fn
			}
		case k.kind == "export_clause":
			for _, s := range k.namedKids() {
				name, alias := s.child("name"), s.child("alias")
				if alias == nil {
					alias = name
				}
				if fn := a.funcs[a.text(name)]; fn != nil {
					out[a.text(alias)] = fn
				}
			}
		}
	}
}

func sortedKeys(m map[string]*node) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
