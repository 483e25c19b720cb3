package code

import (
	"strings"
)

// sink describes calls that must not receive untrusted data.
type sink struct {
	class string
	msg   string
	names []string // canonical callee names; "*.m" matches method m on any receiver
	args  []int    // positional arguments that must stay clean; nil means none
	kw    []string // keyword arguments (Python) or properties of an options object (JS)
	built bool     // only data built into a string counts (SQL)
	obj   bool     // only an object literal holding parsed data counts (NoSQL)
	url   bool     // a literal scheme://host/ prefix makes it safe (SSRF)
	when  func(a *fileAnalysis, c *callSite) bool
}

// callSite is a call being evaluated.
type callSite struct {
	n        *node
	name     string  // canonical callee name
	args     []*node // positional arguments
	kwargs   map[string]*node
	taints   []*taint // of args
	kwTaints []*taint // of keyword arguments (Python), in call order
	kwNames  []string
	env      env
}

// ruleSet is one language's sources, sinks and sanitisers.
type ruleSet struct {
	sinks        []sink
	sanitizers   map[string]bool // canonical names or "*.method"
	parsers      map[string]bool // calls returning parsed structures (JSON.parse)
	stringifiers map[string]bool // calls returning a string, which carries no query operator
	builders     map[string]bool // calls building a string from their arguments (format, join)
	serializers  map[string]bool // calls whose result shows their whole argument (JSON.stringify)
	iterators    map[string]bool // methods that pass elements to a callback
	loggers      []string        // prefixes of logging calls
	source       func(a *fileAnalysis, n *node) string
	checks       func(a *fileAnalysis) // issues found without data flow
}

// matches reports whether a canonical callee name matches a pattern.
func matches(name, pattern string) bool {
	if m, ok := strings.CutPrefix(pattern, "*."); ok {
		return name == m || strings.HasSuffix(name, "."+m)
	}
	return name == pattern
}

func (r *ruleSet) matchAny(set map[string]bool, name string) bool {
	if set[name] {
		return true
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 && set["*."+name[i+1:]] {
		return true
	}
	return false
}

// evalCall evaluates a call: its receiver and arguments, same-file callees,
// sinks, sanitisers and propagation.
func (a *fileAnalysis) evalCall(n *node, e env) *taint {
	callee := n.child("function")
	if callee == nil {
		callee = n.child("constructor")
	}
	c := &callSite{n: n, name: a.canonical(callee), kwargs: map[string]*node{}}
	var recv *taint
	if callee != nil && (callee.kind == "member_expression" || callee.kind == "attribute") {
		recv = a.evalMember(callee, callee.child("object"), e)
	} else if callee != nil && callee.kind != "identifier" {
		recv = a.eval(callee, e)
	}
	c.env = e
	a.collectArgs(c, n.child("arguments"), e)
	iterating := recv != nil && a.rules.iterators[methodName(c.name)]
	for _, arg := range c.args {
		switch {
		case !isFunction(arg):
		case iterating:
			a.evalNested(arg, e, recv.field().with(a.step(arg, "element passed to the callback")))
		default:
			a.evalNested(arg, e, nil)
		}
	}
	if c.name == "" && callee != nil && isFunction(callee) {
		a.evalNested(callee, e, nil)
	}
	for _, s := range a.rules.sinks {
		a.checkSink(s, c)
	}
	a.checkLog(c)
	a.mutate(callee, c, e)
	if a.rules.matchAny(a.rules.sanitizers, c.name) {
		return nil
	}
	if a.isTableLookup(callee, e) {
		return a.tableDefault(c)
	}
	all := append(append([]*taint{recv}, c.taints...), c.kwTaints...)
	if a.rules.matchAny(a.rules.builders, c.name) {
		return union(all...).asBuilt()
	}
	if a.rules.matchAny(a.rules.stringifiers, c.name) {
		return unparsed(union(all...))
	}
	if fn, ok := a.funcs[c.name]; ok && callee.kind == "identifier" {
		return a.callLocal(fn, n, a.localArgs(fn, c))
	}
	t := union(all...)
	if t != nil && t.whole && !a.rules.matchAny(a.rules.serializers, c.name) {
		t = t.field() // the result of an arbitrary call is not the event itself
	}
	if t != nil && a.rules.matchAny(a.rules.parsers, c.name) {
		c := *t
		c.parsed = true
		t = &c
	}
	return t
}

// collectArgs evaluates the arguments of a call in order.
func (a *fileAnalysis) collectArgs(c *callSite, args *node, e env) {
	if args == nil {
		return
	}
	if args.kind == "template_string" { // tagged template: tag`...`
		c.args = []*node{args}
		c.taints = []*taint{a.eval(args, e)}
		return
	}
	for _, arg := range args.namedKids() {
		if arg.kind == "keyword_argument" {
			name := a.text(arg.child("name"))
			c.kwargs[name] = arg.child("value")
			c.taints = append(c.taints, nil)
			c.kwNames = append(c.kwNames, name)
			c.kwTaints = append(c.kwTaints, a.eval(arg, e))
			continue
		}
		if isFunction(arg) {
			c.args = append(c.args, arg)
			c.taints = append(c.taints, nil)
			continue // evaluated as a callback or below
		}
		c.args = append(c.args, arg)
		c.taints = append(c.taints, a.eval(arg, e))
	}
}

func isFunction(n *node) bool {
	switch n.kind {
	case "arrow_function", "function_expression", "function", "lambda", "generator_function":
		return true
	}
	return false
}

func methodName(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// checkSink reports a tainted argument of a matching sink call.
func (a *fileAnalysis) checkSink(s sink, c *callSite) {
	matched := false
	for _, p := range s.names {
		if matches(c.name, p) {
			matched = true
			break
		}
	}
	if !matched || (s.when != nil && !s.when(a, c)) {
		return
	}
	for _, i := range s.args {
		if i < len(c.args) && len(s.kw) > 0 && a.isObject(c.args[i], c.env) {
			continue // an options object: only its named properties matter
		}
		if i < len(c.args) && a.sinkArg(s, c.args[i], c.taints[i]) {
			a.report(s.class, s.msg, c.n, c.taints[i])
			return
		}
	}
	for _, k := range s.kw {
		for _, v := range a.keywordValues(c, k) {
			if t := a.eval(v, c.env); t != nil && a.sinkArg(s, v, t) {
				a.report(s.class, s.msg, c.n, t)
				return
			}
		}
		for _, arg := range c.args {
			if arg.kind == "identifier" && c.env[objectKey(a.text(arg))] == objectMarker {
				if t := c.env[a.text(arg)+"."+k]; t != nil && (!s.built || t.built) {
					a.report(s.class, s.msg, c.n, t)
					return
				}
			}
		}
	}
}

// keywordValues returns the value of keyword argument k (Python) or of
// property k of the object literals among the arguments (JavaScript).
func (a *fileAnalysis) keywordValues(c *callSite, k string) []*node {
	if v, ok := c.kwargs[k]; ok {
		return []*node{v}
	}
	var out []*node
	for _, arg := range c.args {
		if v := a.property(arg, k); v != nil {
			out = append(out, v)
		}
	}
	return out
}

// isObject reports whether an argument is an object literal or a variable
// holding one.
func (a *fileAnalysis) isObject(n *node, e env) bool {
	n = unwrapValue(n)
	switch {
	case n == nil:
		return false
	case n.kind == "object" || n.kind == "dictionary":
		return true
	case n.kind == "identifier":
		return e[objectKey(a.text(n))] == objectMarker
	}
	return false
}

// property returns the value of property k of an object literal.
func (a *fileAnalysis) property(obj *node, k string) *node {
	if obj == nil || (obj.kind != "object" && obj.kind != "dictionary") {
		return nil
	}
	for _, p := range obj.namedKids() {
		switch p.kind {
		case "pair":
			if trimQuotes(a.text(p.child("key"))) == k {
				return p.child("value")
			}
		case "shorthand_property_identifier":
			if a.text(p) == k {
				return p
			}
		}
	}
	return nil
}

// sinkArg applies a sink's conditions to one tainted argument.
func (a *fileAnalysis) sinkArg(s sink, arg *node, t *taint) bool {
	switch {
	case t == nil:
		return false
	case s.built && !t.built:
		return false
	case s.obj && (!t.parsed || t.built || (arg.kind != "object" && arg.kind != "dictionary")):
		return false
	case s.url && fixedHost(a.text(arg)):
		return false
	}
	return true
}

// fixedHost reports whether a URL expression starts with a literal
// scheme://host/ so that only its path or query is supplied.
func fixedHost(expr string) bool {
	s := strings.TrimLeft(expr, "fFrRbB")
	if len(s) == 0 || !strings.ContainsRune("'\"`", rune(s[0])) {
		return false
	}
	s = s[1:]
	i := strings.Index(s, "://")
	if i <= 0 || i > 10 {
		return false
	}
	rest := s[i+3:]
	slash := strings.IndexByte(rest, '/')
	if slash <= 0 {
		return false
	}
	host := rest[:slash]
	return !strings.ContainsAny(host, "${}%'\"`+")
}

// checkLog reports the whole event or environment passed to a logging call.
func (a *fileAnalysis) checkLog(c *callSite) {
	logging := false
	for _, p := range a.rules.loggers {
		if strings.HasPrefix(c.name, p) {
			logging = true
		}
	}
	if !logging {
		return
	}
	for i, t := range c.taints {
		if t != nil && t.whole && len(t.steps) > 0 {
			a.report(ClassLogSensitive, "The whole event is written to the logs; it may hold credentials, tokens and personal data", c.args[i], t)
			return
		}
	}
	for _, arg := range c.args {
		if a.mentionsWholeEnv(arg) {
			a.report(ClassLogSensitive, "The whole environment is written to the logs, including any secret it holds and the function's AWS session credentials", arg, nil)
			return
		}
	}
}

// mentionsWholeEnv reports whether an expression uses process.env or
// os.environ as a whole rather than one variable of it.
func (a *fileAnalysis) mentionsWholeEnv(n *node) bool {
	if n.kind == "member_expression" || n.kind == "attribute" {
		if t := a.text(n); t == "process.env" || t == "os.environ" {
			p := n.parent
			return p == nil || (p.kind != "member_expression" && p.kind != "attribute" &&
				p.kind != "subscript_expression" && p.kind != "subscript")
		}
	}
	for _, k := range n.kids {
		if a.mentionsWholeEnv(k) {
			return true
		}
	}
	return false
}

// canonical returns the dotted name of a callee with imports resolved:
// cp.exec with cp = require('child_process') is "child_process.exec".
func (a *fileAnalysis) canonical(n *node) string {
	if n == nil {
		return ""
	}
	switch n.kind {
	case "identifier":
		name := a.text(n)
		if full, ok := a.aliases[name]; ok {
			return full
		}
		return name
	case "member_expression":
		return joinName(a.canonical(n.child("object")), a.text(n.child("property")))
	case "attribute":
		return joinName(a.canonical(n.child("object")), a.text(n.child("attribute")))
	case "parenthesized_expression", "await_expression", "non_null_expression", "as_expression":
		if ks := n.namedKids(); len(ks) > 0 {
			return a.canonical(ks[0])
		}
	case "call_expression", "call":
		fn := n.child("function")
		if fn != nil && a.text(fn) == "require" {
			if args := n.child("arguments"); args != nil && len(args.namedKids()) > 0 {
				return moduleName(trimQuotes(a.text(args.namedKids()[0])))
			}
		}
		if name := a.canonical(fn); name != "" {
			return name + "()"
		}
	case "new_expression":
		if name := a.canonical(n.child("constructor")); name != "" {
			return name + "()"
		}
	case "this":
		return "this"
	}
	return ""
}

func joinName(obj, prop string) string {
	if obj == "" {
		return "?." + prop
	}
	return obj + "." + prop
}

// moduleName normalises a module specifier: node:fs and fs/promises are fs.
func moduleName(m string) string {
	m = strings.TrimPrefix(m, "node:")
	switch m {
	case "fs/promises":
		return "fs"
	case "child_process/promises":
		return "child_process"
	}
	return m
}

// envDumpCommands print every environment variable.
var envDumpCommands = set("printenv", "env", "set", "export", "cat /proc/self/environ", "/usr/bin/env", "/usr/bin/printenv")

// msgEnvDump and msgEnvReturn describe environment exposure.
const (
	msgEnvDump   = "Runs a command that prints every environment variable, including the function's AWS session credentials"
	msgEnvReturn = "Returns the whole environment, including the function's AWS session credentials, to the caller"
)

// checkEnvExposure reports commands that dump the environment and return
// statements that hand it out; shared by the JavaScript and Python checks.
func (a *fileAnalysis) checkEnvExposure(n *node, name string) {
	switch n.kind {
	case "return_statement":
		if a.mentionsWholeEnv(n) {
			a.report(ClassEnvExposure, msgEnvReturn, n, nil)
		}
		return
	case "call_expression", "call":
	default:
		return
	}
	if !strings.HasPrefix(name, "child_process.") && !strings.HasPrefix(name, "subprocess.") &&
		name != "os.system" && name != "os.popen" {
		return
	}
	args := n.child("arguments")
	if args == nil || len(args.namedKids()) == 0 {
		return
	}
	first := args.namedKids()[0]
	if first.kind == "list" || first.kind == "array" {
		if ks := first.namedKids(); len(ks) > 0 {
			first = ks[0]
		}
	}
	if first.kind == "string" && envDumpCommands[strings.TrimSpace(trimQuotes(a.text(first)))] {
		a.report(ClassEnvExposure, msgEnvDump, n, nil)
	}
}
