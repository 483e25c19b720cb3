package sdk

import (
	"strings"

	"github.com/slsguard/slsguard/internal/code"
)

// client is what the analysis knows of an SDK client object.
type client struct {
	service string // IAM prefix
	doc     bool   // DynamoDB document client
	s3obj   bool   // boto3 s3.Object / Go-less sub-resource: methods act on one object
	s3bkt   bool   // boto3 s3.Bucket
	params  []Param
}

// jsFile is the state of the analysis of one JavaScript or TypeScript file.
type jsFile struct {
	path    string
	src     []byte
	root    *code.Node
	aliases map[string]string     // local name -> canonical module member
	clients map[string]*client    // expression text -> client
	values  map[string]*code.Node // identifier -> value it was declared with
	env     map[string]string     // identifier -> environment variable
	funcs   map[string]*code.Node
	imports []string
	calls   []Call
	// reexports maps names the module re-exports from another module to
	// that module and the name there.
	reexports map[string][2]string
	resolve   resolver
}

func (f *jsFile) text(n *code.Node) string { return n.Text(f.src) }

// unwrap looks through await, parentheses, casts and non-null assertions.
func unwrap(n *code.Node) *code.Node {
	for n != nil {
		switch n.Kind() {
		case "parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression",
			"await_expression", "await", "type_assertion":
			ks := n.NamedKids()
			if len(ks) == 0 {
				return n
			}
			n = ks[len(ks)-1]
			if n.Kind() == "type_arguments" && len(ks) > 1 {
				n = ks[0]
			}
		default:
			return n
		}
	}
	return nil
}

func walkNodes(n *code.Node, fn func(*code.Node) bool) {
	if n == nil || !fn(n) {
		return
	}
	for _, k := range n.Kids() {
		walkNodes(k, fn)
	}
}

func trimQuotes(s string) string {
	if len(s) >= 2 && strings.ContainsRune(`'"`+"`", rune(s[0])) && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

func firstArg(call *code.Node, i int) *code.Node {
	args := call.Child("arguments")
	if args == nil {
		return nil
	}
	ks := args.NamedKids()
	if i >= len(ks) {
		return nil
	}
	return ks[i]
}

// canonical names an expression by the module member it stands for:
// AWS.DynamoDB.DocumentClient with AWS = require('aws-sdk') is
// "aws-sdk.DynamoDB.DocumentClient".
func (f *jsFile) canonical(n *code.Node) string {
	n = unwrap(n)
	if n == nil {
		return ""
	}
	switch n.Kind() {
	case "identifier":
		if c, ok := f.aliases[f.text(n)]; ok {
			return c
		}
	case "member_expression":
		return f.canonical(n.Child("object")) + "." + f.text(n.Child("property"))
	case "call_expression":
		if m := f.requireModule(n); m != "" {
			return m
		}
		// AWSXRay.captureAWS(require('aws-sdk')) is the SDK itself.
		if strings.Contains(f.text(n.Child("function")), "capture") {
			return f.canonical(firstArg(n, 0))
		}
	}
	return f.text(n)
}

// requireModule returns m for require('m'), else "".
func (f *jsFile) requireModule(call *code.Node) string {
	if call.Kind() != "call_expression" || f.text(call.Child("function")) != "require" {
		return ""
	}
	arg := firstArg(call, 0)
	if arg == nil || arg.Kind() != "string" {
		return ""
	}
	return trimQuotes(f.text(arg))
}

// collect records imports, client objects, constants and environment
// reads of the whole file: clients are often created at module level or in
// another function than the one that calls them.
func (f *jsFile) collect() {
	walkNodes(f.root, func(n *code.Node) bool {
		switch n.Kind() {
		case "import_statement":
			f.importDecl(n)
		case "export_statement":
			f.reexport(n)
		case "variable_declarator":
			f.declare(n.Child("name"), n.Child("value"))
		case "assignment_expression":
			f.declare(n.Child("left"), n.Child("right"))
		case "public_field_definition", "field_definition":
			if p, v := n.Child("name"), n.Child("value"); p != nil && v != nil {
				if c := f.clientOf(v); c != nil {
					f.clients["this."+f.text(p)] = c
				}
			}
		case "call_expression":
			if m := f.requireModule(n); strings.HasPrefix(m, ".") {
				f.imports = append(f.imports, m)
			}
		}
		return true
	})
}

func (f *jsFile) importDecl(n *code.Node) {
	src := n.Child("source")
	if src == nil {
		return
	}
	mod := trimQuotes(f.text(src))
	if strings.HasPrefix(mod, ".") {
		f.imports = append(f.imports, mod)
	}
	walkNodes(n, func(k *code.Node) bool {
		switch k.Kind() {
		case "import_clause":
			for _, c := range k.NamedKids() {
				if c.Kind() == "identifier" {
					f.aliases[f.text(c)] = mod
					f.imported(mod, f.text(c), "default")
				}
			}
		case "namespace_import":
			for _, c := range k.NamedKids() {
				f.aliases[f.text(c)] = mod
				f.imported(mod, f.text(c), "")
			}
		case "import_specifier":
			name, alias := k.Child("name"), k.Child("alias")
			if alias == nil {
				alias = name
			}
			f.aliases[f.text(alias)] = mod + "." + f.text(name)
			f.imported(mod, f.text(alias), f.text(name))
		}
		return true
	})
}

// declare records what one declaration or assignment binds.
func (f *jsFile) declare(name, value *code.Node) {
	value = unwrap(value)
	if name == nil || value == nil {
		return
	}
	if name.Kind() == "object_pattern" {
		f.destructure(name, value)
		return
	}
	key := f.text(name)
	if value.Kind() == "call_expression" {
		if m := f.requireModule(value); m != "" {
			f.aliases[key] = m
			f.imported(m, key, "")
			return
		}
	}
	if value.Kind() == "member_expression" && unwrap(value.Child("object")).Kind() == "call_expression" {
		if m := f.requireModule(unwrap(value.Child("object"))); m != "" {
			f.aliases[key] = m + "." + f.text(value.Child("property"))
			f.imported(m, key, f.text(value.Child("property")))
			return
		}
	}
	if c := f.clientOf(value); c != nil {
		f.clients[key] = c
	}
	if name.Kind() == "identifier" {
		f.values[key] = value
		if value.Kind() == "arrow_function" || value.Kind() == "function_expression" || value.Kind() == "function" {
			f.funcs[key] = value
		}
	}
}

// destructure handles const {A, B: C} = require('m') and
// const {TABLE, BUCKET: bucket} = process.env.
func (f *jsFile) destructure(pat, value *code.Node) {
	base := ""
	switch {
	case f.text(value) == "process.env":
	case f.requireModule(value) != "":
		base = f.requireModule(value)
	default:
		base = f.canonical(value)
		if base == f.text(value) && f.aliases[strings.SplitN(base, ".", 2)[0]] == "" {
			return
		}
	}
	for _, p := range pat.NamedKids() {
		var key, local string
		switch p.Kind() {
		case "shorthand_property_identifier_pattern":
			key, local = f.text(p), f.text(p)
		case "pair_pattern":
			key, local = trimQuotes(f.text(p.Child("key"))), f.text(p.Child("value"))
		case "object_assignment_pattern":
			l := p.Child("left")
			key, local = f.text(l), f.text(l)
		default:
			continue
		}
		if base == "" {
			f.env[local] = key
		} else {
			f.aliases[local] = base + "." + key
			f.imported(base, local, key)
		}
	}
}

// clientOf returns the client an expression creates or names.
func (f *jsFile) clientOf(v *code.Node) *client {
	v = unwrap(v)
	if v == nil {
		return nil
	}
	switch v.Kind() {
	case "new_expression":
		return clientFromCtor(f.canonical(v.Child("constructor")))
	case "call_expression":
		callee := f.canonical(v.Child("function"))
		if strings.HasPrefix(callee, "@aws-sdk/lib-dynamodb.DynamoDBDocument") && strings.HasSuffix(callee, ".from") {
			return &client{service: "dynamodb", doc: true}
		}
		if strings.Contains(strings.ToLower(callee), "capture") {
			return f.clientOf(firstArg(v, 0))
		}
	case "identifier", "member_expression":
		if c, ok := f.clients[f.text(v)]; ok {
			return c
		}
	}
	return nil
}

// clientFromCtor recognises SDK client classes by canonical name.
func clientFromCtor(ctor string) *client {
	switch {
	case ctor == "aws-sdk.DynamoDB.DocumentClient", strings.HasSuffix(ctor, "aws-sdk/clients/dynamodb.DocumentClient"),
		ctor == "aws-sdk/clients/all.DynamoDB.DocumentClient":
		return &client{service: "dynamodb", doc: true}
	case strings.HasPrefix(ctor, "@aws-sdk/lib-dynamodb.DynamoDBDocument"):
		return &client{service: "dynamodb", doc: true}
	case strings.HasPrefix(ctor, "aws-sdk."):
		svc, _, _ := strings.Cut(strings.TrimPrefix(ctor, "aws-sdk."), ".")
		if p := ServicePrefix(svc); p != "" {
			return &client{service: p}
		}
	case strings.HasPrefix(ctor, "aws-sdk/clients/"):
		mod, _, _ := strings.Cut(strings.TrimPrefix(ctor, "aws-sdk/clients/"), ".")
		if p := ServicePrefix(mod); p != "" {
			return &client{service: p}
		}
	case strings.HasPrefix(ctor, "@aws-sdk/client-"):
		mod, _, _ := strings.Cut(strings.TrimPrefix(ctor, "@aws-sdk/client-"), ".")
		if p := ServicePrefix(mod); p != "" {
			return &client{service: p}
		}
	}
	return nil
}

// reexport records export { a as b } from './m' and export * from './m'.
func (f *jsFile) reexport(n *code.Node) {
	src := n.Child("source")
	if src == nil {
		return
	}
	mod := trimQuotes(f.text(src))
	if strings.HasPrefix(mod, ".") {
		f.imports = append(f.imports, mod)
	}
	walkNodes(n, func(k *code.Node) bool {
		if k.Kind() == "export_specifier" {
			name, alias := k.Child("name"), k.Child("alias")
			if alias == nil {
				alias = name
			}
			f.reexports[f.text(alias)] = [2]string{mod, f.text(name)}
		}
		return true
	})
}
