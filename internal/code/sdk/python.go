package sdk

import (
	"strings"

	"github.com/slsguard/slsguard/internal/code"
)

// pyFile is the state of the analysis of one Python file.
type pyFile struct {
	path    string
	src     []byte
	root    *code.Node
	aliases map[string]string
	clients map[string]*client
	values  map[string]*code.Node
	funcs   map[string]*code.Node
	imports []string
	calls   []Call
	resolve resolver
}

func (f *pyFile) text(n *code.Node) string { return n.Text(f.src) }

// bucketArg is the position of the bucket among the positional arguments
// of boto3's S3 transfer methods.
var bucketArg = map[string]int{"upload_file": 1, "upload_fileobj": 1, "download_file": 0, "download_fileobj": 0, "copy": 1}

// s3ObjectOps and s3BucketOps map the methods of boto3's S3 Object and
// Bucket resources to API operations.
var (
	s3ObjectOps = map[string]string{
		"get": "GetObject", "put": "PutObject", "delete": "DeleteObject", "upload_file": "Upload",
		"upload_fileobj": "Upload", "download_file": "GetObject", "download_fileobj": "GetObject",
		"copy_from": "CopyObject", "copy": "CopyObject", "restore_object": "RestoreObject", "initiate_multipart_upload": "CreateMultipartUpload",
	}
	s3BucketOps = map[string]string{
		"put_object": "PutObject", "upload_file": "Upload", "upload_fileobj": "Upload", "download_file": "GetObject",
		"download_fileobj": "GetObject", "delete_objects": "DeleteObjects", "delete": "DeleteBucket", "copy": "CopyObject",
	}
)

func (f *pyFile) canonical(n *code.Node) string {
	if n == nil {
		return ""
	}
	switch n.Kind() {
	case "identifier":
		if c, ok := f.aliases[f.text(n)]; ok {
			return c
		}
	case "attribute":
		return f.canonical(n.Child("object")) + "." + f.text(n.Child("attribute"))
	}
	return f.text(n)
}

func (f *pyFile) collect() {
	walkNodes(f.root, func(n *code.Node) bool {
		switch n.Kind() {
		case "import_statement":
			for _, k := range n.NamedKids() {
				switch k.Kind() {
				case "aliased_import":
					f.aliases[f.text(k.Child("alias"))] = f.text(k.Child("name"))
					f.imports = append(f.imports, f.text(k.Child("name")))
				case "dotted_name":
					f.imports = append(f.imports, f.text(k))
					if f.resolve != nil {
						for name, c := range f.resolve(f.text(k)) {
							f.clients[f.text(k)+"."+name] = c
						}
					}
				}
			}
		case "import_from_statement":
			f.fromImport(n)
		case "assignment":
			if l, r := n.Child("left"), n.Child("right"); l != nil && r != nil {
				f.bind(f.text(l), r)
			}
		case "as_pattern":
			// with table.batch_writer() as batch:
			if ks := n.NamedKids(); len(ks) == 2 {
				f.bind(strings.TrimSpace(f.text(ks[1])), ks[0])
			}
		}
		return true
	})
}

func (f *pyFile) bind(name string, v *code.Node) {
	f.values[name] = v
	if c := f.clientOf(v); c != nil {
		f.clients[name] = c
	}
}

func (f *pyFile) fromImport(n *code.Node) {
	mod := f.text(n.Child("module_name"))
	for _, k := range n.Kids() {
		if k.Field() != "name" {
			continue
		}
		switch k.Kind() {
		case "dotted_name":
			f.aliases[f.text(k)] = mod + "." + f.text(k)
			if strings.HasPrefix(mod, ".") {
				f.imports = append(f.imports, strings.TrimRight(mod, ".")+"."+f.text(k), mod)
			}
			f.importedClient(mod, f.text(k), f.text(k))
		case "aliased_import":
			f.aliases[f.text(k.Child("alias"))] = mod + "." + f.text(k.Child("name"))
			f.importedClient(mod, f.text(k.Child("alias")), f.text(k.Child("name")))
		}
	}
	f.imports = append(f.imports, mod)
}

// isSession reports whether n is a boto3 session.
func (f *pyFile) isSession(n *code.Node) bool {
	for range 4 {
		if n == nil {
			return false
		}
		if n.Kind() == "call" {
			c := f.canonical(n.Child("function"))
			return c == "boto3.Session" || c == "boto3.session.Session" || c == "aioboto3.Session"
		}
		if n.Kind() != "identifier" && n.Kind() != "attribute" {
			return false
		}
		n = f.values[f.text(n)]
	}
	return false
}

// clientOf returns the client or resource an expression creates or names.
func (f *pyFile) clientOf(v *code.Node) *client {
	if v == nil {
		return nil
	}
	switch v.Kind() {
	case "identifier", "attribute":
		return f.clients[f.text(v)]
	case "await":
		if ks := v.NamedKids(); len(ks) > 0 {
			return f.clientOf(ks[0])
		}
		return nil
	case "call":
	default:
		return nil
	}
	callee := v.Child("function")
	canon := f.canonical(callee)
	if canon == "boto3.client" || canon == "boto3.resource" ||
		callee.Kind() == "attribute" && (strings.HasSuffix(canon, ".client") || strings.HasSuffix(canon, ".resource")) && f.isSession(callee.Child("object")) {
		name := f.stringArg(v, 0, "service_name")
		if p := ServicePrefix(name); p != "" {
			return &client{service: p}
		}
		return nil
	}
	if callee.Kind() != "attribute" {
		return nil
	}
	parent := f.clientOf(callee.Child("object"))
	if parent == nil {
		return nil
	}
	return f.subResource(parent, f.text(callee.Child("attribute")), v)
}

// subResource returns a boto3 sub-resource: Table(name), Object(b, k),
// Bucket(b), Queue(url), Topic(arn), batch_writer().
func (f *pyFile) subResource(parent *client, method string, call *code.Node) *client {
	arg := func(i int, name string) Param { return f.value(name, f.arg(call, i, "")) }
	c := &client{service: parent.service, params: append([]Param(nil), parent.params...)}
	switch {
	case parent.service == "dynamodb" && method == "Table":
		c.params = append(c.params, arg(0, "TableName"))
	case parent.service == "dynamodb" && method == "batch_writer":
		c.doc = true // put_item on a batch writer is a BatchWriteItem
	case parent.service == "s3" && method == "Object" && !parent.s3bkt:
		c.s3obj = true
		c.params = append(c.params, arg(0, "Bucket"))
	case parent.service == "s3" && method == "Object":
		c.s3obj = true
	case parent.service == "s3" && method == "Bucket":
		c.s3bkt = true
		c.params = append(c.params, arg(0, "Bucket"))
	case parent.service == "sqs" && method == "Queue":
		c.params = append(c.params, arg(0, "QueueUrl"))
	case parent.service == "sqs" && method == "get_queue_by_name":
		c.params = append(c.params, f.value("QueueName", f.arg(call, -1, "QueueName")))
	case parent.service == "sns" && method == "Topic":
		c.params = append(c.params, arg(0, "TopicArn"))
	default:
		return nil
	}
	return c
}

// arg returns positional argument i, or the keyword argument name.
func (f *pyFile) arg(call *code.Node, i int, name string) *code.Node {
	args := call.Child("arguments")
	if args == nil {
		return nil
	}
	pos := 0
	for _, a := range args.NamedKids() {
		if a.Kind() == "keyword_argument" {
			if name != "" && f.text(a.Child("name")) == name {
				return a.Child("value")
			}
			continue
		}
		if pos == i {
			return a
		}
		pos++
	}
	return nil
}

func (f *pyFile) stringArg(call *code.Node, i int, name string) string {
	a := f.arg(call, i, name)
	if a == nil || a.Kind() != "string" {
		return ""
	}
	return trimQuotes(f.text(a))
}

func (f *pyFile) scan(scope []*code.Node) {
	reach(scope, f.src, f.funcs, func(k *code.Node) {
		if k.Kind() == "call" {
			f.call(k)
		}
	})
}

func (f *pyFile) call(n *code.Node) {
	callee := n.Child("function")
	if callee != nil && callee.Kind() == "call" && f.text(callee.Child("function")) == "getattr" {
		f.getattr(n, callee)
		return
	}
	if callee == nil || callee.Kind() != "attribute" {
		return
	}
	recv, method := callee.Child("object"), f.text(callee.Child("attribute"))
	c := f.clientOf(recv)
	if c == nil {
		f.unknownReceiver(n, recv, method)
		return
	}
	if f.subResource(c, method, n) != nil || notOperations[method] {
		return
	}
	switch {
	case c.s3obj:
		if op, ok := s3ObjectOps[method]; ok {
			f.add(n, c, method, op, "")
			return
		}
	case c.s3bkt:
		if op, ok := s3BucketOps[method]; ok {
			f.add(n, c, method, op, "")
			return
		}
	case c.doc && (method == "put_item" || method == "delete_item"):
		f.add(n, c, method, "BatchWriteItem", "batch writer")
		return
	}
	if i, ok := bucketArg[method]; ok && !c.s3obj && !c.s3bkt {
		// upload_file(Filename, Bucket, Key) names the bucket by position.
		cc := *c
		cc.params = append(append([]Param(nil), c.params...), f.value("Bucket", f.arg(n, i, "Bucket")))
		c = &cc
	}
	switch method {
	case "generate_presigned_url", "get_paginator":
		op := f.stringArg(n, 0, "ClientMethod")
		if op == "" {
			op = f.stringArg(n, 0, "operation_name")
		}
		if op == "" {
			f.unresolved(n, c.service, method, "the operation is chosen at run time")
			return
		}
		f.add(n, c, method, op, strings.ReplaceAll(method, "_", " "))
	default:
		f.add(n, c, method, method, "")
	}
}

func (f *pyFile) unresolved(n *code.Node, service, op, why string) {
	f.calls = append(f.calls, Call{File: f.path, Line: n.Line(), Column: n.Column(), Service: service, Operation: op, Unresolved: why})
}

// add records one call; method is the name the code calls, op the API
// operation it stands for.
func (f *pyFile) add(n *code.Node, c *client, method, op, note string) {
	acts, n2, why := resolveOp(c.service, op, false)
	call := Call{File: f.path, Line: n.Line(), Column: n.Column(), Service: c.service, Operation: method,
		Actions: acts, Note: joinNote(note, n2), Unresolved: why}
	call.Params = append(call.Params, c.params...)
	call.Params = append(call.Params, f.keywordParams(n)...)
	finish(&call, nil)
	f.calls = append(f.calls, call)
}

// keywordParams reads the resource-naming keyword arguments of a call.
func (f *pyFile) keywordParams(call *code.Node) []Param {
	args := call.Child("arguments")
	if args == nil {
		return nil
	}
	var out []Param
	for _, a := range args.NamedKids() {
		if a.Kind() != "keyword_argument" {
			continue
		}
		name, v := f.text(a.Child("name")), a.Child("value")
		switch {
		case name == "RequestItems":
			out = append(out, f.dictKeys(v)...)
		case nestedParams[name]:
			out = append(out, f.dictParams(v, 0)...)
		case name == "Params":
			// generate_presigned_url(..., Params={'Bucket': ...})
			if d := f.dict(v); d != nil {
				for _, p := range d.NamedKids() {
					if k := p.Child("key"); p.Kind() == "pair" && k != nil && k.Kind() == "string" && resourceParams[trimQuotes(f.text(k))] {
						out = append(out, f.value(trimQuotes(f.text(k)), p.Child("value")))
					}
				}
			}
		case name == "ExtraArgs":
			if d := f.dict(v); d != nil && strings.Contains(f.text(d), "ACL") {
				out = append(out, Param{Name: "ACL", Literal: "ExtraArgs"})
			}
		case resourceParams[name]:
			out = append(out, f.value(name, v))
		}
	}
	return out
}

func (f *pyFile) dict(v *code.Node) *code.Node {
	for range 4 {
		if v == nil {
			return nil
		}
		if v.Kind() == "dictionary" {
			return v
		}
		if v.Kind() != "identifier" {
			return nil
		}
		v = f.values[f.text(v)]
	}
	return nil
}

func (f *pyFile) dictKeys(v *code.Node) []Param {
	d := f.dict(v)
	if d == nil {
		return []Param{{Name: "TableName", Unknown: "RequestItems built elsewhere"}}
	}
	var out []Param
	for _, p := range d.NamedKids() {
		if p.Kind() == "pair" {
			out = append(out, f.value("TableName", p.Child("key")))
		}
	}
	return out
}

// value follows a parameter's value to a literal or an environment
// variable: os.environ['X'], os.environ.get('X'), os.getenv('X').
func (f *pyFile) value(name string, v *code.Node) Param {
	p := Param{Name: name}
	for range 6 {
		if v == nil {
			p.Unknown = "value not followed"
			return p
		}
		t := f.text(v)
		switch v.Kind() {
		case "string":
			if hasKid(v, "interpolation") {
				p.Unknown = shorten(t)
				return p
			}
			p.Literal = trimQuotes(strings.TrimLeft(t, "rbuRBU"))
			return p
		case "true", "false", "integer":
			p.Literal = t
			return p
		case "subscript":
			if c := f.canonical(v.Child("value")); c == "os.environ" || c == "environ" {
				if k := v.Child("subscript"); k != nil && k.Kind() == "string" {
					p.Env = trimQuotes(f.text(k))
					return p
				}
			}
		case "call":
			c := f.canonical(v.Child("function"))
			if c == "os.environ.get" || c == "os.getenv" || c == "environ.get" || c == "getenv" || c == "os.environ.__getitem__" {
				if k := f.stringArg(v, 0, "key"); k != "" {
					p.Env = k
					return p
				}
			}
		case "boolean_operator":
			// os.environ.get('T') or 'default' reads the environment first.
			if l := f.value(name, v.Child("left")); l.Env != "" {
				return l
			}
		case "identifier", "attribute":
			if d, ok := f.values[t]; ok && d != v {
				v = d
				continue
			}
		}
		p.Unknown = shorten(t)
		return p
	}
	p.Unknown = "value not followed"
	return p
}

func hasKid(n *code.Node, kind string) bool {
	for _, k := range n.Kids() {
		if k.Kind() == kind {
			return true
		}
	}
	return false
}

// unknownReceiver handles calls on receivers that are not known clients:
// bucket.objects.all() lists a bucket, and a client passed in as a
// parameter is known by the parameters of its calls.
func (f *pyFile) unknownReceiver(n, recv *code.Node, method string) {
	if recv.Kind() == "attribute" && f.text(recv.Child("attribute")) == "objects" {
		if b := f.clientOf(recv.Child("object")); b != nil && b.s3bkt {
			f.add(n, b, "objects."+method, "ListObjectsV2", "")
		}
		return
	}
	if f.usesBoto3() && !notOperations[method] {
		if c, by := inferClient(method, f.keywordParams(n)); c != nil {
			f.add(n, c, method, method, "client inferred from the "+by+" parameter")
		}
	}
}

// usesBoto3 reports whether the file imports boto3.
func (f *pyFile) usesBoto3() bool {
	for _, m := range f.imports {
		if m == "boto3" || strings.HasPrefix(m, "boto3.") {
			return true
		}
	}
	for _, m := range f.aliases {
		if strings.HasPrefix(m, "boto3") {
			return true
		}
	}
	return false
}

// getattr handles getattr(client, name)(...): a literal name is an
// ordinary call, any other is chosen at run time.
func (f *pyFile) getattr(n, inner *code.Node) {
	c := f.clientOf(f.arg(inner, 0, ""))
	if c == nil {
		return
	}
	if name := f.stringArg(inner, 1, ""); name != "" {
		f.add(n, c, name, name, "")
		return
	}
	f.unresolved(n, c.service, "getattr", "the method is chosen at run time")
}

// importedClient binds a client a module of the code directory defines:
// from .clients import table.
func (f *pyFile) importedClient(mod, local, name string) {
	if f.resolve == nil {
		return
	}
	if c := f.resolve(mod)[name]; c != nil {
		f.clients[local] = c
	}
}

// dictParams reads the resource-naming keys of a dict argument, and of the
// dicts nested under the keys that hold them.
func (f *pyFile) dictParams(v *code.Node, depth int) []Param {
	d := f.dict(v)
	if d == nil || depth > 3 {
		return nil
	}
	var out []Param
	for _, p := range d.NamedKids() {
		k := p.Child("key")
		if p.Kind() != "pair" || k == nil || k.Kind() != "string" {
			continue
		}
		switch key := trimQuotes(f.text(k)); {
		case nestedParams[key]:
			out = append(out, f.dictParams(p.Child("value"), depth+1)...)
		case resourceParams[key]:
			out = append(out, f.value(key, p.Child("value")))
		}
	}
	return out
}
