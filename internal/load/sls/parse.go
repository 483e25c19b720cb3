package sls

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Limits that keep hostile input from exhausting time or memory.
const (
	// MaxFileSize is the largest serverless.yml (or file it includes) read.
	MaxFileSize = 4 << 20
	maxDepth    = 100
	// maxNodes bounds the values one service expands to, counting YAML
	// aliases and variable substitutions, so that alias bombs and
	// self-referencing variables stop early.
	maxNodes = 400_000
)

// ErrTooLarge is returned for inputs over MaxFileSize.
var ErrTooLarge = errors.New("file too large")

// parseYAML reads one YAML or JSON document and expands its aliases and
// merge keys, so that later stages work on a plain tree whose nodes can
// be rewritten in place.
func parseYAML(data []byte, budget *int) (*yaml.Node, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%d bytes: %w (limit %d)", len(data), ErrTooLarge, MaxFileSize)
	}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			return nil, errors.New("empty document")
		}
		return nil, fmt.Errorf("invalid YAML/JSON: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil, errors.New("empty document")
	}
	return expand(doc.Content[0], budget, 0)
}

// expand copies n with aliases replaced by (copies of) their anchors and
// "<<" merge keys applied.
func expand(n *yaml.Node, budget *int, depth int) (*yaml.Node, error) {
	*budget--
	if *budget < 0 {
		return nil, fmt.Errorf("line %d: document expands to more than %d values (alias bomb?)", n.Line, maxNodes)
	}
	if depth > maxDepth {
		return nil, fmt.Errorf("line %d: nesting deeper than %d levels", n.Line, maxDepth)
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return str("", at(n)), nil
		}
		return expand(n.Alias, budget, depth+1)
	case yaml.MappingNode:
		return expandMap(n, budget, depth)
	case yaml.SequenceNode, yaml.DocumentNode:
		c := *n
		c.Anchor = ""
		c.Content = make([]*yaml.Node, 0, len(n.Content))
		for _, e := range n.Content {
			ce, err := expand(e, budget, depth+1)
			if err != nil {
				return nil, err
			}
			c.Content = append(c.Content, ce)
		}
		return &c, nil
	}
	c := *n
	c.Anchor = ""
	return &c, nil
}

func expandMap(n *yaml.Node, budget *int, depth int) (*yaml.Node, error) {
	c := *n
	c.Anchor = ""
	c.Content = make([]*yaml.Node, 0, len(n.Content))
	var merged [][]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		ev, err := expand(v, budget, depth+1)
		if err != nil {
			return nil, err
		}
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			for _, src := range items(ev) {
				if src.Kind == yaml.MappingNode {
					merged = append(merged, src.Content)
				}
			}
			continue
		}
		if k.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("line %d: mapping key is not a scalar", k.Line)
		}
		kc := *k
		c.Content = append(c.Content, &kc, ev)
	}
	// Keys written in the mapping win over merged ones; earlier merge
	// sources win over later ones.
	for _, content := range merged {
		for i := 0; i+1 < len(content); i += 2 {
			if get(&c, content[i].Value) == nil {
				c.Content = append(c.Content, content[i], content[i+1])
			}
		}
	}
	return &c, nil
}
