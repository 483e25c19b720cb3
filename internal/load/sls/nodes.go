package sls

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// pos is a position in the serverless.yml; every generated node carries
// the position of the value it was compiled from.
type pos struct{ line, col int }

func at(n *yaml.Node) pos {
	if n == nil {
		return pos{}
	}
	return pos{n.Line, n.Column}
}

// str builds a string scalar at p.
func str(s string, p pos) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Line: p.line, Column: p.col}
}

// node converts the values the compiler builds from (nodes, strings,
// integers, lists of nodes) into a node at p; nil means "leave out".
func node(v any, p pos) *yaml.Node {
	switch t := v.(type) {
	case *yaml.Node:
		return t
	case string:
		return str(t, p)
	case int:
		return str(strconv.Itoa(t), p)
	case bool:
		return str(strconv.FormatBool(t), p)
	case []*yaml.Node:
		return seq(p, t...)
	case []string:
		out := seq(p)
		for _, s := range t {
			out.Content = append(out.Content, str(s, p))
		}
		return out
	}
	return nil
}

// obj builds a mapping at p from alternating keys and values; nil values
// are left out, so optional properties need no branches.
func obj(p pos, kv ...any) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: p.line, Column: p.col}
	for i := 0; i+1 < len(kv); i += 2 {
		v := node(kv[i+1], p)
		if v == nil {
			continue
		}
		n.Content = append(n.Content, str(kv[i].(string), p), v)
	}
	return n
}

func seq(p pos, items ...*yaml.Node) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: p.line, Column: p.col}
	for _, it := range items {
		if it != nil {
			n.Content = append(n.Content, it)
		}
	}
	return n
}

// ref, getAtt and sub build CloudFormation intrinsics in their long form.
func ref(id string, p pos) *yaml.Node { return obj(p, "Ref", id) }

func getAtt(id, attr string, p pos) *yaml.Node {
	return obj(p, "Fn::GetAtt", []*yaml.Node{str(id, p), str(attr, p)})
}

func sub(s string, p pos) *yaml.Node { return obj(p, "Fn::Sub", s) }

// get returns the value of key in a mapping, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// keyNode returns the key node of key in a mapping, or nil.
func keyNode(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i]
		}
	}
	return nil
}

func path(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		if n = get(n, k); n == nil {
			return nil
		}
	}
	return n
}

// set replaces or adds key in a mapping.
func set(n *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			n.Content[i+1] = v
			return
		}
	}
	n.Content = append(n.Content, str(key, at(v)), v)
}

// text returns a scalar's value, or "".
func text(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || isNull(n) {
		return ""
	}
	return n.Value
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null" && n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) == 0
}

// items returns a sequence's elements, or the node itself when it is a
// single value.
func items(n *yaml.Node) []*yaml.Node {
	switch {
	case n == nil || isNull(n):
		return nil
	case n.Kind == yaml.SequenceNode:
		return n.Content
	}
	return []*yaml.Node{n}
}

// pairs yields a mapping's keys and values in order.
func pairs(n *yaml.Node) [][2]*yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := make([][2]*yaml.Node, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, [2]*yaml.Node{n.Content[i], n.Content[i+1]})
	}
	return out
}

// truthy reports whether a scalar is a YAML true.
func truthy(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && strings.EqualFold(n.Value, "true")
}

// clone deep-copies a node; when p is non-zero every copied node is placed
// at p (for content read from another file, whose lines mean nothing in
// the serverless.yml).
func clone(n *yaml.Node, p pos, budget *int) (*yaml.Node, error) {
	if n == nil {
		return nil, nil
	}
	*budget--
	if *budget < 0 {
		return nil, fmt.Errorf("variables expand to more than %d values", maxNodes)
	}
	c := *n
	if p != (pos{}) {
		c.Line, c.Column = p.line, p.col
	}
	c.Anchor = ""
	if len(n.Content) > 0 {
		c.Content = make([]*yaml.Node, len(n.Content))
		for i, e := range n.Content {
			ce, err := clone(e, p, budget)
			if err != nil {
				return nil, err
			}
			c.Content[i] = ce
		}
	}
	return &c, nil
}

// render writes a node as compact text, for a container interpolated into
// a string.
func render(n *yaml.Node, b *strings.Builder, depth int) {
	if depth > 20 || b.Len() > 4096 {
		return
	}
	switch n.Kind {
	case yaml.ScalarNode:
		b.WriteString(n.Value)
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, e := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			render(e, b, depth+1)
		}
		b.WriteByte(']')
	case yaml.MappingNode:
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(n.Content[i].Value + ":")
			render(n.Content[i+1], b, depth+1)
		}
		b.WriteByte('}')
	}
}
