package tf

import (
	"encoding/json"
	"errors"
	"sort"
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

// jsonParser reads JSON into positioned values. Positions come from a
// function of the byte offset, so that JSON embedded in a heredoc is
// placed in the .tf file.
type jsonParser struct {
	data []byte
	i    int
	pos  func(off int) model.Location
	// str post-processes each string (placeholders of unknown template
	// parts).
	str func(s string, loc model.Location) model.String
}

var errJSON = errors.New("invalid JSON")

func parseJSONTree(data []byte, pos func(int) model.Location, str func(string, model.Location) model.String) (*pv, error) {
	p := &jsonParser{data: data, pos: pos, str: str}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.data) {
		return nil, errJSON
	}
	return v, nil
}

func (p *jsonParser) space() {
	for p.i < len(p.data) && strings.IndexByte(" \t\r\n", p.data[p.i]) >= 0 {
		p.i++
	}
}

func (p *jsonParser) value(depth int) (*pv, error) {
	if depth > maxDepth {
		return nil, errJSON
	}
	p.space()
	if p.i >= len(p.data) {
		return nil, errJSON
	}
	loc, off := p.pos(p.i), p.i
	switch c := p.data[p.i]; {
	case c == '{':
		return p.object(loc, depth)
	case c == '[':
		return p.array(loc, depth)
	case c == '"':
		s, err := p.stringLit()
		if err != nil {
			return nil, err
		}
		return &pv{kind: pvStr, s: p.str(s, loc), loc: loc, off: off}, nil
	default:
		start := p.i
		for p.i < len(p.data) && strings.IndexByte(",]} \t\r\n", p.data[p.i]) < 0 {
			p.i++
		}
		lit := string(p.data[start:p.i])
		if lit == "null" {
			return &pv{kind: pvStr, loc: loc, off: off}, nil
		}
		var x any
		if err := json.Unmarshal([]byte(lit), &x); err != nil {
			return nil, errJSON
		}
		return &pv{kind: pvStr, s: model.Str(lit, loc), loc: loc, off: off, lit: true}, nil
	}
}

func (p *jsonParser) stringLit() (string, error) {
	start := p.i
	p.i++
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case '\\':
			p.i += 2
			continue
		case '"':
			p.i++
			var s string
			if err := json.Unmarshal(p.data[start:p.i], &s); err != nil {
				return "", errJSON
			}
			return s, nil
		}
		p.i++
	}
	return "", errJSON
}

func (p *jsonParser) object(loc model.Location, depth int) (*pv, error) {
	out := &pv{kind: pvObj, loc: loc, off: p.i}
	p.i++
	p.space()
	if p.i < len(p.data) && p.data[p.i] == '}' {
		p.i++
		return out, nil
	}
	for {
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != '"' {
			return nil, errJSON
		}
		kloc, koff := p.pos(p.i), p.i
		k, err := p.stringLit()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != ':' {
			return nil, errJSON
		}
		p.i++
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		out.keys = append(out.keys, model.Str(k, kloc))
		out.koff = append(out.koff, koff)
		out.vals = append(out.vals, v)
		p.space()
		if p.i >= len(p.data) {
			return nil, errJSON
		}
		switch p.data[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return out, nil
		default:
			return nil, errJSON
		}
	}
}

func (p *jsonParser) array(loc model.Location, depth int) (*pv, error) {
	out := &pv{kind: pvList, loc: loc, off: p.i}
	p.i++
	p.space()
	if p.i < len(p.data) && p.data[p.i] == ']' {
		p.i++
		return out, nil
	}
	for {
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		out.list = append(out.list, v)
		p.space()
		if p.i >= len(p.data) {
			return nil, errJSON
		}
		switch p.data[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return out, nil
		default:
			return nil, errJSON
		}
	}
}

// lineCol maps offsets in text to locations, given where text starts.
func lineCol(text []byte, file string, line, col int) func(int) model.Location {
	var starts []int
	for i, c := range text {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return func(off int) model.Location {
		n := sort.SearchInts(starts, off+1)
		if n == 0 {
			return model.Location{File: file, Line: line, Column: col + off}
		}
		return model.Location{File: file, Line: line + n, Column: off - starts[n-1] + 1}
	}
}
