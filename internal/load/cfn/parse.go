package cfn

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/slsguard/slsguard/internal/model"
)

// Limits that keep hostile input from exhausting time or memory.
const (
	// MaxFileSize is the largest template read; CloudFormation itself
	// accepts at most 1 MB (and SAM/CDK sources are smaller still).
	MaxFileSize = 8 << 20
	maxDepth    = 128
	// maxNodes bounds the values built from one file, counting every
	// expansion of a YAML alias, so that alias bombs stop early.
	maxNodes = 500_000
)

// ErrTooLarge is returned for inputs over MaxFileSize.
var ErrTooLarge = errors.New("file too large")

// ParseError is a syntax or structure error at a position.
type ParseError struct {
	Loc model.Location
	Msg string
}

func (e *ParseError) Error() string { return e.Loc.String() + ": " + e.Msg }

// parse reads YAML or JSON into a value tree, turning CloudFormation's
// short-form tags (!Ref, !Sub, ...) into their long forms.
func parse(file string, data []byte) (*val, error) {
	if len(data) > MaxFileSize {
		return nil, &ParseError{Loc: model.Location{File: file}, Msg: fmt.Sprintf("%d bytes: %v (limit %d)", len(data), ErrTooLarge, MaxFileSize)}
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, &ParseError{Loc: model.Location{File: file, Line: yamlErrLine(err)}, Msg: cleanYAMLError(err)}
	}
	return fromNode(file, &doc)
}

// fromNode converts a YAML node tree, within the loader's limits.
func fromNode(file string, doc *yaml.Node) (*val, error) {
	c := converter{file: file}
	return c.convert(doc, 0)
}

type converter struct {
	file  string
	nodes int
}

func (c *converter) loc(n *yaml.Node) model.Location {
	return model.Location{File: c.file, Line: n.Line, Column: n.Column}
}

func (c *converter) convert(n *yaml.Node, depth int) (*val, error) {
	c.nodes++
	if c.nodes > maxNodes {
		return nil, &ParseError{Loc: c.loc(n), Msg: fmt.Sprintf("document expands to more than %d values (alias bomb?)", maxNodes)}
	}
	if depth > maxDepth {
		return nil, &ParseError{Loc: c.loc(n), Msg: fmt.Sprintf("nesting deeper than %d levels", maxDepth)}
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return &val{k: kNull, loc: c.loc(n)}, nil
		}
		return c.convert(n.Content[0], depth+1)
	case yaml.AliasNode:
		if n.Alias == nil {
			return &val{k: kNull, loc: c.loc(n)}, nil
		}
		v, err := c.convert(n.Alias, depth+1)
		if err != nil {
			return nil, err
		}
		return c.wrapTag(n, v), nil
	case yaml.ScalarNode:
		var v *val
		if n.Tag == "!!null" && n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) == 0 {
			v = &val{k: kNull, loc: c.loc(n)}
		} else {
			v = scalar(n.Value, c.loc(n))
		}
		return c.wrapTag(n, v), nil
	case yaml.SequenceNode:
		v := &val{k: kList, loc: c.loc(n), list: make([]*val, 0, len(n.Content))}
		for _, e := range n.Content {
			ev, err := c.convert(e, depth+1)
			if err != nil {
				return nil, err
			}
			v.list = append(v.list, ev)
		}
		return c.wrapTag(n, v), nil
	case yaml.MappingNode:
		return c.mapping(n, depth)
	}
	return nil, &ParseError{Loc: c.loc(n), Msg: "unexpected YAML node"}
}

func (c *converter) mapping(n *yaml.Node, depth int) (*val, error) {
	v := &val{k: kMap, loc: c.loc(n), pairs: make([]pair, 0, len(n.Content)/2)}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if kn.Kind == yaml.ScalarNode && kn.Tag == "!!merge" {
			// "<<: *anchor" merges the anchored map's keys.
			mv, err := c.convert(vn, depth+1)
			if err != nil {
				return nil, err
			}
			for _, src := range mv.items() {
				for _, p := range src.pairs {
					if v.get(p.key) == nil {
						v.pairs = append(v.pairs, p)
					}
				}
			}
			continue
		}
		if kn.Kind != yaml.ScalarNode {
			return nil, &ParseError{Loc: c.loc(kn), Msg: "mapping key is not a scalar"}
		}
		ev, err := c.convert(vn, depth+1)
		if err != nil {
			return nil, err
		}
		if prev := v.get(kn.Value); prev != nil {
			return nil, &ParseError{Loc: c.loc(kn), Msg: fmt.Sprintf("duplicate key %q (first at line %d)", kn.Value, v.keyLoc(kn.Value).Line)}
		}
		v.pairs = append(v.pairs, pair{key: kn.Value, keyLoc: c.loc(kn), v: ev})
	}
	return c.wrapTag(n, v), nil
}

// wrapTag turns a short-form intrinsic (!Ref X) into its long form
// ({"Ref": X}); other tags are left alone.
func (c *converter) wrapTag(n *yaml.Node, v *val) *val {
	tag := n.Tag
	if !strings.HasPrefix(tag, "!") || strings.HasPrefix(tag, "!!") {
		return v
	}
	name := tag[1:]
	var key string
	switch name {
	case "Ref":
		key = "Ref"
	case "Condition":
		key = "Condition"
	case "GetAtt":
		key = "Fn::GetAtt"
		if v.k == kScalar {
			// !GetAtt Res.Attr (the attribute may itself contain dots).
			res, attr, _ := strings.Cut(v.s, ".")
			v = &val{k: kList, loc: v.loc, list: []*val{scalar(res, v.loc), scalar(attr, v.loc)}}
		}
	default:
		key = "Fn::" + name
	}
	return &val{k: kMap, loc: v.loc, pairs: []pair{{key: key, keyLoc: v.loc, v: v}}}
}

// yamlErrLine extracts the line number from a yaml.v3 error message.
func yamlErrLine(err error) int {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return 0
	}
	msg := err.Error()
	i := strings.Index(msg, "line ")
	if i < 0 {
		return 0
	}
	n := 0
	for _, r := range msg[i+5:] {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
		if n > 1<<30 {
			return 0
		}
	}
	return n
}

func cleanYAMLError(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if i := strings.Index(msg, "line "); i == 0 {
		if j := strings.Index(msg, ": "); j > 0 {
			msg = msg[j+2:]
		}
	}
	return "invalid YAML/JSON: " + msg
}
