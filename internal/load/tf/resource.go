package tf

import (
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/slsguard/slsguard/internal/model"
)

// resource is a resource or data block.
type resource struct {
	mode, typ, name string
	// addr is the Terraform address: aws_lambda_function.api or
	// data.aws_iam_policy_document.x.
	addr string
	loc  model.Location
	body *hclsyntax.Body
	// obj backs resources loaded from a plan, whose values are exact.
	obj cty.Value

	state     int8
	instances []*instance
	value     cty.Value
}

// instance is one of the resources a block declares (one per count index
// or for_each key).
type instance struct {
	r *resource
	// key is "" for a block without count or for_each, else the index or
	// key as Terraform writes it in addresses: [0], ["eu"].
	key   string
	extra map[string]cty.Value
	attrs map[string]cty.Value
}

// id returns the instance's address.
func (in *instance) id() string { return in.r.addr + in.key }

func newResource(b *hclsyntax.Block, loc model.Location) *resource {
	r := &resource{mode: b.Type, typ: b.Labels[0], name: b.Labels[1], loc: loc, body: b.Body}
	r.addr = r.typ + "." + r.name
	if r.mode == "data" {
		r.addr = "data." + r.addr
	}
	return r
}

func (r *resource) blk(m *module, in *instance) blk {
	return blk{m: m, body: r.body, obj: r.obj, extra: in.extra, loc: r.loc}
}

// expand computes the instances of a resource from count or for_each. An
// unknown count gives one instance: the configuration is checked as if the
// resource were created.
func (m *module) expand(r *resource) []*instance {
	if r.instances != nil || r.body == nil {
		if r.instances == nil {
			r.instances = []*instance{{r: r}}
		}
		return r.instances
	}
	r.instances = []*instance{}
	if a := r.body.Attributes["count"]; a != nil {
		r.instances = m.countInstances(r, a.Expr)
		return r.instances
	}
	if a := r.body.Attributes["for_each"]; a != nil {
		r.instances = m.forEachInstances(r, a.Expr)
		return r.instances
	}
	r.instances = []*instance{{r: r}}
	return r.instances
}

func (m *module) countInstances(r *resource, expr hcl.Expression) []*instance {
	v, _ := m.eval(expr, nil).Unmark()
	n := -1
	if v.IsKnown() && !v.IsNull() && v.Type() == cty.Number {
		if i, acc := v.AsBigFloat().Int64(); acc == 0 || i >= 0 {
			n = int(min(max(i, 0), maxInstances))
		}
	}
	if n < 0 {
		return []*instance{{r: r, key: "[0]", extra: map[string]cty.Value{
			"count": cty.ObjectVal(map[string]cty.Value{"index": cty.UnknownVal(cty.Number)}),
		}}}
	}
	out := make([]*instance, n)
	for i := range out {
		out[i] = &instance{r: r, key: "[" + strconv.Itoa(i) + "]", extra: map[string]cty.Value{
			"count": cty.ObjectVal(map[string]cty.Value{"index": cty.NumberIntVal(int64(i))}),
		}}
	}
	return out
}

func (m *module) forEachInstances(r *resource, expr hcl.Expression) []*instance {
	v, _ := m.eval(expr, nil).UnmarkDeep()
	if !v.IsWhollyKnown() || v.IsNull() || !v.CanIterateElements() {
		return []*instance{{r: r, key: `["…"]`, extra: map[string]cty.Value{
			"each": cty.ObjectVal(map[string]cty.Value{"key": cty.UnknownVal(cty.String), "value": cty.DynamicVal}),
		}}}
	}
	var out []*instance
	for it := v.ElementIterator(); it.Next() && len(out) < maxInstances; {
		k, e := it.Element()
		if v.Type().IsSetType() || v.Type().IsListType() || v.Type().IsTupleType() {
			k = e
		}
		key := ""
		if k.Type() == cty.String {
			key = k.AsString()
		} else if k.Type() == cty.Number {
			key = k.AsBigFloat().Text('f', -1)
		}
		out = append(out, &instance{r: r, key: "[" + strconv.Quote(key) + "]", extra: map[string]cty.Value{
			"each": cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal(key), "value": e}),
		}})
	}
	return out
}

// resourceValue is the value a reference to the resource sees: an object
// with every attribute the configuration reads, a tuple of them under
// count, a map of them under for_each. Attributes the configuration sets
// are evaluated; the others are known only after apply and are unknown,
// marked with the resource they come from.
func (m *module) resourceValue(r *resource) cty.Value {
	switch r.state {
	case 2:
		return r.value
	case 1:
		return cty.DynamicVal.Mark(ref{Addr: r.addr})
	}
	r.state = 1
	ins := m.expand(r)
	var v cty.Value
	switch {
	case r.body != nil && r.body.Attributes["count"] != nil:
		elems := make([]cty.Value, len(ins))
		for i, in := range ins {
			elems[i] = m.instanceValue(in)
		}
		v = cty.TupleVal(elems)
		if len(elems) == 0 {
			v = cty.EmptyTupleVal
		}
	case r.body != nil && r.body.Attributes["for_each"] != nil:
		elems := map[string]cty.Value{}
		for _, in := range ins {
			if k := in.extra["each"].GetAttr("key"); k.IsKnown() {
				elems[k.AsString()] = m.instanceValue(in)
			}
		}
		v = cty.ObjectVal(elems)
		if len(ins) == 1 && !ins[0].extra["each"].GetAttr("key").IsKnown() {
			v = cty.DynamicVal.Mark(ref{Addr: r.addr})
		}
	default:
		v = m.instanceValue(ins[0])
	}
	r.value, r.state = v, 2
	return v
}

func (m *module) instanceValue(in *instance) cty.Value {
	attrs := map[string]cty.Value{}
	for name := range m.refAttr[in.r.addr] {
		attrs[name] = m.attrValue(in, name)
	}
	return cty.ObjectVal(attrs)
}

// attrValue is one attribute of an instance as references see it.
func (m *module) attrValue(in *instance, name string) cty.Value {
	if v, ok := in.attrs[name]; ok {
		return v
	}
	mark := ref{Addr: in.id(), Attr: name}
	v := cty.DynamicVal
	switch {
	case in.r.body != nil && in.r.body.Attributes[name] != nil:
		v = m.eval(in.r.body.Attributes[name].Expr, in.extra)
	case in.r.obj != cty.NilVal && in.r.obj.Type().IsObjectType() && in.r.obj.Type().HasAttribute(name):
		v = in.r.obj.GetAttr(name)
	case name == "arn" || name == "invoke_arn" || name == "qualified_arn" || name == "id" || name == "json":
		v = cty.UnknownVal(cty.String)
	}
	if v.IsNull() {
		v = cty.DynamicVal
	}
	v = v.Mark(mark)
	if in.attrs == nil {
		in.attrs = map[string]cty.Value{}
	}
	in.attrs[name] = v
	return v
}

// instanceOf finds the resource instance an address names: aws_x.y,
// aws_x.y[0] or aws_x.y["k"]. A bare address of a resource with several
// instances gives the first.
func (m *module) instanceOf(addr string) (*resource, *instance, bool) {
	base, _ := splitIndex(addr)
	r, ok := m.byAddr[base]
	if !ok {
		return nil, nil, false
	}
	ins := m.expand(r)
	for _, in := range ins {
		if in.id() == addr {
			return r, in, true
		}
	}
	if len(ins) == 0 {
		return nil, nil, false
	}
	return r, ins[0], true
}

// blkOf returns the attributes of the instance an address names.
func (m *module) blkOf(addr, typ string) (blk, *resource, bool) {
	r, in, ok := m.instanceOf(addr)
	if !ok || (typ != "" && r.typ != typ) {
		return blk{}, nil, false
	}
	return r.blk(m, in), r, true
}
