package tf

import (
	"math/big"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/slsguard/slsguard/internal/model"
)

// Terraform's JSON syntax (.tf.json, as CDK for Terraform writes it) is
// turned into the same syntax tree as native files, with ranges in the
// JSON file, so that the rest of the loader does not know the difference.
// Without provider schemas a JSON object cannot be told from a nested
// block; blk.blocks reads an object-valued attribute as a block.

// jsonConv builds syntax nodes for one JSON file.
type jsonConv struct {
	file  string
	data  []byte
	lines []int
}

// parseJSONSource parses a .tf.json file; it reports whether the file gave
// a body.
func (m *module) parseJSONSource(name string, data []byte) bool {
	if line, ok := tooDeep(data); !ok {
		m.problem(model.Location{File: name, Line: line}, "brackets nest more than %d levels deep; file not loaded", maxNesting)
		return false
	}
	c := &jsonConv{file: name, data: data}
	for i, b := range data {
		if b == '\n' {
			c.lines = append(c.lines, i+1)
		}
	}
	root, err := parseJSONTree(data, c.loc, plainStr)
	if err != nil || root.kind != pvObj {
		m.problem(model.Location{File: name, Line: 1}, "not a Terraform JSON configuration: the file is not a JSON object")
		return false
	}
	body := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}, SrcRange: c.rng(root.off, len(data))}
	for i, k := range root.keys {
		v := root.vals[i]
		switch k.V {
		case "resource", "data":
			for _, typ := range objItems(v) {
				for _, res := range objItems(typ.v) {
					for _, b := range listOrOne(res.v) {
						body.Blocks = append(body.Blocks, c.block(k.V, []string{typ.key, res.key}, res.off, b))
					}
				}
			}
		case "variable", "module", "provider", "output":
			for _, it := range objItems(v) {
				for _, b := range listOrOne(it.v) {
					body.Blocks = append(body.Blocks, c.block(k.V, []string{it.key}, it.off, b))
				}
			}
		case "locals":
			for _, b := range listOrOne(v) {
				body.Blocks = append(body.Blocks, c.block(k.V, nil, root.koff[i], b))
			}
		}
	}
	m.src[name] = data
	m.bodies = append(m.bodies, body)
	return true
}

type jsonItem struct {
	key string
	off int
	v   *pv
}

// objItems returns an object's members in key order (JSON gives no
// order guarantee, and the result must not depend on the writer's).
func objItems(v *pv) []jsonItem {
	if v == nil || v.kind != pvObj {
		return nil
	}
	out := make([]jsonItem, 0, len(v.keys))
	for i, k := range v.keys {
		out = append(out, jsonItem{k.V, v.koff[i], v.vals[i]})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].off < out[j].off })
	return out
}

// listOrOne returns the objects of a value that may be an object or a list
// of objects (JSON syntax writes repeated blocks as a list).
func listOrOne(v *pv) []*pv {
	var out []*pv
	for _, it := range v.items() {
		if it != nil && it.kind == pvObj {
			out = append(out, it)
		}
	}
	return out
}

func (c *jsonConv) pos(off int) hcl.Pos {
	n := sort.SearchInts(c.lines, off+1)
	col := off + 1
	if n > 0 {
		col = off - c.lines[n-1] + 1
	}
	return hcl.Pos{Line: n + 1, Column: col, Byte: off}
}

func (c *jsonConv) loc(off int) model.Location {
	p := c.pos(off)
	return model.Location{File: c.file, Line: p.Line, Column: p.Column}
}

func (c *jsonConv) rng(start, end int) hcl.Range {
	return hcl.Range{Filename: c.file, Start: c.pos(start), End: c.pos(max(start, end))}
}

func (c *jsonConv) block(typ string, labels []string, off int, v *pv) *hclsyntax.Block {
	r := c.rng(off, off+1)
	b := &hclsyntax.Block{Type: typ, Labels: labels, Body: c.body(v, typ == "variable"), TypeRange: r}
	for range labels {
		b.LabelRanges = append(b.LabelRanges, r)
	}
	return b
}

// body turns an object into a body of attributes. Variable declarations
// hold literal values, not templates; their type is written as a string
// that is not read.
func (c *jsonConv) body(v *pv, literal bool) *hclsyntax.Body {
	out := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}, SrcRange: c.rng(v.off, v.off+1)}
	for _, it := range objItems(v) {
		if strings.HasPrefix(it.key, "//") || (literal && it.key == "type") {
			continue
		}
		out.Attributes[it.key] = &hclsyntax.Attribute{Name: it.key, Expr: c.expr(it.v, literal, 0),
			SrcRange: c.rng(it.off, it.off+1), NameRange: c.rng(it.off, it.off+1)}
	}
	return out
}

// expr turns a JSON value into an expression; strings are templates.
func (c *jsonConv) expr(v *pv, literal bool, depth int) hclsyntax.Expression {
	r := c.rng(v.off, v.off+1)
	if depth > maxDepth {
		return &hclsyntax.LiteralValueExpr{Val: cty.NullVal(cty.DynamicPseudoType), SrcRange: r}
	}
	switch v.kind {
	case pvObj:
		out := &hclsyntax.ObjectConsExpr{SrcRange: r, OpenRange: r}
		for _, it := range objItems(v) {
			kr := c.rng(it.off, it.off+1)
			out.Items = append(out.Items, hclsyntax.ObjectConsItem{
				KeyExpr:   &hclsyntax.ObjectConsKeyExpr{Wrapped: &hclsyntax.LiteralValueExpr{Val: cty.StringVal(it.key), SrcRange: kr}},
				ValueExpr: c.expr(it.v, literal, depth+1),
			})
		}
		return out
	case pvList:
		out := &hclsyntax.TupleConsExpr{SrcRange: r, OpenRange: r}
		for _, e := range v.list {
			out.Exprs = append(out.Exprs, c.expr(e, literal, depth+1))
		}
		return out
	}
	switch {
	case v.s.Origin == model.Unset:
		return &hclsyntax.LiteralValueExpr{Val: cty.NullVal(cty.DynamicPseudoType), SrcRange: r}
	case v.lit && (v.s.V == "true" || v.s.V == "false"):
		return &hclsyntax.LiteralValueExpr{Val: cty.BoolVal(v.s.V == "true"), SrcRange: r}
	case v.lit:
		if f, ok := new(big.Float).SetString(v.s.V); ok {
			return &hclsyntax.LiteralValueExpr{Val: cty.NumberVal(f), SrcRange: r}
		}
	case !literal && strings.Contains(v.s.V, "${"):
		start := c.pos(v.off + 1)
		if t, diags := hclsyntax.ParseTemplate([]byte(v.s.V), c.file, start); !diags.HasErrors() {
			return t
		}
	}
	return &hclsyntax.LiteralValueExpr{Val: cty.StringVal(v.s.V), SrcRange: r}
}

// objectBody reads an object constructor as a block body: JSON syntax
// writes nested blocks as objects.
func objectBody(e hclsyntax.Expression) (*hclsyntax.Body, bool) {
	obj, ok := e.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return nil, false
	}
	out := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}, SrcRange: obj.SrcRange}
	for _, it := range obj.Items {
		k, ok := it.KeyExpr.(*hclsyntax.ObjectConsKeyExpr)
		if !ok {
			continue
		}
		lit, ok := k.Wrapped.(*hclsyntax.LiteralValueExpr)
		if !ok || lit.Val.Type() != cty.String {
			continue
		}
		name := lit.Val.AsString()
		out.Attributes[name] = &hclsyntax.Attribute{Name: name, Expr: it.ValueExpr, SrcRange: lit.SrcRange, NameRange: lit.SrcRange}
	}
	return out, true
}
