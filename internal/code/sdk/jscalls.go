package sdk

import (
	"strings"

	"github.com/slsguard/slsguard/internal/code"
)

// scan records the SDK calls of scope and of the functions it refers to.
func (f *jsFile) scan(scope []*code.Node) {
	reach(scope, f.src, f.funcs, func(k *code.Node) {
		switch k.Kind() {
		case "call_expression":
			f.call(k)
		case "new_expression":
			if f.canonical(k.Child("constructor")) == "@aws-sdk/lib-storage.Upload" {
				f.add(k, &client{service: "s3"}, "Upload", f.pairValue(firstArg(k, 0), "params"), "")
			}
		}
	})
}

// call looks at one call expression.
func (f *jsFile) call(n *code.Node) {
	callee := unwrap(n.Child("function"))
	if callee == nil {
		return
	}
	switch callee.Kind() {
	case "identifier", "member_expression":
		if f.sdkFunction(n, f.canonical(callee)) {
			return
		}
	}
	switch callee.Kind() {
	case "subscript_expression":
		if c := f.clientOf(callee.Child("object")); c != nil {
			f.unresolved(n, c.service, f.text(callee), "the method is chosen at run time")
		}
		return
	case "member_expression":
	default:
		return
	}
	method := f.text(callee.Child("property"))
	c := f.clientOf(callee.Child("object"))
	if c == nil {
		f.unknownClient(n, callee, method)
		return
	}
	switch {
	case method == "send":
		f.send(n, c, firstArg(n, 0))
	case method == "getSignedUrl" || method == "getSignedUrlPromise":
		op := firstArg(n, 0)
		if op == nil || op.Kind() != "string" {
			f.unresolved(n, c.service, method, "the presigned operation is chosen at run time")
			return
		}
		f.add(n, c, trimQuotes(f.text(op)), firstArg(n, 1), "presigned URL")
	case notOperations[method]:
	default:
		f.add(n, c, method, firstArg(n, 0), "")
	}
}

// unknownClient handles calls on receivers the analysis cannot tie to a
// client but that are SDK calls all the same: x.send(new PutObjectCommand())
// names its service by the command's package, and x.op(params).promise()
// is an SDK v2 request on a client created out of sight.
func (f *jsFile) unknownClient(n, callee *code.Node, method string) {
	if method == "send" {
		if cmd := unwrap(firstArg(n, 0)); cmd != nil && cmd.Kind() == "new_expression" {
			ctor := f.canonical(cmd.Child("constructor"))
			if strings.HasPrefix(ctor, "@aws-sdk/") && strings.HasSuffix(ctor, "Command") {
				f.send(n, &client{}, cmd)
			}
		}
		return
	}
	if method != "promise" {
		if f.usesSDK() {
			if c, by := f.inferred(n, method); c != nil {
				f.add(n, c, method, firstArg(n, 0), "client inferred from the "+by+" parameter")
			}
		}
		return
	}
	inner := unwrap(callee.Child("object"))
	if inner == nil || inner.Kind() != "call_expression" {
		return
	}
	if ic := unwrap(inner.Child("function")); ic != nil && ic.Kind() == "member_expression" && f.clientOf(ic.Child("object")) == nil {
		if c, _ := f.inferred(inner, f.text(ic.Child("property"))); c != nil {
			return // the inner call is recorded on its own
		}
		f.unresolved(inner, "", f.text(ic.Child("property")), "unknown client "+shorten(f.text(ic.Child("object"))))
	}
}

// inferred guesses the client of a call from its parameters.
func (f *jsFile) inferred(n *code.Node, method string) (*client, string) {
	if notOperations[method] {
		return nil, ""
	}
	ps, _ := f.params(firstArg(n, 0), 0)
	return inferClient(method, ps)
}

// usesSDK reports whether the file imports the AWS SDK: only then is a
// call with a Bucket parameter taken for an SDK call.
func (f *jsFile) usesSDK() bool {
	for _, m := range f.aliases {
		if strings.HasPrefix(m, "aws-sdk") || strings.HasPrefix(m, "@aws-sdk/") {
			return true
		}
	}
	return false
}

// sdkFunction handles the v3 functions that take a client: paginators and
// the S3 request presigner.
func (f *jsFile) sdkFunction(n *code.Node, canon string) bool {
	mod, fn, ok := strings.Cut(canon, ".")
	if !ok || !strings.HasPrefix(mod, "@aws-sdk/") {
		return false
	}
	switch {
	case strings.HasPrefix(fn, "paginate"):
		c := &client{service: ServicePrefix(strings.TrimPrefix(mod, "@aws-sdk/client-"))}
		if mod == "@aws-sdk/lib-dynamodb" {
			c = &client{service: "dynamodb", doc: true}
		}
		f.add(n, c, strings.TrimPrefix(fn, "paginate"), firstArg(n, 1), "paginator")
		return true
	case mod == "@aws-sdk/s3-request-presigner" && fn == "getSignedUrl":
		c := f.clientOf(firstArg(n, 0))
		if c == nil {
			c = &client{service: "s3"}
		}
		f.send(n, c, firstArg(n, 1))
		return true
	}
	return false
}

// send handles client.send(command) of the SDK v3.
func (f *jsFile) send(n *code.Node, c *client, cmd *code.Node) {
	cmd = unwrap(cmd)
	if cmd != nil && cmd.Kind() == "identifier" {
		if v := unwrap(f.values[f.text(cmd)]); v != nil {
			cmd = v
		}
	}
	if cmd == nil || cmd.Kind() != "new_expression" {
		f.unresolved(n, c.service, "send", "the command is built elsewhere")
		return
	}
	ctor := f.canonical(cmd.Child("constructor"))
	name := ctor[strings.LastIndexByte(ctor, '.')+1:]
	if !strings.HasSuffix(name, "Command") {
		f.unresolved(n, c.service, "send", "the command "+name+" is not an SDK command")
		return
	}
	cc := *c
	if strings.HasPrefix(ctor, "@aws-sdk/lib-dynamodb.") {
		cc.doc = true
	} else if p := ServicePrefix(strings.TrimPrefix(strings.SplitN(ctor, ".", 2)[0], "@aws-sdk/client-")); strings.HasPrefix(ctor, "@aws-sdk/client-") && p != "" {
		cc.service, cc.doc = p, false
	}
	f.add(n, &cc, name, firstArg(cmd, 0), "")
}

func (f *jsFile) unresolved(n *code.Node, service, op, why string) {
	f.calls = append(f.calls, Call{File: f.path, Line: n.Line(), Column: n.Column(), Service: service, Operation: op, Unresolved: why})
}

// add records one mapped call with the parameters of its argument.
func (f *jsFile) add(n *code.Node, c *client, op string, arg *code.Node, note string) {
	acts, n2, why := resolveOp(c.service, op, c.doc)
	call := Call{File: f.path, Line: n.Line(), Column: n.Column(), Service: c.service, Operation: op,
		Actions: acts, Note: joinNote(note, n2), Unresolved: why}
	var ops []string
	call.Params, ops = f.params(arg, 0)
	finish(&call, ops)
	f.calls = append(f.calls, call)
}

// pairValue returns the value of key in an object literal.
func (f *jsFile) pairValue(obj *code.Node, key string) *code.Node {
	obj = f.object(obj)
	if obj == nil {
		return nil
	}
	for _, p := range obj.NamedKids() {
		if p.Kind() == "pair" && trimQuotes(f.text(p.Child("key"))) == key {
			return p.Child("value")
		}
		if p.Kind() == "shorthand_property_identifier" && f.text(p) == key {
			return p
		}
	}
	return nil
}

// object returns the object literal an argument is or names.
func (f *jsFile) object(n *code.Node) *code.Node {
	for range 4 {
		n = unwrap(n)
		if n == nil {
			return nil
		}
		if n.Kind() == "object" {
			return n
		}
		if n.Kind() != "identifier" {
			return nil
		}
		n = f.values[f.text(n)]
	}
	return nil
}

// params returns the resource-naming parameters of a call's argument, and
// the actions of the items of a DynamoDB transaction.
func (f *jsFile) params(arg *code.Node, depth int) ([]Param, []string) {
	obj := f.object(arg)
	if obj == nil || depth > 3 {
		return nil, nil
	}
	var out []Param
	var ops []string
	for _, p := range obj.NamedKids() {
		var key string
		var val *code.Node
		switch p.Kind() {
		case "pair":
			key, val = trimQuotes(f.text(p.Child("key"))), p.Child("value")
		case "shorthand_property_identifier":
			key, val = f.text(p), p
		default:
			continue
		}
		switch {
		case key == "RequestItems":
			out = append(out, f.tableKeys(val)...)
		case key == "TransactItems":
			ps, os := f.transactItems(val, depth)
			out, ops = append(out, ps...), append(ops, os...)
		case nestedParams[key]:
			ps, _ := f.params(val, depth+1)
			out = append(out, ps...)
		case resourceParams[key]:
			out = append(out, f.value(key, val, 0))
		}
	}
	return out, ops
}

// tableKeys reads the table names that key a RequestItems object.
func (f *jsFile) tableKeys(v *code.Node) []Param {
	obj := f.object(v)
	if obj == nil {
		return []Param{{Name: "TableName", Unknown: "RequestItems built elsewhere"}}
	}
	var out []Param
	for _, p := range obj.NamedKids() {
		if p.Kind() != "pair" {
			continue
		}
		k := p.Child("key")
		if k.Kind() == "computed_property_name" && len(k.NamedKids()) > 0 {
			out = append(out, f.value("TableName", k.NamedKids()[0], 0))
			continue
		}
		out = append(out, Param{Name: "TableName", Literal: trimQuotes(f.text(k))})
	}
	return out
}

func (f *jsFile) transactItems(v *code.Node, depth int) ([]Param, []string) {
	v = unwrap(v)
	if v == nil || v.Kind() != "array" {
		return nil, nil
	}
	var out []Param
	var ops []string
	for _, item := range v.NamedKids() {
		obj := f.object(item)
		if obj == nil {
			continue
		}
		for _, p := range obj.NamedKids() {
			if p.Kind() != "pair" {
				continue
			}
			if a, ok := transactItemOps[trimQuotes(f.text(p.Child("key")))]; ok {
				ops = append(ops, a)
				ps, _ := f.params(p.Child("value"), depth+1)
				out = append(out, ps...)
			}
		}
	}
	return out, ops
}

// value follows a parameter's value to a literal or an environment
// variable.
func (f *jsFile) value(name string, v *code.Node, depth int) Param {
	v = unwrap(v)
	p := Param{Name: name}
	if v == nil || depth > 5 {
		p.Unknown = "value not followed"
		return p
	}
	t := f.text(v)
	switch v.Kind() {
	case "string":
		p.Literal = trimQuotes(t)
		return p
	case "template_string":
		if !strings.Contains(t, "${") {
			p.Literal = trimQuotes(t)
			return p
		}
	case "true", "false", "number":
		p.Literal = t
		return p
	case "member_expression", "subscript_expression":
		if env, ok := envRead(t); ok {
			p.Env = env
			return p
		}
	case "identifier", "shorthand_property_identifier":
		if env, ok := f.env[t]; ok {
			p.Env = env
			return p
		}
		if d, ok := f.values[t]; ok {
			return f.value(name, d, depth+1)
		}
	case "binary_expression":
		// process.env.TABLE || 'default' reads the environment first.
		if l := f.value(name, v.Child("left"), depth+1); l.Env != "" {
			return l
		}
	}
	p.Unknown = shorten(t)
	return p
}

// envRead recognises process.env.X and process.env['X'].
func envRead(t string) (string, bool) {
	t = strings.ReplaceAll(t, "?.", ".")
	if rest, ok := strings.CutPrefix(t, "process.env."); ok && isIdent(rest) {
		return rest, true
	}
	if rest, ok := strings.CutPrefix(t, "process.env["); ok && strings.HasSuffix(rest, "]") {
		k := trimQuotes(strings.TrimSuffix(rest, "]"))
		if isIdent(k) {
			return k, true
		}
	}
	return "", false
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func shorten(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + "…"
	}
	if len(s) > 60 {
		s = s[:57] + "…"
	}
	return strings.ToValidUTF8(s, "?")
}
