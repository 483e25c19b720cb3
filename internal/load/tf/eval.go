package tf

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/slsguard/slsguard/internal/model"
)

// ref marks a value derived from another object of the configuration: a
// resource attribute, a variable or a module output. Marks travel through
// every operation, so an unresolved value still names where it came from.
type ref struct {
	Addr string
	Attr string
}

// symbol describes a reference for a message.
func (r ref) symbol() string {
	switch {
	case strings.HasPrefix(r.Addr, "var."):
		return "the variable " + strings.TrimPrefix(r.Addr, "var.")
	case r.Attr == "":
		return r.Addr
	}
	return "the " + r.Attr + " of " + r.Addr
}

// exprMark marks the result of an expression that could not be evaluated.
type exprMark struct{ Text string }

// refsOf returns the references a value is marked with, resource
// references first, in a stable order.
func refsOf(marks cty.ValueMarks) []ref {
	var out []ref
	for mk := range marks {
		if r, ok := mk.(ref); ok {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		vi, vj := strings.HasPrefix(out[i].Addr, "var."), strings.HasPrefix(out[j].Addr, "var.")
		if vi != vj {
			return vj
		}
		if out[i].Addr != out[j].Addr {
			return out[i].Addr < out[j].Addr
		}
		return out[i].Attr < out[j].Attr
	})
	return out
}

// eval evaluates an expression in the module's scope plus extra variables
// (count, each, dynamic block iterators). An expression that cannot be
// evaluated yields an unknown value marked with its source text.
func (m *module) eval(expr hcl.Expression, extra map[string]cty.Value) cty.Value {
	if expr == nil {
		return cty.NilVal
	}
	if m.depth > maxDepth {
		if !m.tooDeepSeen {
			m.tooDeepSeen = true
			m.problem(locOf(expr.Range()), "references nest more than %d levels deep; the value is treated as unknown", maxDepth)
		}
		return cty.DynamicVal.Mark(exprMark{m.text(expr.Range())})
	}
	m.depth++
	defer func() { m.depth-- }()
	ctx := m.context(expr, extra)
	v, diags := evalSafely(expr, ctx)
	if diags.HasErrors() {
		return cty.DynamicVal.Mark(exprMark{m.text(expr.Range())})
	}
	if budget := maxValueSize; tooBig(v, &budget) {
		m.problem(locOf(expr.Range()), "the value of this expression is larger than %d elements or bytes; it is treated as unknown", maxValueSize)
		return cty.DynamicVal.Mark(exprMark{m.text(expr.Range())})
	}
	return v
}

// maxValueSize bounds the size of any evaluated value, so that locals
// that double a string or list at each step cannot exhaust memory.
const maxValueSize = 1 << 20

// tooBig reports whether a value's strings and elements exceed the budget.
func tooBig(v cty.Value, budget *int) bool {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return false
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		*budget -= len(v.AsString())
	case ty.IsPrimitiveType():
		*budget--
	case v.CanIterateElements():
		*budget -= v.LengthInt()
		if *budget < 0 {
			return true
		}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if tooBig(e, budget) {
				return true
			}
		}
	}
	return *budget < 0
}

// evalSafely evaluates with the panics of a value library turned into an
// error: a crafted expression must not stop the scan.
func evalSafely(expr hcl.Expression, ctx *hcl.EvalContext) (v cty.Value, diags hcl.Diagnostics) {
	defer func() {
		if r := recover(); r != nil {
			v = cty.DynamicVal
			diags = hcl.Diagnostics{{Severity: hcl.DiagError, Summary: fmt.Sprint("evaluation failed: ", r)}}
		}
	}()
	return expr.Value(ctx)
}

// text returns the source text of a range, shortened for messages.
func (m *module) text(r hcl.Range) string {
	src := m.src[r.Filename]
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte > r.End.Byte {
		return ""
	}
	s := strings.Join(strings.Fields(string(src[r.Start.Byte:r.End.Byte])), " ")
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return s
}

// context builds the evaluation context an expression needs: only the
// variables, locals and resources it refers to are evaluated.
func (m *module) context(expr hcl.Expression, extra map[string]cty.Value) *hcl.EvalContext {
	vars := map[string]cty.Value{}
	locals := map[string]cty.Value{}
	res := map[string]map[string]cty.Value{}
	data := map[string]map[string]cty.Value{}
	for _, tr := range expr.Variables() {
		names := traversalNames(tr)
		root := names[0]
		if v, ok := extra[root]; ok {
			vars[root] = v
			continue
		}
		switch {
		case root == "var":
			vars["var"] = m.varsObj
		case root == "local" && len(names) > 1:
			if l, ok := m.locals[names[1]]; ok {
				locals[names[1]] = m.localValue(l)
			}
		case root == "path":
			vars["path"] = cty.ObjectVal(map[string]cty.Value{
				"module": cty.StringVal("."), "root": cty.StringVal("."), "cwd": cty.StringVal("."),
			})
		case root == "terraform":
			vars["terraform"] = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")})
		case root == "module" && len(names) > 1:
			m.addModule(vars, names[1])
		case root == "data" && len(names) > 2:
			m.addResource(data, "data."+names[1]+"."+names[2], names[1], names[2])
		case m.types[root] && len(names) > 1:
			m.addResource(res, root+"."+names[1], root, names[1])
		}
	}
	if len(locals) > 0 {
		vars["local"] = cty.ObjectVal(locals)
	}
	for typ, byName := range res {
		vars[typ] = cty.ObjectVal(byName)
	}
	if len(data) > 0 {
		types := map[string]cty.Value{}
		for typ, byName := range data {
			types[typ] = cty.ObjectVal(byName)
		}
		vars["data"] = cty.ObjectVal(types)
	}
	return &hcl.EvalContext{Variables: vars, Functions: m.functions()}
}

func (m *module) addResource(into map[string]map[string]cty.Value, addr, typ, name string) {
	r, ok := m.byAddr[addr]
	if !ok {
		return
	}
	if into[typ] == nil {
		into[typ] = map[string]cty.Value{}
	}
	into[typ][name] = m.resourceValue(r)
}

func (m *module) addModule(vars map[string]cty.Value, name string) {
	mods := map[string]cty.Value{}
	if prev, ok := vars["module"]; ok {
		mods = prev.AsValueMap()
	}
	mods[name] = cty.DynamicVal.Mark(ref{Addr: "module." + name})
	vars["module"] = cty.ObjectVal(mods)
}

// localValue evaluates a local once; a local that refers back to itself
// is reported and stays unknown.
func (m *module) localValue(l *local) cty.Value {
	switch l.state {
	case 2:
		return l.value
	case 1:
		m.problem(locOf(l.expr.Range()), "local.%s refers to itself through other locals", l.name)
		l.value, l.state = cty.DynamicVal.Mark(exprMark{"local." + l.name}), 2
		return l.value
	}
	l.state = 1
	v := m.eval(l.expr, nil)
	if l.state == 2 {
		// A cycle was found below; keep the unknown it recorded.
		return l.value
	}
	l.value, l.state = v, 2
	return v
}

func typeOf(expr hcl.Expression) (cty.Type, bool) {
	ty, diags := typeexpr.TypeConstraint(expr)
	if diags.HasErrors() {
		return cty.DynamicPseudoType, false
	}
	return ty, true
}

// setVariables gives each variable its value: the default, then
// .tfvars files in order, then explicit values.
func (m *module) setVariables(opts Options) {
	for _, name := range m.varNames {
		v := m.variables[name]
		v.value = cty.UnknownVal(v.typ).Mark(ref{Addr: "var." + name})
		if v.def != nil {
			v.value = m.typed(v, m.eval(v.def, nil))
			v.valLoc = locOf(v.def.Range())
		}
	}
	for _, f := range opts.VarFiles {
		m.readVarFile(f)
	}
	names := make([]string, 0, len(opts.Vars))
	for k := range opts.Vars {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if v, ok := m.variables[k]; ok {
			v.value = m.typed(v, cliValue(v, opts.Vars[k]))
			v.valLoc, v.inFile = v.loc, false
		}
	}
	obj := map[string]cty.Value{}
	for _, name := range m.varNames {
		v := m.variables[name]
		obj[name] = v.value.Mark(ref{Addr: "var." + name})
	}
	m.varsObj = cty.ObjectVal(obj)
}

// cliValue reads a -var value: a string for string or untyped variables,
// otherwise an HCL expression.
func cliValue(v *variable, s string) cty.Value {
	if !v.typed || v.typ == cty.String {
		return cty.StringVal(s)
	}
	expr, diags := hclsyntax.ParseExpression([]byte(s), "-var "+v.name, hcl.InitialPos)
	if diags.HasErrors() {
		return cty.StringVal(s)
	}
	val, diags := expr.Value(nil)
	if diags.HasErrors() {
		return cty.StringVal(s)
	}
	return val
}

func (m *module) typed(v *variable, val cty.Value) cty.Value {
	if !v.typed || val.ContainsMarked() {
		return val
	}
	if c, err := convert.Convert(val, v.typ); err == nil {
		return c
	}
	return val
}

func (m *module) readVarFile(path string) {
	name := rel(m.root, path)
	data, err := readLimited(path)
	if err != nil {
		m.problem(model.Location{File: name}, "%v", err)
		return
	}
	if line, ok := tooDeep(data); !ok {
		m.problem(model.Location{File: name, Line: line}, "brackets nest more than %d levels deep; file not loaded", maxNesting)
		return
	}
	f, diags := hclsyntax.ParseConfig(data, name, hcl.InitialPos)
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			m.problems = append(m.problems, diagProblem(name, d))
		}
	}
	if f == nil || diags.HasErrors() {
		return
	}
	m.src[name] = data
	body := f.Body.(*hclsyntax.Body)
	for k, a := range body.Attributes {
		v, ok := m.variables[k]
		if !ok {
			continue
		}
		val, d := evalSafely(a.Expr, &hcl.EvalContext{Functions: m.functions()})
		if d.HasErrors() {
			m.problems = append(m.problems, diagProblem(name, d[0]))
			continue
		}
		v.value = m.typed(v, val)
		v.valLoc = locOf(a.Expr.Range())
		v.inFile = true
	}
}
