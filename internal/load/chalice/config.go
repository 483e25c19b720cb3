package chalice

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/slsguard/slsguard/internal/model"
	yaml "go.yaml.in/yaml/v3"
)

// defaultStage is the stage `chalice deploy` uses without --stage.
const defaultStage = "dev"

// config is a project's .chalice/config.json with the stage being loaded.
type config struct {
	file   string // relative path, for locations
	sample bool
	root   *yaml.Node
	stage  string
	stNode *yaml.Node
}

// readConfig reads .chalice/config.json, or config-sample.json when the
// project ships only a sample (as examples do). A project without either
// gets an empty configuration: Chalice's defaults apply.
func readConfig(root, rel string) (*config, error) {
	for _, name := range []string{"config.json", "config-sample.json"} {
		path := filepath.Join(root, rel, ".chalice", name)
		data, err := readLimited(path)
		if os.IsNotExist(err) {
			continue
		}
		file := filepath.ToSlash(filepath.Join(rel, ".chalice", name))
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", file, err)
		}
		doc, err := parseJSON(file, data)
		if err != nil {
			return nil, err
		}
		c := &config{file: file, sample: name != "config.json", root: doc}
		c.pickStage()
		return c, nil
	}
	return &config{stage: defaultStage}, nil
}

// readLimited reads a file unless it is larger than MaxFileSize.
func readLimited(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > MaxFileSize {
		return nil, fmt.Errorf("file too large (%d bytes, limit %d)", st.Size(), MaxFileSize)
	}
	return os.ReadFile(path)
}

// parseJSON parses a JSON file keeping positions.
func parseJSON(file string, data []byte) (*yaml.Node, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("load %s: file too large (%d bytes, limit %d)", file, len(data), MaxFileSize)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("load %s: %w", file, err)
	}
	if len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode}, nil
	}
	if d := depth(doc.Content[0], 0); d > maxDepth {
		return nil, fmt.Errorf("load %s: nesting deeper than %d levels", file, maxDepth)
	}
	return doc.Content[0], nil
}

// depth measures nesting, stopping once it is past the limit; aliases are
// not followed (JSON has none, and a YAML alias bomb must not be walked).
func depth(n *yaml.Node, d int) int {
	if d > maxDepth {
		return d
	}
	deepest := d
	for _, k := range n.Content {
		deepest = max(deepest, depth(k, d+1))
		if deepest > maxDepth {
			break
		}
	}
	return deepest
}

// pickStage chooses the stage `chalice deploy` deploys by default, or the
// first one when the configuration has no dev stage.
func (c *config) pickStage() {
	c.stage = defaultStage
	stages := get(c.root, "stages")
	if stages == nil || stages.Kind != yaml.MappingNode || len(stages.Content) < 2 {
		return
	}
	if st := get(stages, defaultStage); st != nil {
		c.stNode = st
		return
	}
	c.stage, c.stNode = stages.Content[0].Value, stages.Content[1]
}

// get returns a key's value in a mapping node, or nil.
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

// levels returns the configuration levels for a function, most specific
// first: the stage's function settings, the stage, the function's global
// settings, the top level.
func (c *config) levels(fn string) []*yaml.Node {
	if c.root == nil {
		return nil
	}
	return []*yaml.Node{
		get(get(c.stNode, "lambda_functions"), fn), c.stNode,
		get(get(c.root, "lambda_functions"), fn), c.root,
	}
}

// lookup returns the most specific setting for a function.
func (c *config) lookup(key, fn string) *yaml.Node {
	for _, l := range c.levels(fn) {
		if v := get(l, key); v != nil {
			return v
		}
	}
	return nil
}

func (c *config) loc(n *yaml.Node) model.Location {
	return model.Location{File: c.file, Line: n.Line, Column: n.Column}
}

// str reads a scalar setting; a placeholder such as "<ARN of some role>"
// in a sample configuration is unresolved, not a value.
func (c *config) str(n *yaml.Node) model.String {
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		return model.String{}
	}
	if c.sample && strings.HasPrefix(n.Value, "<") && strings.HasSuffix(n.Value, ">") {
		return model.String{Loc: c.loc(n), Origin: model.Unresolved, Symbol: "placeholder " + n.Value + " in " + filepath.Base(c.file)}
	}
	return model.Str(n.Value, c.loc(n))
}

func (c *config) strs(n *yaml.Node) []model.String {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		if s := c.str(n); s.Origin != model.Unset {
			return []model.String{s}
		}
		return nil
	}
	var out []model.String
	for _, it := range n.Content {
		if s := c.str(it); s.Origin != model.Unset {
			out = append(out, s)
		}
	}
	return out
}

func (c *config) integer(n *yaml.Node) (model.Int, bool) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return model.Int{}, false
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil {
		return model.Int{}, false
	}
	return model.Int{V: v, Loc: c.loc(n), Origin: model.Explicit}, true
}

func (c *config) boolean(n *yaml.Node) (model.Bool, bool) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return model.Bool{}, false
	}
	v, err := strconv.ParseBool(n.Value)
	if err != nil {
		return model.Bool{}, false
	}
	return model.Bool{V: v, Loc: c.loc(n), Origin: model.Explicit}, true
}

// env merges the environment variables of every level: the more specific
// level wins, as Chalice merges them.
func (c *config) env(fn string) []model.EnvVar {
	merged := map[string]model.EnvVar{}
	levels := c.levels(fn)
	for i := len(levels) - 1; i >= 0; i-- {
		vars := get(levels[i], "environment_variables")
		if vars == nil || vars.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(vars.Content); j += 2 {
			k := vars.Content[j]
			merged[k.Value] = model.EnvVar{Name: model.Str(k.Value, c.loc(k)), Value: c.str(vars.Content[j+1])}
		}
	}
	out := make([]model.EnvVar, 0, len(merged))
	for _, v := range merged {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name.V < out[j].Name.V })
	return out
}
