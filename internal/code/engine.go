package code

import (
	"fmt"
	"strings"
)

// maxCallDepth bounds how deep calls to functions of the same file are
// followed.
const maxCallDepth = 4

// fileAnalysis is the state of the analysis of one JavaScript, TypeScript or
// Python file.
type fileAnalysis struct {
	path      string
	src       []byte
	root      *node
	py        bool
	rules     *ruleSet
	aliases   map[string]string // local name -> canonical dotted name
	funcs     map[string]*node  // functions of the file by name
	tables    map[string]bool   // module-level constant dictionaries (Python)
	summaries map[summaryKey]*taint
	active    map[summaryKey]bool
	depth     int
	issues    []Issue
}

type summaryKey struct {
	fn   *node
	mask uint64 // which parameters are tainted
}

// step makes a Step for node n.
func (a *fileAnalysis) step(n *node, note string) Step {
	return Step{File: a.path, Line: n.line, Column: n.col, Code: a.snippet(n), Note: note}
}

// eval computes the taint of an expression or statement and, on the way,
// reports tainted values reaching sinks.
func (a *fileAnalysis) eval(n *node, e env) *taint {
	if n == nil {
		return nil
	}
	switch n.kind {
	case "identifier", "shorthand_property_identifier":
		return e[a.text(n)]
	case "comment", "string_fragment", "escape_sequence", "number", "true", "false", "null", "none",
		"property_identifier", "type_annotation", "type_arguments", "regex":
		return nil
	case "function_declaration", "function_expression", "arrow_function", "method_definition",
		"generator_function_declaration", "generator_function", "function_definition", "lambda",
		"class_declaration", "class_definition", "class":
		a.evalNested(n, e, nil)
		return nil
	case "member_expression":
		return a.evalMember(n, n.child("object"), e)
	case "attribute":
		return a.evalMember(n, n.child("object"), e)
	case "subscript_expression":
		a.eval(n.child("index"), e)
		return stringField(a.eval(n.child("object"), e).field(), a.text(n.child("index")))
	case "subscript":
		idx := ""
		for _, k := range n.kids {
			if k.field == "subscript" {
				a.eval(k, e)
				idx = a.text(k)
			}
		}
		return stringField(a.eval(n.child("value"), e).field(), idx)
	case "call_expression", "new_expression", "call":
		return a.evalCall(n, e)
	case "variable_declarator", "assignment_expression", "assignment", "augmented_assignment_expression", "augmented_assignment":
		return a.evalAssign(n, e)
	case "keyword_argument":
		return a.eval(n.child("value"), e)
	case "pair":
		a.eval(n.child("key"), e)
		return a.eval(n.child("value"), e)
	case "for_in_statement", "for_statement", "for_in_clause":
		t := a.eval(n.child("right"), e).field()
		a.bind(n.child("left"), t, n, e)
		a.evalKids(n, e, "left", "right")
		return nil
	case "template_string", "string", "concatenated_string":
		return a.evalKids(n, e).asBuilt()
	case "binary_expression", "binary_operator":
		t := a.evalKids(n, e)
		switch a.text(n.child("operator")) {
		case "+", "%":
			return t.asBuilt()
		case "??", "||", "&&":
			return t
		}
		return nil // comparisons and arithmetic yield booleans and numbers
	case "unary_expression", "not_operator", "comparison_operator", "boolean_operator_not":
		a.evalKids(n, e)
		return nil
	case "import_statement", "import_from_statement", "future_import_statement":
		return nil
	}
	return a.evalKids(n, e)
}

// evalAssign evaluates an assignment or declaration and binds its target.
func (a *fileAnalysis) evalAssign(n *node, e env) *taint {
	switch n.kind {
	case "variable_declarator":
		t := a.eval(n.child("value"), e)
		a.bind(n.child("name"), t, n, e)
		a.bindObject(n.child("name"), n.child("value"), e)
		return t
	case "assignment_expression", "assignment":
		t := a.eval(n.child("right"), e)
		a.bind(n.child("left"), t, n, e)
		a.bindObject(n.child("left"), n.child("right"), e)
		return t
	}
	t := union(a.eval(n.child("right"), e), a.eval(n.child("left"), e)).asBuilt()
	a.bind(n.child("left"), t, n, e)
	return t
}

// evalKids evaluates the named children in order and returns their union.
func (a *fileAnalysis) evalKids(n *node, e env, skip ...string) *taint {
	var out *taint
	for _, k := range n.kids {
		if !k.named || contains(skip, k.field) {
			continue
		}
		out = union(out, a.eval(k, e))
	}
	return out
}

// evalMember handles obj.field: the taint of obj, or a framework source.
func (a *fileAnalysis) evalMember(n, obj *node, e env) *taint {
	if src := a.rules.source(a, n); src != "" {
		return &taint{steps: []Step{a.step(n, src)}, parsed: true}
	}
	t := a.eval(obj, e).field()
	if t == nil {
		return nil
	}
	prop := n.child("property")
	if prop == nil {
		prop = n.child("attribute")
	}
	return stringField(t, a.text(prop))
}

// stringField clears the parsed flag for event fields that only ever hold
// strings (query and path parameters, headers, S3 keys): they cannot carry
// query operators.
func stringField(t *taint, name string) *taint {
	switch trimQuotes(name) {
	case "queryStringParameters", "pathParameters", "headers", "multiValueQueryStringParameters",
		"query_params", "uri_params", "args", "length", "key", "subject", "form", "rawPath", "path":
		return unparsed(t)
	}
	return t
}

// unparsed returns t marked as a plain string.
func unparsed(t *taint) *taint {
	if t == nil || !t.parsed {
		return t
	}
	c := *t
	c.parsed = false
	return &c
}

// bind assigns taint t to the names in the target pattern. Assigning to a
// field taints the whole object, which over-approximates in favour of
// reporting.
func (a *fileAnalysis) bind(target *node, t *taint, at *node, e env) {
	if target == nil {
		return
	}
	if t != nil {
		t = t.with(a.step(at, "assigned to "+a.snippet(target)))
	}
	switch target.kind {
	case "identifier", "shorthand_property_identifier_pattern":
		e[a.text(target)] = t
	case "member_expression", "subscript_expression", "attribute", "subscript":
		obj := target.child("object")
		if obj == nil {
			obj = target.child("value")
		}
		if t != nil && obj != nil && obj.kind == "identifier" {
			e[a.text(obj)] = union(e[a.text(obj)], t.field())
		}
	case "pair_pattern":
		a.bind(target.child("value"), t.field(), at, e)
	default:
		for _, k := range target.kids {
			if k.named && k.field != "key" {
				a.bind(k, t.field(), at, e)
			}
		}
	}
}

// objectMarker marks, in an env, a variable that holds an object literal.
var objectMarker = &taint{}

// bindObject remembers the taint of each property of an object literal
// assigned to a variable, as "name.property", so that a sink can tell
// { url: fixed, form: tainted } from { url: tainted }.
func (a *fileAnalysis) bindObject(target, value *node, e env) {
	value = unwrapValue(value)
	if target == nil || target.kind != "identifier" || value == nil || (value.kind != "object" && value.kind != "dictionary") {
		return
	}
	name := a.text(target)
	e[objectKey(name)] = objectMarker
	for _, p := range value.namedKids() {
		switch p.kind {
		case "pair":
			e[name+"."+trimQuotes(a.text(p.child("key")))] = a.eval(p.child("value"), e)
		case "shorthand_property_identifier":
			e[name+"."+a.text(p)] = e[a.text(p)]
		}
	}
}

func objectKey(name string) string { return "\x00object:" + name }

// evalNested analyses a function defined inside the one being analysed
// (a callback, a closure): it sees the enclosing variables; its own
// parameters take paramTaint when the caller knows it (iteration callbacks),
// and are clean otherwise.
func (a *fileAnalysis) evalNested(fn *node, e env, paramTaint *taint) {
	if fn.kind == "class_declaration" || fn.kind == "class_definition" || fn.kind == "class" {
		a.evalKids(fn, e)
		return
	}
	inner := e.clone()
	for i, p := range params(a, fn) {
		var t *taint
		if i == 0 {
			t = paramTaint
		}
		a.bind(p, t, p, inner)
	}
	a.eval(fn.child("body"), inner)
}

// params returns the parameter patterns of a function node.
func params(a *fileAnalysis, fn *node) []*node {
	if p := fn.child("parameter"); p != nil { // x => ...
		return []*node{p}
	}
	ps := fn.child("parameters")
	if ps == nil {
		return nil
	}
	var out []*node
	for _, p := range ps.namedKids() {
		switch p.kind {
		case "required_parameter", "optional_parameter":
			if pat := p.child("pattern"); pat != nil {
				p = pat
			}
		case "typed_parameter", "list_splat_pattern", "dictionary_splat_pattern":
			if ks := p.namedKids(); len(ks) > 0 {
				p = ks[0]
			}
		case "default_parameter", "typed_default_parameter":
			p = p.child("name")
		case "assignment_pattern":
			p = p.child("left")
		}
		if p != nil && a.text(p) != "self" && a.text(p) != "this" {
			out = append(out, p)
		}
	}
	return out
}

// eventNames are the usual names of a handler's event or request parameter.
var eventNames = set("event", "evt", "e", "ev", "req", "request", "payload", "message", "msg", "input",
	"record", "records", "body", "params", "args", "data")

// analyzeEntry analyses an entry point: its first parameter is the event.
// named says whether the caller named this function as the handler; for
// entries found by shape, logging the parameter whole is only reported when
// it is named like an event, since a helper's argument may be anything.
func (a *fileAnalysis) analyzeEntry(fn *node, named bool) {
	e := env{}
	ps := params(a, fn)
	if len(ps) > 0 {
		whole := named || eventNames[strings.ToLower(a.text(ps[0]))]
		t := &taint{steps: []Step{a.step(ps[0], "event parameter of the handler")}, parsed: true, whole: whole}
		a.bind(ps[0], t, ps[0], e)
		if ps[0].kind == "identifier" {
			e[a.text(ps[0])] = t // the parameter itself is the source, not a step
		}
	}
	a.evalBody(fn, e)
}

// callLocal follows a call to a function of the same file and returns the
// taint of its result.
func (a *fileAnalysis) callLocal(fn *node, call *node, args []*taint) *taint {
	var mask uint64
	for i, t := range args {
		if t != nil && i < 64 {
			mask |= 1 << i
		}
	}
	key := summaryKey{fn, mask}
	if t, ok := a.summaries[key]; ok {
		return t
	}
	if a.active[key] || a.depth >= maxCallDepth {
		return union(args...)
	}
	a.active[key] = true
	a.depth++
	e := env{}
	for i, p := range params(a, fn) {
		if i < len(args) && args[i] != nil {
			a.bind(p, args[i].with(a.step(call, "passed to "+a.snippet(p))), p, e)
		}
	}
	ret := a.evalBody(fn, e)
	a.depth--
	delete(a.active, key)
	a.summaries[key] = ret
	return ret
}

// evalBody evaluates a function body and returns the union of the taint of
// its return values (or of the expression body of an arrow function).
func (a *fileAnalysis) evalBody(fn *node, e env) *taint {
	body := fn.child("body")
	if body == nil {
		return nil
	}
	if body.kind != "statement_block" && body.kind != "block" {
		return a.eval(body, e)
	}
	var ret *taint
	var walk func(n *node)
	walk = func(n *node) {
		a.evalHeader(n, e)
		for _, k := range n.kids {
			switch {
			case !k.named || isHeader(n, k):
			case k.kind == "return_statement":
				ret = union(ret, a.evalKids(k, e))
			case isStatementContainer(k.kind):
				walk(k)
			default:
				a.eval(k, e)
			}
		}
	}
	walk(body)
	return ret
}

// isStatementContainer lists statements whose nested blocks may hold
// return statements.
func isStatementContainer(kind string) bool {
	switch kind {
	case "if_statement", "else_clause", "elif_clause", "try_statement", "catch_clause", "finally_clause",
		"except_clause", "with_statement", "statement_block", "block", "while_statement", "for_statement",
		"for_in_statement", "switch_statement", "switch_body", "switch_case", "switch_default", "else",
		"do_statement", "labeled_statement":
		return true
	}
	return false
}

// isHeader reports whether child k of container n is a condition, loop
// target or similar part evaluated by evalHeader.
func isHeader(n, k *node) bool {
	if n.kind == "statement_block" || n.kind == "block" {
		return false
	}
	switch k.field {
	case "condition", "left", "right", "value", "subject", "parameter":
		return true
	}
	return k.kind == "with_clause" || k.kind == "parenthesized_expression" && k.field == ""
}

// evalHeader evaluates the header of a container statement (conditions,
// loop targets, with-items) before its blocks are walked.
func (a *fileAnalysis) evalHeader(n *node, e env) {
	switch n.kind {
	case "statement_block", "block":
		return
	case "for_statement", "for_in_statement":
		t := a.eval(n.child("right"), e).field()
		a.bind(n.child("left"), t, n, e)
		return
	}
	for _, k := range n.kids {
		if k.named && isHeader(n, k) && k.field != "parameter" {
			a.eval(k, e)
		}
	}
}

// report records an issue at a sink.
func (a *fileAnalysis) report(class, msg string, at *node, t *taint) {
	is := Issue{Class: class, CWE: CWE(class), Message: msg, File: a.path, Line: at.line, Column: at.col}
	if t != nil && len(t.steps) > 0 {
		f := &Flow{Source: t.steps[0], Sink: a.step(at, msg), Class: class, CWE: CWE(class)}
		f.Steps = append(f.Steps, t.steps[1:]...)
		is.Flow = f
		is.Message = fmt.Sprintf("%s (from %s at line %d)", msg, t.steps[0].Code, t.steps[0].Line)
	}
	a.issues = append(a.issues, is)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// trimQuotes returns a string literal's content, without Python's string
// prefixes (r, b, u, f); other text is returned unchanged.
func trimQuotes(s string) string {
	i := strings.IndexAny(s, "'\"`")
	if i < 0 || i > 2 || strings.Trim(s[:i], "rbuRBUfF") != "" {
		return s
	}
	return strings.Trim(s[i:], "'\"`")
}
