package tf

import (
	"sort"

	"github.com/zclconf/go-cty/cty"

	"github.com/slsguard/slsguard/internal/model"
)

// pv is a positioned value: a policy document (or any JSON-like value)
// whose every node knows where it was written, whether it came from
// jsonencode(...), a JSON heredoc, a JSON file or a policy document data
// source.
type pv struct {
	kind pvKind
	s    model.String
	list []*pv
	keys []model.String
	vals []*pv
	loc  model.Location
	// off is the byte offset of the value in JSON input, koff those of
	// an object's keys; Terraform's JSON syntax maps them to ranges.
	off  int
	koff []int
	// lit is set for JSON numbers and booleans (not strings).
	lit bool
}

type pvKind uint8

const (
	pvStr pvKind = iota
	pvList
	pvObj
)

// get returns the value of key in an object, nil when absent.
func (v *pv) get(key string) *pv {
	if v == nil || v.kind != pvObj {
		return nil
	}
	for i, k := range v.keys {
		if k.V == key {
			return v.vals[i]
		}
	}
	return nil
}

// items returns a list's elements, or the value itself as a one-element
// list (IAM accepts a single statement, action or resource for a list).
func (v *pv) items() []*pv {
	switch {
	case v == nil:
		return nil
	case v.kind == pvList:
		return v.list
	}
	return []*pv{v}
}

// strs returns the strings of a string or list of strings.
func (v *pv) strs() []model.String {
	var out []model.String
	for _, it := range v.items() {
		if it != nil && it.kind == pvStr && it.s.Origin != model.Unset {
			out = append(out, it.s)
		}
	}
	return out
}

func (v *pv) str() model.String {
	if v == nil || v.kind != pvStr {
		return model.String{}
	}
	return v.s
}

func (v *pv) add(key model.String, val *pv) {
	if val == nil {
		return
	}
	v.keys = append(v.keys, key)
	v.vals = append(v.vals, val)
}

// treeOf converts an evaluated value, all of it placed at loc.
func treeOf(v cty.Value, loc model.Location, text string, depth int) *pv {
	if v == cty.NilVal || depth > maxDepth {
		return nil
	}
	uv, marks := v.Unmark()
	if uv.IsNull() {
		return nil
	}
	if !uv.IsKnown() || uv.Type().IsPrimitiveType() {
		return &pv{kind: pvStr, s: strVal(v, loc, text), loc: loc}
	}
	ty := uv.Type()
	switch {
	case ty.IsObjectType() || ty.IsMapType():
		out := &pv{kind: pvObj, loc: loc}
		m := uv.AsValueMap()
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out.add(model.Str(k, loc), treeOf(m[k].WithMarks(marks), loc, "", depth+1))
		}
		return out
	case uv.CanIterateElements():
		out := &pv{kind: pvList, loc: loc}
		for it := uv.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if t := treeOf(e.WithMarks(marks), loc, "", depth+1); t != nil {
				out.list = append(out.list, t)
			}
		}
		return out
	}
	return &pv{kind: pvStr, s: strVal(v, loc, text), loc: loc}
}
