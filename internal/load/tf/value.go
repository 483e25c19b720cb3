package tf

import (
	"math/big"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/slsguard/slsguard/internal/model"
)

// blk reads the attributes and nested blocks of one resource instance (or
// nested block) as model values. It is backed by HCL syntax, or by a value
// for plans; a zero blk reads as empty.
type blk struct {
	m     *module
	body  *hclsyntax.Body
	obj   cty.Value
	extra map[string]cty.Value
	loc   model.Location
}

func (b blk) exists() bool { return b.body != nil || b.obj != cty.NilVal }

func (b blk) expr(name string) hcl.Expression {
	if b.body == nil {
		return nil
	}
	if a := b.body.Attributes[name]; a != nil {
		return a.Expr
	}
	return nil
}

// val evaluates an attribute; NilVal when it is absent.
func (b blk) val(name string) (cty.Value, model.Location) {
	if e := b.expr(name); e != nil {
		return b.m.eval(e, b.extra), locOf(e.Range())
	}
	if b.obj != cty.NilVal && b.obj.Type().IsObjectType() && b.obj.Type().HasAttribute(name) {
		return b.obj.GetAttr(name), b.loc
	}
	return cty.NilVal, model.Location{}
}

func (b blk) has(name string) bool {
	v, _ := b.val(name)
	return v != cty.NilVal && !v.IsNull()
}

func (b blk) str(name string) model.String {
	v, loc := b.val(name)
	return strVal(v, loc, b.exprText(name))
}

func (b blk) exprText(name string) string {
	if e := b.expr(name); e != nil {
		return b.m.text(e.Range())
	}
	return ""
}

// strVal converts a value to a model string: explicit when known,
// unresolved with a symbol and the referenced resource when not, unset
// when null or absent.
func strVal(v cty.Value, loc model.Location, text string) model.String {
	if v == cty.NilVal {
		return model.String{}
	}
	v, marks := v.UnmarkDeep()
	if v.IsNull() {
		return model.String{}
	}
	refs := refsOf(marks)
	out := model.String{Loc: loc, Origin: model.Explicit}
	if len(refs) > 0 && !strings.HasPrefix(refs[0].Addr, "var.") {
		out.RefTarget = refs[0].Addr
	}
	if !v.IsWhollyKnown() {
		out.Origin = model.Unresolved
		out.Symbol = symbolOf(refs, marks, text)
		return out
	}
	out.V = textOf(v)
	return out
}

func symbolOf(refs []ref, marks cty.ValueMarks, text string) string {
	if len(refs) == 1 && (text == "" || bareTraversal(text)) {
		return refs[0].symbol()
	}
	if text != "" {
		if len(text) > 1 && text[0] == '"' && text[len(text)-1] == '"' {
			text = text[1 : len(text)-1]
		}
		return text
	}
	if len(refs) > 0 {
		return refs[0].symbol()
	}
	for mk := range marks {
		if e, ok := mk.(exprMark); ok {
			return e.Text
		}
	}
	return "a value known only after apply"
}

// bareTraversal reports whether an expression's text is a plain
// reference such as aws_s3_bucket.b.arn or local.name[0].
func bareTraversal(text string) bool {
	return !strings.ContainsAny(text, " \"(){}$?:+*/,")
}

// textOf renders a known value as Terraform would pass it to the
// provider: strings as they are, numbers and booleans in their canonical
// form, collections as JSON.
func textOf(v cty.Value) string {
	switch {
	case v.Type() == cty.String:
		return v.AsString()
	case v.Type() == cty.Bool:
		if v.True() {
			return "true"
		}
		return "false"
	case v.Type() == cty.Number:
		return v.AsBigFloat().Text('f', -1)
	}
	b, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return ""
	}
	return string(b)
}

func (b blk) int(name string) model.Int {
	v, loc := b.val(name)
	s := strVal(v, loc, b.exprText(name))
	out := model.Int{Loc: s.Loc, Origin: s.Origin, Symbol: s.Symbol, RefTarget: s.RefTarget}
	if s.Origin != model.Explicit {
		return out
	}
	f, ok := new(big.Float).SetString(strings.TrimSpace(s.V))
	if !ok {
		return model.Int{Loc: s.Loc, Origin: model.Unresolved, Symbol: "the non-numeric value " + s.V}
	}
	n, _ := f.Int64()
	out.V = int(max(min(n, 1<<40), -1<<40))
	return out
}

func (b blk) bool(name string) model.Bool {
	v, loc := b.val(name)
	s := strVal(v, loc, b.exprText(name))
	out := model.Bool{Loc: s.Loc, Origin: s.Origin, Symbol: s.Symbol, RefTarget: s.RefTarget}
	if s.Origin == model.Explicit {
		out.V = strings.EqualFold(s.V, "true")
	}
	return out
}

// strs reads a list of strings; elements written in a list literal keep
// their own locations.
func (b blk) strs(name string) []model.String {
	if tup, ok := b.expr(name).(*hclsyntax.TupleConsExpr); ok {
		var out []model.String
		for _, e := range tup.Exprs {
			v := b.m.eval(e, b.extra)
			out = append(out, listStrs(v, locOf(e.Range()), b.m.text(e.Range()))...)
		}
		return out
	}
	v, loc := b.val(name)
	return listStrs(v, loc, b.exprText(name))
}

// listStrs flattens a value into strings: a list gives its elements, a
// single string itself, an unknown list one unresolved string.
func listStrs(v cty.Value, loc model.Location, text string) []model.String {
	if v == cty.NilVal {
		return nil
	}
	uv, marks := v.Unmark()
	if uv.IsNull() {
		return nil
	}
	if !uv.IsKnown() || uv.Type() == cty.DynamicPseudoType {
		return []model.String{strVal(v, loc, text)}
	}
	if !uv.CanIterateElements() || uv.Type().IsObjectType() || uv.Type().IsMapType() {
		return []model.String{strVal(v, loc, text)}
	}
	var out []model.String
	for it := uv.ElementIterator(); it.Next(); {
		_, e := it.Element()
		out = append(out, listStrs(e.WithMarks(marks), loc, text)...)
	}
	return out
}

// kv is one entry of a map attribute.
type kv struct {
	key model.String
	val model.String
}

// pairs reads a map attribute (environment variables, app settings); keys
// and values written in an object literal keep their own locations.
func (b blk) pairs(name string) []kv {
	return b.pairsOf(b.expr(name), name)
}

func (b blk) pairsOf(e hcl.Expression, name string) []kv {
	if obj, ok := e.(*hclsyntax.ObjectConsExpr); ok {
		var out []kv
		for _, it := range obj.Items {
			k := strVal(b.m.eval(it.KeyExpr, b.extra), locOf(it.KeyExpr.Range()), b.m.text(it.KeyExpr.Range()))
			if k.Origin != model.Explicit {
				continue
			}
			out = append(out, kv{key: k, val: strVal(b.m.eval(it.ValueExpr, b.extra), locOf(it.ValueExpr.Range()), b.m.text(it.ValueExpr.Range()))})
		}
		return out
	}
	var v cty.Value
	var loc model.Location
	if e != nil {
		v, loc = b.m.eval(e, b.extra), locOf(e.Range())
	} else {
		v, loc = b.val(name)
	}
	return mapPairs(v, loc)
}

func mapPairs(v cty.Value, loc model.Location) []kv {
	if v == cty.NilVal {
		return nil
	}
	uv, marks := v.Unmark()
	if !uv.IsKnown() || uv.IsNull() || !(uv.Type().IsObjectType() || uv.Type().IsMapType()) {
		return nil
	}
	m := uv.AsValueMap()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]kv, 0, len(keys))
	for _, k := range keys {
		out = append(out, kv{key: model.Str(k, loc), val: strVal(m[k].WithMarks(marks), loc, "")})
	}
	return out
}

// blocks returns the nested blocks of a type, static ones and those a
// dynamic block generates; for plans, the list-of-objects attribute of
// that name.
func (b blk) blocks(name string) []blk {
	var out []blk
	if b.body != nil {
		for _, nb := range b.body.Blocks {
			switch {
			case nb.Type == name:
				out = append(out, blk{m: b.m, body: nb.Body, extra: b.extra, loc: locOf(nb.DefRange())})
			case nb.Type == "dynamic" && len(nb.Labels) == 1 && nb.Labels[0] == name:
				out = append(out, b.dynamic(nb)...)
			}
		}
		if a := b.body.Attributes[name]; a != nil && len(out) == 0 {
			out = b.objectBlocks(a.Expr)
		}
		return out
	}
	v, _ := b.val(name)
	if v == cty.NilVal {
		return nil
	}
	uv, _ := v.UnmarkDeep()
	if !uv.IsWhollyKnown() || uv.IsNull() {
		return nil
	}
	if uv.Type().IsObjectType() {
		return []blk{{m: b.m, obj: uv, loc: b.loc}}
	}
	if !uv.CanIterateElements() || uv.Type().IsMapType() {
		return nil
	}
	for it := uv.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.Type().IsObjectType() {
			out = append(out, blk{m: b.m, obj: e, loc: b.loc})
		}
	}
	return out
}

// block returns the first nested block of a type, or an empty blk.
func (b blk) block(name string) blk {
	if bs := b.blocks(name); len(bs) > 0 {
		return bs[0]
	}
	return blk{m: b.m, extra: b.extra, loc: b.loc}
}

// dynamic expands a dynamic block: one block per element of a known
// for_each, none for an empty one, one with an unknown iterator otherwise.
func (b blk) dynamic(nb *hclsyntax.Block) []blk {
	var content *hclsyntax.Body
	for _, c := range nb.Body.Blocks {
		if c.Type == "content" {
			content = c.Body
		}
	}
	if content == nil {
		return nil
	}
	iter := nb.Labels[0]
	if a := nb.Body.Attributes["iterator"]; a != nil {
		if tr, d := hcl.AbsTraversalForExpr(a.Expr); !d.HasErrors() && len(tr) == 1 {
			iter = tr.RootName()
		}
	}
	loc := locOf(nb.DefRange())
	with := func(k, v cty.Value) blk {
		extra := map[string]cty.Value{}
		for name, ev := range b.extra {
			extra[name] = ev
		}
		extra[iter] = cty.ObjectVal(map[string]cty.Value{"key": k, "value": v})
		return blk{m: b.m, body: content, extra: extra, loc: loc}
	}
	fe := nb.Body.Attributes["for_each"]
	if fe == nil {
		return nil
	}
	v, _ := b.m.eval(fe.Expr, b.extra).UnmarkDeep()
	if !v.IsWhollyKnown() || v.IsNull() || !v.CanIterateElements() {
		return []blk{with(cty.DynamicVal, cty.DynamicVal)}
	}
	var out []blk
	for it := v.ElementIterator(); it.Next() && len(out) < maxInstances; {
		k, e := it.Element()
		out = append(out, with(k, e))
	}
	return out
}

// objectBlocks reads nested blocks written as an object or a list of
// objects, as Terraform's JSON syntax writes them.
func (b blk) objectBlocks(e hclsyntax.Expression) []blk {
	var exprs []hclsyntax.Expression
	switch x := e.(type) {
	case *hclsyntax.ObjectConsExpr:
		exprs = append(exprs, x)
	case *hclsyntax.TupleConsExpr:
		exprs = x.Exprs
	}
	var out []blk
	for _, x := range exprs {
		if body, ok := objectBody(x); ok {
			out = append(out, blk{m: b.m, body: body, extra: b.extra, loc: locOf(x.Range())})
		}
	}
	return out
}
