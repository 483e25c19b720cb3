package tf

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
)

// Options are inputs of a module that its files do not hold.
type Options struct {
	// Vars are variable values, as on the command line (-var name=value):
	// strings, parsed as HCL expressions for variables of other types.
	Vars map[string]string
	// VarFiles are .tfvars files applied after terraform.tfvars and
	// *.auto.tfvars.
	VarFiles []string
}

// Limits that keep hostile input from exhausting the process.
const (
	// MaxFileSize is the largest .tf or .tfvars file loaded.
	MaxFileSize = 8 << 20
	// maxNesting bounds bracket nesting, checked before parsing because
	// the HCL parser recurses per level.
	maxNesting = 200
	// maxDepth bounds evaluation recursion (locals referring to locals,
	// resources referring to resources).
	maxDepth = 100
	// maxInstances bounds count and for_each expansion.
	maxInstances = 256
)

// ErrNoFiles is returned when a directory holds no .tf file.
var ErrNoFiles = errors.New("no Terraform files")

// LoadModule loads the .tf and .tf.json files of one directory as one module, with
// terraform.tfvars and *.auto.tfvars of that directory and opts.VarFiles.
// Locations are relative to root.
func LoadModule(root, dir string, opts Options) (*model.App, []finding.Problem, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("load %s: %w", dir, err)
	}
	var files, varFiles []string
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		name := e.Name()
		switch {
		case strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json"):
			files = append(files, filepath.Join(dir, name))
		case name == "terraform.tfvars":
			varFiles = append([]string{filepath.Join(dir, name)}, varFiles...)
		case strings.HasSuffix(name, ".auto.tfvars"):
			varFiles = append(varFiles, filepath.Join(dir, name))
		}
	}
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("load %s: %w", dir, ErrNoFiles)
	}
	opts.VarFiles = append(varFiles, opts.VarFiles...)
	return LoadFiles(root, files, opts)
}

// LoadFiles loads exactly these files as one module. Locations are
// relative to root.
func LoadFiles(root string, files []string, opts Options) (*model.App, []finding.Problem, error) {
	if len(files) == 0 {
		return nil, nil, ErrNoFiles
	}
	m := newModule(root, filepath.Dir(files[0]))
	sorted := append([]string(nil), files...)
	sort.Strings(sorted)
	parsed := 0
	for _, f := range sorted {
		if m.parseFile(f) {
			parsed++
		}
	}
	if parsed == 0 {
		return nil, m.problems, fmt.Errorf("load %s: %w", rel(root, files[0]), errNothingParsed)
	}
	return m.finish(sorted, opts), m.problems, nil
}

// finish evaluates and builds a module whose files are parsed.
func (m *module) finish(files []string, opts Options) *model.App {
	m.collect()
	m.setVariables(opts)
	return m.build(files)
}

var errNothingParsed = errors.New("no file could be parsed")

// module is one Terraform module being loaded.
type module struct {
	root, dir string
	src       map[string][]byte
	bodies    []*hclsyntax.Body
	problems  []finding.Problem

	variables map[string]*variable
	varNames  []string
	locals    map[string]*local
	resources []*resource
	byAddr    map[string]*resource
	// types is the set of resource types declared, to tell resource
	// references from other root names.
	types   map[string]bool
	calls   []*moduleCall
	region  model.String
	refAttr map[string]map[string]bool

	varsObj cty.Value
	depth   int
	fns     map[string]function.Function
	// tooDeepSeen keeps the nesting problem to one report per module.
	tooDeepSeen bool
}

type variable struct {
	name   string
	loc    model.Location
	def    hcl.Expression
	typ    cty.Type
	typed  bool
	value  cty.Value
	valLoc model.Location
	// inFile is set when a .tfvars file gives the value: a value
	// committed with the configuration, unlike one given on the command
	// line.
	inFile    bool
	sensitive bool
}

type local struct {
	name  string
	expr  hcl.Expression
	state int8
	value cty.Value
}

type moduleCall struct {
	name   string
	source string
	body   *hclsyntax.Body
	loc    model.Location
}

func newModule(root, dir string) *module {
	return &module{
		root: root, dir: dir,
		src:       map[string][]byte{},
		variables: map[string]*variable{},
		locals:    map[string]*local{},
		byAddr:    map[string]*resource{},
		types:     map[string]bool{},
		refAttr:   map[string]map[string]bool{},
	}
}

func rel(root, p string) string {
	if r, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(p)
}

func (m *module) problem(loc model.Location, format string, args ...any) {
	m.problems = append(m.problems, finding.Problem{Loc: loc, Message: fmt.Sprintf(format, args...)})
}

// parseFile parses one .tf file; it reports whether the file gave a body.
func (m *module) parseFile(path string) bool {
	name := rel(m.root, path)
	st, err := os.Stat(path)
	if err != nil {
		m.problem(model.Location{File: name}, "%v", err)
		return false
	}
	if st.Size() > MaxFileSize {
		m.problem(model.Location{File: name}, "file of %d bytes is over the %d-byte limit; not loaded", st.Size(), MaxFileSize)
		return false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		m.problem(model.Location{File: name}, "%v", err)
		return false
	}
	if strings.HasSuffix(name, ".json") {
		return m.parseJSONSource(name, data)
	}
	return m.parseSource(name, data)
}

func (m *module) parseSource(name string, data []byte) bool {
	if line, ok := tooDeep(data); !ok {
		m.problem(model.Location{File: name, Line: line}, "brackets nest more than %d levels deep; file not loaded", maxNesting)
		return false
	}
	f, diags := hclsyntax.ParseConfig(data, name, hcl.InitialPos)
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			m.problems = append(m.problems, diagProblem(name, d))
		}
	}
	if f == nil {
		return false
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return false
	}
	m.src[name] = data
	m.bodies = append(m.bodies, body)
	return !diags.HasErrors() || len(body.Blocks) > 0
}

func diagProblem(file string, d *hcl.Diagnostic) finding.Problem {
	loc := model.Location{File: file}
	if d.Subject != nil {
		loc = locOf(*d.Subject)
	}
	msg := d.Summary
	if d.Detail != "" {
		msg += ": " + d.Detail
	}
	return finding.Problem{Loc: loc, Message: msg}
}

// tooDeep reports whether brackets nest beyond maxNesting, and where.
// Quoted strings are not skipped: a bracket inside a string only makes the
// estimate conservative.
func tooDeep(data []byte) (int, bool) {
	depth, line := 0, 1
	for _, c := range data {
		switch c {
		case '\n':
			line++
		case '{', '[', '(':
			depth++
			if depth > maxNesting {
				return line, false
			}
		case '}', ']', ')':
			if depth > 0 {
				depth--
			}
		}
	}
	return line, true
}

func locOf(r hcl.Range) model.Location {
	return model.Location{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column}
}

// collect indexes the top-level blocks of every file.
func (m *module) collect() {
	for _, body := range m.bodies {
		for _, b := range body.Blocks {
			m.collectBlock(b)
		}
	}
	sort.SliceStable(m.resources, func(i, j int) bool {
		a, b := m.resources[i].loc, m.resources[j].loc
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	m.collectRefs()
}

func (m *module) collectBlock(b *hclsyntax.Block) {
	loc := locOf(b.DefRange())
	switch {
	case b.Type == "variable" && len(b.Labels) == 1:
		v := &variable{name: b.Labels[0], loc: loc, typ: cty.DynamicPseudoType}
		if a := b.Body.Attributes["default"]; a != nil {
			v.def = a.Expr
		}
		if a := b.Body.Attributes["type"]; a != nil {
			v.typ, v.typed = typeOf(a.Expr)
		}
		if a := b.Body.Attributes["sensitive"]; a != nil {
			s, _ := a.Expr.Value(nil)
			v.sensitive = s.Type() == cty.Bool && s.IsKnown() && !s.IsNull() && s.True()
		}
		if _, dup := m.variables[v.name]; !dup {
			m.varNames = append(m.varNames, v.name)
		}
		m.variables[v.name] = v
	case b.Type == "locals":
		for name, a := range b.Body.Attributes {
			m.locals[name] = &local{name: name, expr: a.Expr}
		}
	case (b.Type == "resource" || b.Type == "data") && len(b.Labels) == 2:
		r := newResource(b, loc)
		if _, dup := m.byAddr[r.addr]; dup {
			m.problem(loc, "%s is declared twice", r.addr)
			return
		}
		m.byAddr[r.addr] = r
		m.resources = append(m.resources, r)
		if r.mode == "resource" {
			m.types[r.typ] = true
		}
	case b.Type == "module" && len(b.Labels) == 1:
		c := &moduleCall{name: b.Labels[0], body: b.Body, loc: loc}
		if a := b.Body.Attributes["source"]; a != nil {
			if v, d := a.Expr.Value(nil); !d.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
				c.source = v.AsString()
			}
		}
		m.calls = append(m.calls, c)
	case b.Type == "provider" && len(b.Labels) == 1 && b.Labels[0] == "aws":
		m.providerRegion(b)
	}
}

func (m *module) providerRegion(b *hclsyntax.Block) {
	if m.region.Origin != model.Unset {
		return
	}
	if a := b.Body.Attributes["region"]; a != nil {
		if _, alias := b.Body.Attributes["alias"]; !alias {
			m.region = blk{m: m, body: b.Body}.str("region")
		}
	}
}

// collectRefs records which attributes of each resource any expression
// reads, so that resource values carry exactly those.
func (m *module) collectRefs() {
	for _, body := range m.bodies {
		m.refsIn(body)
	}
}

func (m *module) refsIn(body *hclsyntax.Body) {
	for _, a := range body.Attributes {
		for _, tr := range a.Expr.Variables() {
			m.noteRef(tr)
		}
	}
	for _, b := range body.Blocks {
		m.refsIn(b.Body)
	}
}

func (m *module) noteRef(tr hcl.Traversal) {
	names := traversalNames(tr)
	if len(names) < 3 {
		return
	}
	addr := names[0] + "." + names[1]
	attr := names[2]
	if names[0] == "data" {
		if len(names) < 4 {
			return
		}
		addr, attr = "data."+names[1]+"."+names[2], names[3]
	}
	set := m.refAttr[addr]
	if set == nil {
		set = map[string]bool{}
		m.refAttr[addr] = set
	}
	set[attr] = true
}

// traversalNames returns the attribute names of a traversal, skipping
// index steps: aws_s3_bucket.b[0].arn gives aws_s3_bucket, b, arn.
func traversalNames(tr hcl.Traversal) []string {
	var out []string
	for _, step := range tr {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			out = append(out, s.Name)
		case hcl.TraverseAttr:
			out = append(out, s.Name)
		}
	}
	return out
}
