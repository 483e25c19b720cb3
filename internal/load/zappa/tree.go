package zappa

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	yaml "go.yaml.in/yaml/v3"
)

// MaxFileSize bounds the settings files read: a zappa_settings file is a
// few kilobytes; anything of megabytes is not one.
const MaxFileSize = 4 << 20

// maxDepth bounds nesting: real settings nest four or five levels.
const maxDepth = 100

// maxNodes bounds the values a settings file may expand to (YAML aliases
// can multiply a small file).
const maxNodes = 200000

type kind uint8

const (
	kNull kind = iota
	kStr
	kNum
	kBool
	kMap
	kList
)

// node is one settings value with its position, whatever the file's syntax.
type node struct {
	k       kind
	s       string
	keys    []string
	keyLocs []model.Location
	vals    []*node
	items   []*node
	loc     model.Location
}

// get returns the value of key in a map, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.k != kMap {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// keyLoc returns where key is written, or the map's location.
func (n *node) keyLoc(key string) model.Location {
	for i, k := range n.keys {
		if k == key {
			return n.keyLocs[i]
		}
	}
	return n.loc
}

// set replaces or adds key (used to merge extended stages).
func (n *node) set(key string, loc model.Location, v *node) {
	for i, k := range n.keys {
		if k == key {
			n.vals[i] = v
			return
		}
	}
	n.keys, n.keyLocs, n.vals = append(n.keys, key), append(n.keyLocs, loc), append(n.vals, v)
}

func (n *node) list() []*node {
	if n == nil {
		return nil
	}
	if n.k == kList {
		return n.items
	}
	return []*node{n}
}

func (n *node) scalar() bool { return n != nil && (n.k == kStr || n.k == kNum || n.k == kBool) }

// str returns the value as an explicit string, or an unset one.
func (n *node) str() model.String {
	if !n.scalar() {
		return model.String{}
	}
	return model.Str(n.s, n.loc)
}

func (n *node) strs() []model.String {
	var out []model.String
	for _, it := range n.list() {
		if it.scalar() {
			out = append(out, it.str())
		}
	}
	return out
}

// boolean reads true/false, accepting the strings Python settings files use.
func (n *node) boolean() (model.Bool, bool) {
	if !n.scalar() {
		return model.Bool{}, false
	}
	switch strings.ToLower(n.s) {
	case "true", "yes", "1":
		return model.Bool{V: true, Loc: n.loc, Origin: model.Explicit}, true
	case "false", "no", "0":
		return model.Bool{V: false, Loc: n.loc, Origin: model.Explicit}, true
	}
	return model.Bool{}, false
}

func (n *node) integer() (model.Int, bool) {
	if !n.scalar() {
		return model.Int{}, false
	}
	f, err := strconv.ParseFloat(n.s, 64)
	if err != nil || f > 1e9 || f < -1e9 {
		return model.Int{}, false
	}
	return model.Int{V: int(f), Loc: n.loc, Origin: model.Explicit}, true
}

// parseFile reads a settings file in the syntax its name says.
func parseFile(file string, data []byte) (*node, []finding.Problem, error) {
	if len(data) > MaxFileSize {
		return nil, nil, fmt.Errorf("load %s: file too large (%d bytes, limit %d)", file, len(data), MaxFileSize)
	}
	switch {
	case strings.HasSuffix(file, ".yml") || strings.HasSuffix(file, ".yaml"):
		n, err := parseYAML(file, data)
		return n, nil, err
	case strings.HasSuffix(file, ".toml"):
		n, err := parseTOML(file, data)
		return n, nil, err
	}
	p := &jsonParser{src: data, file: file, line: 1, col: 1}
	n, err := p.document()
	if err != nil {
		return nil, p.problems, fmt.Errorf("load %s: %w", file, err)
	}
	return n, p.problems, nil
}

// parseYAML converts a YAML document, following aliases within a budget.
func parseYAML(file string, data []byte) (*node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("load %s: %w", file, err)
	}
	if len(doc.Content) == 0 {
		return &node{k: kMap, loc: model.Location{File: file}}, nil
	}
	budget := maxNodes
	n, err := fromYAML(file, doc.Content[0], 0, &budget)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", file, err)
	}
	return n, nil
}

var errBudget = errors.New("values expand to too many nodes (alias bomb?)")

func fromYAML(file string, y *yaml.Node, depth int, budget *int) (*node, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("line %d: nesting deeper than %d levels", y.Line, maxDepth)
	}
	if *budget--; *budget < 0 {
		return nil, errBudget
	}
	for y.Kind == yaml.AliasNode && y.Alias != nil {
		y = y.Alias
	}
	n := &node{loc: model.Location{File: file, Line: y.Line, Column: y.Column}}
	switch y.Kind {
	case yaml.ScalarNode:
		n.s = y.Value
		switch y.ShortTag() {
		case "!!null":
			n.k = kNull
		case "!!bool":
			n.k = kBool
		case "!!int", "!!float":
			n.k = kNum
		default:
			n.k = kStr
		}
	case yaml.SequenceNode:
		n.k = kList
		for _, c := range y.Content {
			it, err := fromYAML(file, c, depth+1, budget)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, it)
		}
	case yaml.MappingNode:
		n.k = kMap
		for i := 0; i+1 < len(y.Content); i += 2 {
			k := y.Content[i]
			v, err := fromYAML(file, y.Content[i+1], depth+1, budget)
			if err != nil {
				return nil, err
			}
			n.set(k.Value, model.Location{File: file, Line: k.Line, Column: k.Column}, v)
		}
	}
	return n, nil
}

// parseTOML converts a TOML document. The TOML decoder keeps no positions,
// so each key is located by the line that defines it, which is what a
// reader needs to find it.
func parseTOML(file string, data []byte) (*node, error) {
	var v map[string]any
	if _, err := toml.Decode(string(data), &v); err != nil {
		return nil, fmt.Errorf("load %s: %w", file, err)
	}
	lines := strings.Split(string(data), "\n")
	budget := maxNodes
	return fromTOML(file, lines, v, nil, 0, 0, &budget)
}

func fromTOML(file string, lines []string, v any, path []string, line, depth int, budget *int) (*node, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("load %s: nesting deeper than %d levels", file, maxDepth)
	}
	if *budget--; *budget < 0 {
		return nil, fmt.Errorf("load %s: %w", file, errBudget)
	}
	n := &node{loc: model.Location{File: file, Line: line}}
	switch t := v.(type) {
	case map[string]any:
		n.k = kMap
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			kl := tomlLine(lines, append(path, k), line)
			c, err := fromTOML(file, lines, t[k], append(path, k), kl, depth+1, budget)
			if err != nil {
				return nil, err
			}
			n.set(k, model.Location{File: file, Line: kl}, c)
		}
	case []any:
		n.k = kList
		for _, it := range t {
			c, err := fromTOML(file, lines, it, path, line, depth+1, budget)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, c)
		}
	case []map[string]any:
		n.k = kList
		for _, it := range t {
			c, err := fromTOML(file, lines, it, path, line, depth+1, budget)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, c)
		}
	case string:
		n.k, n.s = kStr, t
	case bool:
		n.k, n.s = kBool, strconv.FormatBool(t)
	case int64:
		n.k, n.s = kNum, strconv.FormatInt(t, 10)
	case float64:
		n.k, n.s = kNum, strconv.FormatFloat(t, 'g', -1, 64)
	default:
		n.k, n.s = kStr, fmt.Sprint(t)
	}
	return n, nil
}

// tomlLine finds the line (1-based) of a table header [a.b] or of a key
// assignment after the parent's line; 0 when not found.
func tomlLine(lines []string, path []string, from int) int {
	header := "[" + strings.Join(path, ".") + "]"
	last := path[len(path)-1]
	start := max(from-1, 0)
	for i := start; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if l == header || strings.HasPrefix(l, "[["+strings.Join(path, ".")+"]]") {
			return i + 1
		}
		if i > start && from > 0 && strings.HasPrefix(l, "[") {
			break
		}
		key, _, ok := strings.Cut(l, "=")
		if ok && strings.Trim(strings.TrimSpace(key), `"'`) == last {
			return i + 1
		}
	}
	return from
}

// jsonParser reads JSON the way people write zappa_settings.json: with
// comments, missing and trailing commas. Zappa itself rejects such files,
// so each repair is reported as a problem with its line.
type jsonParser struct {
	src       []byte
	i         int
	line, col int
	file      string
	problems  []finding.Problem
	nodes     int
	commented bool
}

func (p *jsonParser) loc() model.Location {
	return model.Location{File: p.file, Line: p.line, Column: p.col}
}

func (p *jsonParser) problem(loc model.Location, msg string) {
	p.problems = append(p.problems, finding.Problem{Loc: loc, Message: msg})
}

func (p *jsonParser) errorf(format string, args ...any) error {
	return fmt.Errorf("line %d column %d: %s", p.line, p.col, fmt.Sprintf(format, args...))
}

func (p *jsonParser) advance(n int) {
	for range n {
		if p.src[p.i] == '\n' {
			p.line++
			p.col = 1
		} else {
			p.col++
		}
		p.i++
	}
}

// space skips whitespace and comments, reporting comments once per file.
func (p *jsonParser) space() {
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xEF || c == 0xBB || c == 0xBF:
			p.advance(1)
		case c == '/' && p.i+1 < len(p.src) && (p.src[p.i+1] == '/' || p.src[p.i+1] == '*'):
			p.comment()
		case c == '#':
			p.comment()
		default:
			return
		}
	}
}

func (p *jsonParser) comment() {
	if !p.commented {
		p.problem(p.loc(), msgComment)
		p.commented = true
	}
	end := []byte("\n")
	if p.src[p.i] == '/' && p.src[p.i+1] == '*' {
		end = []byte("*/")
	}
	j := bytes.Index(p.src[p.i+1:], end)
	if j < 0 {
		p.advance(len(p.src) - p.i)
		return
	}
	p.advance(j + 1 + len(end))
}

const msgComment = "comment in JSON: zappa's JSON reader rejects it; read as if absent"

func (p *jsonParser) document() (*node, error) {
	p.space()
	if p.i >= len(p.src) {
		return &node{k: kMap, loc: p.loc()}, nil
	}
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(p.src) {
		p.problem(p.loc(), "text after the end of the JSON document is ignored")
	}
	return n, nil
}

func (p *jsonParser) value(depth int) (*node, error) {
	if depth > maxDepth {
		return nil, p.errorf("nesting deeper than %d levels", maxDepth)
	}
	if p.nodes++; p.nodes > maxNodes {
		return nil, p.errorf("more than %d values", maxNodes)
	}
	p.space()
	if p.i >= len(p.src) {
		return nil, p.errorf("unexpected end of file")
	}
	switch c := p.src[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"' || c == '\'':
		loc := p.loc()
		s, err := p.str()
		return &node{k: kStr, s: s, loc: loc}, err
	default:
		return p.bare()
	}
}

func (p *jsonParser) bare() (*node, error) {
	loc := p.loc()
	j := p.i
	for j < len(p.src) && (isWord(p.src[j])) {
		j++
	}
	if j == p.i {
		return nil, p.errorf("unexpected character %q", p.src[p.i])
	}
	word := string(p.src[p.i:j])
	p.advance(j - p.i)
	n := &node{s: word, loc: loc}
	switch word {
	case "true", "false", "True", "False":
		n.k, n.s = kBool, strings.ToLower(word)
	case "null", "None":
		n.k = kNull
	default:
		if _, err := strconv.ParseFloat(word, 64); err != nil {
			return nil, fmt.Errorf("line %d column %d: unexpected word %q", loc.Line, loc.Column, word)
		}
		n.k = kNum
	}
	return n, nil
}

func isWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == '_'
}

func (p *jsonParser) str() (string, error) {
	q := p.src[p.i]
	j := p.i + 1
	for j < len(p.src) && p.src[j] != q && p.src[j] != '\n' {
		if p.src[j] == '\\' {
			j++
		}
		j++
	}
	if j >= len(p.src) || p.src[j] != q {
		return "", p.errorf("unterminated string")
	}
	raw := p.src[p.i : j+1]
	p.advance(j + 1 - p.i)
	if q == '\'' {
		return string(raw[1 : len(raw)-1]), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return string(raw[1 : len(raw)-1]), nil
	}
	return s, nil
}

func (p *jsonParser) object(depth int) (*node, error) {
	n := &node{k: kMap, loc: p.loc()}
	p.advance(1)
	for {
		p.space()
		if p.i >= len(p.src) {
			return nil, p.errorf("unexpected end of file in object starting at line %d", n.loc.Line)
		}
		if p.src[p.i] == '}' {
			p.advance(1)
			return n, nil
		}
		kl := p.loc()
		var key string
		if c := p.src[p.i]; c == '"' || c == '\'' {
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			key = k
		} else {
			return nil, p.errorf("expected a quoted key, found %q", c)
		}
		p.space()
		if p.i >= len(p.src) || p.src[p.i] != ':' {
			return nil, p.errorf("expected ':' after key %q", key)
		}
		p.advance(1)
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.set(key, kl, v)
		if err := p.separator('}'); err != nil {
			return nil, err
		}
	}
}

func (p *jsonParser) array(depth int) (*node, error) {
	n := &node{k: kList, loc: p.loc()}
	p.advance(1)
	for {
		p.space()
		if p.i >= len(p.src) {
			return nil, p.errorf("unexpected end of file in list starting at line %d", n.loc.Line)
		}
		if p.src[p.i] == ']' {
			p.advance(1)
			return n, nil
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.items = append(n.items, v)
		if err := p.separator(']'); err != nil {
			return nil, err
		}
	}
}

// separator consumes the comma after a member, reporting a missing one
// (when the next member follows directly) and a trailing one.
func (p *jsonParser) separator(closer byte) error {
	end := p.loc()
	p.space()
	if p.i >= len(p.src) {
		return nil
	}
	switch c := p.src[p.i]; {
	case c == ',':
		p.advance(1)
		p.space()
		if p.i < len(p.src) && p.src[p.i] == closer {
			p.problem(end, "trailing comma: zappa's JSON reader rejects it")
		}
	case c == closer:
	case c == '"' || c == '\'' || c == '{' || c == '[' || isWord(c):
		p.problem(end, "missing comma: zappa's JSON reader rejects this file; read as if the comma were there")
	default:
		return p.errorf("expected ',' or %q, found %q", closer, c)
	}
	return nil
}
