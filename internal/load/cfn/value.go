// Package cfn loads AWS CloudFormation and SAM templates (YAML or JSON,
// including CDK output) into the provider-neutral model. It works on
// yaml.Node trees so that every value keeps its line and column, evaluates
// intrinsic functions where the template makes that possible, keeps the
// rest symbolic, and applies the SAM transform's semantics.
package cfn

import (
	"sort"
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

// kind is the shape of a template value.
type kind uint8

const (
	kNull kind = iota
	kScalar
	kList
	kMap
	// kNoValue is what AWS::NoValue evaluates to: the property is removed.
	kNoValue
)

// val is a template value with its position. Scalars keep their text;
// CloudFormation converts scalars to strings itself, so numbers and booleans
// are text here too.
type val struct {
	k     kind
	s     string
	list  []*val
	pairs []pair
	loc   model.Location
	// sym is set when the value (or part of a string) could not be
	// resolved statically.
	sym *symbol
	// param names the template parameter the value came from, when it is
	// a parameter's value used by Ref.
	param string
}

type pair struct {
	key    string
	keyLoc model.Location
	v      *val
}

// symbol describes an unresolved value.
type symbol struct {
	// text is the human description, e.g. "the ARN of resource Table".
	text string
	// target is the logical ID of the resource referred to, if any, and
	// attr the attribute ("" for Ref).
	target string
	attr   string
}

func scalar(s string, loc model.Location) *val { return &val{k: kScalar, s: s, loc: loc} }

// get returns the value of key in a map, or nil.
func (v *val) get(key string) *val {
	if v == nil || v.k != kMap {
		return nil
	}
	for i := range v.pairs {
		if v.pairs[i].key == key {
			return v.pairs[i].v
		}
	}
	return nil
}

// path follows a chain of map keys.
func (v *val) path(keys ...string) *val {
	for _, k := range keys {
		v = v.get(k)
		if v == nil {
			return nil
		}
	}
	return v
}

// keyLoc returns the location of key in a map, or the map's own.
func (v *val) keyLoc(key string) model.Location {
	if v != nil {
		for i := range v.pairs {
			if v.pairs[i].key == key {
				return v.pairs[i].keyLoc
			}
		}
		return v.loc
	}
	return model.Location{}
}

// items returns a list's elements; a single non-list value is treated as a
// one-element list, as CloudFormation does for many list properties.
func (v *val) items() []*val {
	switch {
	case v == nil || v.k == kNull || v.k == kNoValue:
		return nil
	case v.k == kList:
		return v.list
	}
	return []*val{v}
}

// isIntrinsic reports whether v is a one-key map whose key names an
// intrinsic function, and returns that key.
func (v *val) intrinsic() (string, *val, bool) {
	if v == nil || v.k != kMap || len(v.pairs) != 1 {
		return "", nil, false
	}
	k := v.pairs[0].key
	if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
		return k, v.pairs[0].v, true
	}
	return "", nil, false
}

// str converts a value to a model string.
func (v *val) str() model.String {
	if v == nil || v.k == kNull || v.k == kNoValue {
		return model.String{}
	}
	if v.sym != nil {
		return model.String{V: v.s, Loc: v.loc, Origin: model.Unresolved, Symbol: v.sym.text, RefTarget: v.sym.target}
	}
	if v.k != kScalar {
		return model.String{V: v.render(), Loc: v.loc, Origin: model.Explicit, RefTarget: v.param}
	}
	return model.String{V: v.s, Loc: v.loc, Origin: model.Explicit, RefTarget: v.param}
}

// render writes a structured value as compact text for messages.
func (v *val) render() string {
	var b strings.Builder
	v.renderTo(&b, 0)
	return b.String()
}

func (v *val) renderTo(b *strings.Builder, depth int) {
	if depth > 20 || b.Len() > 4096 {
		b.WriteString("…")
		return
	}
	switch v.k {
	case kScalar:
		b.WriteString(v.s)
	case kList:
		b.WriteByte('[')
		for i, e := range v.list {
			if i > 0 {
				b.WriteString(", ")
			}
			e.renderTo(b, depth+1)
		}
		b.WriteByte(']')
	case kMap:
		b.WriteByte('{')
		for i, p := range v.pairs {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(p.key)
			b.WriteString(": ")
			p.v.renderTo(b, depth+1)
		}
		b.WriteByte('}')
	}
}

// strs converts a list (or single value) to model strings.
func (v *val) strs() []model.String {
	var out []model.String
	for _, e := range v.items() {
		if e.k == kNoValue {
			continue
		}
		out = append(out, e.str())
	}
	return out
}

// keys returns a map's keys, sorted.
func (v *val) keys() []string {
	if v == nil || v.k != kMap {
		return nil
	}
	ks := make([]string, 0, len(v.pairs))
	for _, p := range v.pairs {
		ks = append(ks, p.key)
	}
	sort.Strings(ks)
	return ks
}

// text returns a scalar's text, or "" for anything else (including nil),
// so that optional properties can be compared without nil checks.
func (v *val) text() string {
	if v == nil || v.k != kScalar {
		return ""
	}
	return v.s
}

// fields returns a map's entries, or nothing for any other value
// (including nil).
func (v *val) fields() []pair {
	if v == nil || v.k != kMap {
		return nil
	}
	return v.pairs
}
