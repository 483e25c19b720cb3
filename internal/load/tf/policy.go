package tf

import (
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/slsguard/slsguard/internal/model"
)

// policyAttr reads the policy document of an attribute as statements.
func (b *builder) policyAttr(p blk, attr, source string) []*model.Statement {
	return b.statements(b.policyTree(p, attr), source)
}

// policyTree reads a policy document in any of the ways Terraform
// configurations write one, keeping positions where the input has them.
func (b *builder) policyTree(p blk, attr string) *pv {
	e := p.expr(attr)
	if e == nil {
		v, loc := p.val(attr)
		return b.docOfValue(v, loc, "")
	}
	if w, ok := e.(*hclsyntax.TemplateWrapExpr); ok {
		e = w.Wrapped
	}
	switch x := e.(type) {
	case *hclsyntax.FunctionCallExpr:
		if x.Name == "jsonencode" && len(x.Args) == 1 {
			return b.exprTree(p, x.Args[0], 0)
		}
		if x.Name == "file" && len(x.Args) == 1 {
			if t := b.fileTree(p, x.Args[0]); t != nil {
				return t
			}
		}
	case *hclsyntax.TemplateExpr:
		if t := b.templateTree(p, x); t != nil {
			return t
		}
	}
	return b.docOfValue(b.m.eval(e, p.extra), locOf(e.Range()), b.m.text(e.Range()))
}

// docOfValue reads a policy from an evaluated value: JSON text, an object,
// or a reference to an aws_iam_policy_document data source.
func (b *builder) docOfValue(v cty.Value, loc model.Location, text string) *pv {
	if v == cty.NilVal {
		return nil
	}
	uv, marks := v.UnmarkDeep()
	if !uv.IsWhollyKnown() {
		for _, r := range refsOf(marks) {
			if r.Attr == "json" && strings.HasPrefix(r.Addr, "data.aws_iam_policy_document.") && b.depth < maxDepth {
				b.depth++
				defer func() { b.depth-- }()
				return b.policyDocument(r.Addr)
			}
		}
		return nil
	}
	if uv.Type() == cty.String {
		t, err := parseJSONTree([]byte(uv.AsString()), func(int) model.Location { return loc }, plainStr)
		if err != nil {
			if !b.quietJSON {
				b.m.problem(loc, "policy document is not valid JSON")
			}
			return nil
		}
		return t
	}
	return treeOf(v, loc, text, 0)
}

func plainStr(s string, loc model.Location) model.String { return model.Str(s, loc) }

// exprTree converts the argument of jsonencode, element by element, so
// that each action and resource keeps its own line.
func (b *builder) exprTree(p blk, e hcl.Expression, depth int) *pv {
	if e == nil || depth > maxDepth {
		return nil
	}
	loc := locOf(e.Range())
	switch x := e.(type) {
	case *hclsyntax.ObjectConsExpr:
		out := &pv{kind: pvObj, loc: loc}
		for _, it := range x.Items {
			k := strVal(b.m.eval(it.KeyExpr, p.extra), locOf(it.KeyExpr.Range()), "")
			if k.Origin != model.Explicit {
				continue
			}
			out.add(k, b.exprTree(p, it.ValueExpr, depth+1))
		}
		return out
	case *hclsyntax.TupleConsExpr:
		out := &pv{kind: pvList, loc: loc}
		for _, el := range x.Exprs {
			if t := b.exprTree(p, el, depth+1); t != nil {
				if t.kind == pvList && !isTupleExpr(el) {
					out.list = append(out.list, t.list...)
					continue
				}
				out.list = append(out.list, t)
			}
		}
		return out
	}
	return treeOf(b.m.eval(e, p.extra), loc, b.m.text(e.Range()), depth)
}

func isTupleExpr(e hcl.Expression) bool {
	_, ok := e.(*hclsyntax.TupleConsExpr)
	return ok
}

// fileTree reads policy JSON from a file of the module, with positions in
// that file.
func (b *builder) fileTree(p blk, arg hcl.Expression) *pv {
	v, _ := b.m.eval(arg, p.extra).UnmarkDeep()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return nil
	}
	data, err := b.m.readModuleFile(v.AsString())
	if err != nil {
		return nil
	}
	name := rel(b.m.root, joinModule(b.m.dir, v.AsString()))
	t, err := parseJSONTree(data, lineCol(data, name, 1, 1), plainStr)
	if err != nil {
		return nil
	}
	return t
}

// templateTree reads JSON written as a template (a heredoc, usually),
// with positions in the .tf file. Interpolations that cannot be evaluated
// (an ARN known only after apply) become unresolved strings.
func (b *builder) templateTree(p blk, x *hclsyntax.TemplateExpr) *pv {
	var text strings.Builder
	type seg struct {
		off int
		pos hcl.Pos
		at  func(int) model.Location
	}
	var segs []seg
	var holes, holeText []model.String
	for _, part := range x.Parts {
		if lit, ok := part.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String {
			segs = append(segs, seg{off: text.Len(), pos: part.Range().Start})
			text.WriteString(lit.Val.AsString())
			continue
		}
		v := b.m.eval(part, p.extra)
		s := strVal(v, locOf(part.Range()), b.m.text(part.Range()))
		if s.Origin == model.Explicit {
			segs = append(segs, seg{off: text.Len(), pos: part.Range().Start})
			text.WriteString(s.V)
			continue
		}
		if s.Origin == model.Unset {
			continue
		}
		text.WriteString(holeMark + strconv.Itoa(len(holes)) + holeMark)
		holes = append(holes, s)
		holeText = append(holeText, model.String{Symbol: "${" + b.m.text(part.Range()) + "}"})
	}
	data := []byte(text.String())
	file := x.Range().Filename
	for i := range segs {
		segs[i].at = lineCol(data[segs[i].off:], file, segs[i].pos.Line, segs[i].pos.Column)
	}
	pos := func(off int) model.Location {
		i := sort.Search(len(segs), func(i int) bool { return segs[i].off > off }) - 1
		if i < 0 {
			return locOf(x.Range())
		}
		return segs[i].at(off - segs[i].off)
	}
	str := func(s string, loc model.Location) model.String {
		if !strings.Contains(s, holeMark) {
			return model.Str(s, loc)
		}
		return fillHoles(s, loc, holes, holeText)
	}
	t, err := parseJSONTree(data, pos, str)
	if err != nil {
		if len(holes) == 0 && !b.quietJSON {
			b.m.problem(locOf(x.Range()), "policy document is not valid JSON")
		}
		return nil
	}
	return t
}

const holeMark = "\x60slsguard\x60"

// fillHoles turns a string with placeholders of unknown parts into an
// unresolved value whose symbol shows the template.
func fillHoles(s string, loc model.Location, holes, holeText []model.String) model.String {
	out := model.String{Loc: loc, Origin: model.Unresolved}
	parts := strings.Split(s, holeMark)
	var sym strings.Builder
	for i, part := range parts {
		if i%2 == 0 {
			sym.WriteString(part)
			continue
		}
		n, err := strconv.Atoi(part)
		if err != nil || n >= len(holes) {
			continue
		}
		h := holes[n]
		if out.RefTarget == "" {
			out.RefTarget = h.RefTarget
		}
		sym.WriteString(holeText[n].Symbol)
	}
	out.Symbol = sym.String()
	if len(parts) == 3 && parts[0] == "" && parts[2] == "" {
		if n, err := strconv.Atoi(parts[1]); err == nil && n < len(holes) {
			out.Symbol = holes[n].Symbol
		}
	}
	return out
}

func joinModule(dir, name string) string {
	if strings.HasPrefix(name, "/") {
		return name
	}
	return dir + "/" + name
}

// policyDocument builds the document an aws_iam_policy_document data
// source renders, from its statement blocks.
func (b *builder) policyDocument(addr string) *pv {
	p, r, ok := b.m.blkOf(addr, "")
	if !ok {
		return nil
	}
	doc := &pv{kind: pvObj, loc: r.loc}
	list := &pv{kind: pvList, loc: r.loc}
	for _, st := range p.blocks("statement") {
		list.list = append(list.list, b.docStatement(st))
	}
	doc.add(model.Str("Statement", r.loc), list)
	return doc
}

func (b *builder) docStatement(st blk) *pv {
	s := &pv{kind: pvObj, loc: st.loc}
	strNode := func(v model.String) *pv {
		if v.Origin == model.Unset {
			return nil
		}
		return &pv{kind: pvStr, s: v, loc: v.Loc}
	}
	listNode := func(vs []model.String) *pv {
		if len(vs) == 0 {
			return nil
		}
		out := &pv{kind: pvList, loc: vs[0].Loc}
		for _, v := range vs {
			out.list = append(out.list, strNode(v))
		}
		return out
	}
	s.add(model.Str("Sid", st.loc), strNode(st.str("sid")))
	effect := st.str("effect")
	if effect.Origin == model.Unset {
		effect = model.String{V: "Allow", Loc: st.loc, Origin: model.Defaulted}
	}
	s.add(model.Str("Effect", st.loc), strNode(effect))
	s.add(model.Str("Action", st.loc), listNode(st.strs("actions")))
	s.add(model.Str("NotAction", st.loc), listNode(st.strs("not_actions")))
	s.add(model.Str("Resource", st.loc), listNode(st.strs("resources")))
	s.add(model.Str("NotResource", st.loc), listNode(st.strs("not_resources")))
	for _, kn := range [][2]string{{"Principal", "principals"}, {"NotPrincipal", "not_principals"}} {
		key, blocks := kn[0], st.blocks(kn[1])
		if len(blocks) == 0 {
			continue
		}
		pr := &pv{kind: pvObj, loc: blocks[0].loc}
		for _, pb := range blocks {
			typ := pb.str("type")
			ids := pb.strs("identifiers")
			if typ.V == "*" {
				pr = &pv{kind: pvStr, s: model.Str("*", typ.Loc), loc: typ.Loc}
				break
			}
			pr.add(typ, listNode(ids))
		}
		s.add(model.Str(key, pr.loc), pr)
	}
	if conds := st.blocks("condition"); len(conds) > 0 {
		c := &pv{kind: pvObj, loc: conds[0].loc}
		for _, cb := range conds {
			inner := &pv{kind: pvObj, loc: cb.loc}
			inner.add(cb.str("variable"), listNode(cb.strs("values")))
			c.add(cb.str("test"), inner)
		}
		s.add(model.Str("Condition", c.loc), c)
	}
	return s
}

// statements reads a policy document's Statement list.
func (b *builder) statements(doc *pv, source string) []*model.Statement {
	var out []*model.Statement
	for _, s := range doc.get("Statement").items() {
		if s == nil || s.kind != pvObj {
			continue
		}
		st := &model.Statement{
			Loc:         s.loc,
			Source:      source,
			Sid:         s.get("Sid").str(),
			Effect:      s.get("Effect").str(),
			Action:      s.get("Action").strs(),
			NotAction:   s.get("NotAction").strs(),
			Resource:    s.get("Resource").strs(),
			NotResource: s.get("NotResource").strs(),
		}
		st.Principal = principals(s.get("Principal"))
		st.NotPrincipal = principals(s.get("NotPrincipal"))
		st.Condition = conditions(s.get("Condition"))
		out = append(out, st)
	}
	return out
}

func principals(v *pv) []model.Principal {
	if v == nil {
		return nil
	}
	if v.kind == pvStr {
		return []model.Principal{{Type: "*", ID: v.s}}
	}
	var out []model.Principal
	for i, k := range v.keys {
		for _, id := range v.vals[i].strs() {
			out = append(out, model.Principal{Type: k.V, ID: id})
		}
	}
	return out
}

func conditions(v *pv) []model.Condition {
	if v == nil || v.kind != pvObj {
		return nil
	}
	var out []model.Condition
	for i, op := range v.keys {
		inner := v.vals[i]
		if inner == nil || inner.kind != pvObj {
			continue
		}
		for j, k := range inner.keys {
			out = append(out, model.Condition{Operator: op.V, Key: k.V, Values: inner.vals[j].strs(), Loc: k.Loc})
		}
	}
	return out
}
