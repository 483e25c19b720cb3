package sls

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

const (
	// maxVarDepth bounds variables nested in variables (and file
	// inclusions), maxSteps the variables evaluated for one service.
	maxVarDepth = 32
	maxSteps    = 200_000
	maxFiles    = 256
	maxString   = 256 << 10
	maxBuilt    = 64 << 20
)

// errFatal marks resolution errors that stop loading the file (budgets
// exhausted), as opposed to one variable without a value.
var errFatal = errors.New("variable resolution aborted")

// resolver substitutes Serverless variables in place on the node tree. A
// variable that cannot be known statically (SSM, CloudFormation outputs,
// S3 objects, the account ID, environment variables the user did not
// pass) keeps its ${...} text and is recorded in unresolved, from which
// the model gets its symbols.
type resolver struct {
	root   *yaml.Node
	opts   Options
	files  *fileReader
	budget *int
	stage  string
	region string
	params map[string]string

	active map[*yaml.Node]bool
	depth  int
	steps  int

	problems []problemAt
	// unresolved maps a variable's text to what it stands for.
	unresolved map[string]string
	// fromInput records scalars whose whole value came from the user's
	// options (env, param, opt), by position, with the variable's name.
	fromInput map[pos]string
	// regionKnown is set when the file or the options give the region,
	// regionAt when the file does (where).
	regionKnown bool
	regionAt    pos
	// reported holds references already reported as missing.
	reported map[string]bool
	// built counts the text interpolation has produced, so that many
	// references to a long value cannot exhaust memory.
	built int
	// quiet is non-zero while fallbacks are tried.
	quiet int
	// input names the option the last whole-value variable was read
	// from, if any.
	input string
}

// pending reports whether n is a scalar still holding an unresolved
// variable, and what it stands for.
func (r *resolver) pending(n *yaml.Node) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		return "", false
	}
	if start, end, ok := nextVar(n.Value, 0); ok {
		if sym, known := r.unresolved[n.Value[start:end]]; known {
			return sym, true
		}
	}
	return "", false
}

type problemAt struct {
	p   pos
	msg string
}

// scope is where a value being resolved was written: the service
// directory, or the directory of a file included with ${file(...)}.
type scope struct {
	dir  string
	file string
}

// outcome of looking a reference up.
type outcome uint8

const (
	found outcome = iota
	notFound
	symbolic
)

func (r *resolver) problem(p pos, format string, args ...any) {
	if len(r.problems) < 100 {
		r.problems = append(r.problems, problemAt{p, fmt.Sprintf(format, args...)})
	}
}

// tree resolves every variable under n (values only; keys are kept).
func (r *resolver) tree(n *yaml.Node, sc scope) error {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 1; i < len(n.Content); i += 2 {
			if err := r.at(n, i, sc); err != nil {
				return err
			}
		}
	case yaml.SequenceNode:
		for i := range n.Content {
			if err := r.at(n, i, sc); err != nil {
				return err
			}
		}
	}
	return nil
}

// at resolves parent.Content[i] in place, then everything under it.
func (r *resolver) at(parent *yaml.Node, i int, sc scope) error {
	n := parent.Content[i]
	if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "${") {
		if r.active[n] {
			r.problem(at(n), "variable cycle through %s", clip(n.Value))
			r.unresolved[n.Value] = "a variable that refers to itself"
			return nil
		}
		r.active[n] = true
		out, err := r.scalar(n, sc)
		delete(r.active, n)
		if err != nil {
			return err
		}
		// What a variable stands for was resolved where it was
		// written: walking it again would re-read what could not be
		// resolved there (a cycle of files, say).
		parent.Content[i] = out
		return nil
	}
	return r.tree(n, sc)
}

// scalar resolves a scalar holding variables: a value that is exactly one
// variable becomes what the variable names (possibly a mapping); variables
// inside a longer string are interpolated as text.
func (r *resolver) scalar(n *yaml.Node, sc scope) (*yaml.Node, error) {
	s := n.Value
	start, end, ok := nextVar(s, 0)
	if !ok {
		return n, nil
	}
	if start == 0 && end == len(s) {
		r.input = ""
		v, out, err := r.variable(s, at(n), sc)
		if err != nil || out == symbolic {
			return n, err
		}
		if v.Kind == yaml.ScalarNode {
			c := *v
			c.Line, c.Column = n.Line, n.Column
			if customTag(n.Tag) {
				c.Tag = n.Tag
			}
			if r.input != "" {
				r.fromInput[at(n)] = r.input
			}
			return &c, nil
		}
		return v, nil
	}
	txt, err := r.interpolate(s, at(n), sc)
	if err != nil {
		return n, err
	}
	c := *n
	c.Value, c.Style = txt, 0
	if !customTag(n.Tag) {
		c.Tag = "!!str"
	}
	return &c, nil
}

// customTag reports whether a tag is CloudFormation's short form of an
// intrinsic (!Sub, !Ref...), which substitution must keep.
func customTag(tag string) bool {
	return strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!")
}

// interpolate replaces each variable in s by its text.
func (r *resolver) interpolate(s string, p pos, sc scope) (string, error) {
	var b strings.Builder
	from := 0
	for _, sp := range spans(s) {
		start, end := sp[0], sp[1]
		b.WriteString(s[from:start])
		v, out, err := r.variable(s[start:end], p, sc)
		if err != nil {
			return "", err
		}
		before := b.Len()
		switch {
		case out == symbolic:
			b.WriteString(s[start:end])
		case v.Kind == yaml.ScalarNode:
			b.WriteString(v.Value)
		default:
			render(v, &b, 0)
		}
		if r.built += b.Len() - before; r.built > maxBuilt {
			return "", fmt.Errorf("line %d: variables build more than %d bytes of text: %w", p.line, maxBuilt, errFatal)
		}
		if b.Len() > maxString {
			r.problem(p, "a value built from variables is longer than %d characters; cut", maxString)
			return b.String()[:maxString], nil
		}
		from = end
	}
	b.WriteString(s[from:])
	return b.String(), nil
}

// variable evaluates one "${...}" with its fallbacks.
func (r *resolver) variable(v string, p pos, sc scope) (*yaml.Node, outcome, error) {
	r.steps++
	if r.steps > maxSteps {
		return nil, 0, fmt.Errorf("line %d: more than %d variables to resolve: %w", p.line, maxSteps, errFatal)
	}
	r.depth++
	defer func() { r.depth-- }()
	if r.depth > maxVarDepth {
		r.problem(p, "variables nested deeper than %d levels at %s", maxVarDepth, clip(v))
		r.unresolved[v] = "a variable nested too deeply"
		return nil, symbolic, nil
	}
	parts := splitTop(v[2 : len(v)-1])
	head, err := r.interpolate(parts[0], p, sc)
	if err != nil {
		return nil, 0, err
	}
	if _, _, nested := nextVar(head, 0); nested {
		r.unresolved[v] = "the variable " + clip(v)
		return nil, symbolic, nil
	}
	ref := parseReference(head)
	r.input = ""
	node, out, sym, err := r.lookup(ref, p, sc)
	if err == nil && out == found && r.fromOptions(ref) {
		r.input = ref.source + ":" + ref.address
	}
	if err != nil || out == found {
		return node, out, err
	}
	if out == symbolic {
		// Known at deployment (SSM, stack outputs): a fallback is only
		// used when that lookup fails, which cannot be told from here.
		r.unresolved[v] = sym
		return nil, symbolic, nil
	}
	for _, fb := range parts[1:] {
		// A fallback that has no value is not a problem by itself.
		r.quiet++
		fn, fout, ferr := r.fallback(fb, p, sc)
		r.quiet--
		if ferr != nil || fout == found {
			return fn, fout, ferr
		}
	}
	if out == notFound && sym == "" {
		r.missing(ref, head, p)
		sym = "the missing value " + clip(head)
	}
	r.unresolved[v] = sym
	return nil, symbolic, nil
}

// fromOptions reports whether a reference that was found took its value
// from the user's options rather than from the files.
func (r *resolver) fromOptions(ref reference) bool {
	switch ref.source {
	case "env", "opt":
		return true
	case "param":
		_, ok := r.opts.Params[ref.address]
		return ok
	}
	return false
}

// missing reports, once per reference, a value the framework would fail
// to find. A missing file is often one kept out of the repository
// (secrets, local settings); what depends on it stays unknown.
func (r *resolver) missing(ref reference, head string, p pos) {
	key := head
	msg := "${" + clip(head) + "}: no value at this address"
	if ref.source == "file" {
		key = "file:" + ref.param
		msg = "${file(" + ref.param + ")}: file or address not found"
	}
	if r.reported[key] || r.quiet > 0 {
		return
	}
	r.reported[key] = true
	r.problem(p, "%s", msg)
}

func (r *resolver) fallback(fb string, p pos, sc scope) (*yaml.Node, outcome, error) {
	if lit, ok := literal(fb); ok {
		n := str(lit, p)
		if lit == fb {
			n.Tag = "" // an unquoted number or boolean keeps its type
		}
		return n, found, nil
	}
	if strings.HasPrefix(fb, "${") {
		if s, e, ok := nextVar(fb, 0); ok && s == 0 && e == len(fb) {
			return r.variable(fb, p, sc)
		}
	}
	if isVariable(fb) {
		return r.variable("${"+fb+"}", p, sc)
	}
	return str(fb, p), found, nil
}

// lookup reads one reference. A symbolic outcome comes with the text that
// describes the value; notFound with an empty text means the reference
// should have had a value.
func (r *resolver) lookup(ref reference, p pos, sc scope) (*yaml.Node, outcome, string, error) {
	switch ref.source {
	case "self":
		return r.self(ref.address, p, sc)
	case "file":
		return r.file(ref, p, sc)
	case "opt":
		return r.option(ref.address, p)
	case "sls":
		if ref.address == "stage" {
			return str(r.stage, p), found, "", nil
		}
		return nil, symbolic, "the framework value " + ref.address, nil
	case "env":
		if v, ok := r.opts.Env[ref.address]; ok && r.opts.Env != nil {
			return str(v, p), found, "", nil
		}
		return nil, notFound, "the environment variable " + ref.address, nil
	case "param":
		if v, ok := r.params[ref.address]; ok {
			return str(v, p), found, "", nil
		}
		return nil, notFound, "the parameter " + ref.address, nil
	case "strToBool":
		v := strings.EqualFold(strings.TrimSpace(ref.param), "true") || strings.TrimSpace(ref.param) == "1"
		n := str(strconv.FormatBool(v), p)
		n.Tag = "!!bool"
		return n, found, "", nil
	case "aws":
		switch ref.address {
		case "region":
			return str(r.region, p), found, "", nil
		case "accountId":
			return nil, symbolic, "the AWS account ID", nil
		}
		return nil, symbolic, "the AWS value " + ref.address, nil
	case "ssm":
		if name, ok := strings.CutPrefix(ref.address, "/aws/reference/secretsmanager/"); ok {
			return nil, symbolic, "Secrets Manager secret " + name, nil
		}
		return nil, symbolic, "SSM parameter " + ref.address, nil
	case "s3":
		return nil, symbolic, "S3 object " + ref.address, nil
	}
	if ref.source == "cf" || strings.HasPrefix(ref.source, "cf.") {
		return nil, symbolic, "CloudFormation output " + ref.address, nil
	}
	return nil, symbolic, "the " + ref.source + " variable " + ref.address, nil
}

func (r *resolver) option(name string, p pos) (*yaml.Node, outcome, string, error) {
	switch name {
	case "stage":
		if r.opts.Stage != "" {
			return str(r.opts.Stage, p), found, "", nil
		}
	case "region", "r":
		if r.opts.Region != "" {
			return str(r.opts.Region, p), found, "", nil
		}
	default:
		if v, ok := r.opts.Params[name]; ok {
			return str(v, p), found, "", nil
		}
	}
	return nil, notFound, "the --" + name + " option", nil
}

// self follows an address (custom.tables.orders, functions.0) from the
// root, resolving what it passes through, and returns a copy of the
// value it names.
func (r *resolver) self(address string, p pos, sc scope) (*yaml.Node, outcome, string, error) {
	cur := r.root
	if address != "" {
		for _, key := range strings.Split(address, ".") {
			parent, i := child(cur, key)
			if parent == nil {
				return nil, notFound, "", nil
			}
			if r.active[parent.Content[i]] {
				return nil, symbolic, "a variable that refers to itself", r.cycle(p, address)
			}
			if err := r.shallow(parent, i, sc); err != nil {
				return nil, 0, "", err
			}
			cur = parent.Content[i]
			if sym, ok := r.pending(cur); ok {
				// The path goes through a value known only at deployment.
				return nil, symbolic, sym, nil
			}
		}
	}
	if r.active[cur] {
		return nil, symbolic, "a variable that refers to itself", r.cycle(p, address)
	}
	r.active[cur] = true
	err := r.tree(cur, scope{dir: r.opts.Dir})
	delete(r.active, cur)
	if err != nil {
		return nil, 0, "", err
	}
	c, err := clone(cur, pos{}, r.budget)
	if err != nil {
		return nil, 0, "", fmt.Errorf("line %d: %v: %w", p.line, err, errFatal)
	}
	return c, found, "", nil
}

func (r *resolver) cycle(p pos, address string) error {
	r.problem(p, "variable cycle: self:%s refers to itself", address)
	return nil
}

// shallow resolves parent.Content[i] if it is itself a variable, so that an
// address can go through it (custom: ${file(./custom.yml)}).
func (r *resolver) shallow(parent *yaml.Node, i int, sc scope) error {
	n := parent.Content[i]
	if n.Kind != yaml.ScalarNode || !strings.Contains(n.Value, "${") {
		return nil
	}
	r.active[n] = true
	out, err := r.scalar(n, scope{dir: r.opts.Dir})
	delete(r.active, n)
	if err == nil {
		parent.Content[i] = out
	}
	return err
}

// child finds key in a mapping (or an index in a sequence) and returns the
// container and the index of the value.
func child(n *yaml.Node, key string) (*yaml.Node, int) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				return n, i + 1
			}
		}
	case yaml.SequenceNode:
		if idx, err := strconv.Atoi(key); err == nil && idx >= 0 && idx < len(n.Content) {
			return n, idx
		}
	}
	return nil, 0
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
