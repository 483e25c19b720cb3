package chalice

import (
	"strconv"
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

// maxRefs bounds how many constants a value may be followed through;
// maxSteps bounds the evaluation work for one app.py.
const (
	maxRefs  = 20
	maxSteps = 100000
)

// envFunc returns the configured value of an environment variable of the
// function being built.
type envFunc func(name string) (model.String, bool)

func (s *src) loc(n *pnode) model.Location {
	if n == nil {
		return model.Location{File: s.file}
	}
	return model.Location{File: s.file, Line: n.line, Column: n.col}
}

func (s *src) unresolved(n *pnode, symbol string) model.String {
	return model.String{Loc: s.loc(n), Origin: model.Unresolved, Symbol: symbol}
}

// eval resolves an expression to a string when it is a literal, a
// module-level constant, or an environment variable read with the value
// the configuration or the code's default gives it.
func (s *src) eval(n *pnode, env envFunc) model.String {
	return s.evalDepth(n, env, 0)
}

func (s *src) evalDepth(n *pnode, env envFunc, depth int) model.String {
	if n == nil {
		return model.String{}
	}
	// Constants that refer to each other (X = X + X) would otherwise
	// take exponential time.
	if s.steps++; depth > maxRefs || s.steps > maxSteps {
		return s.unresolved(n, "expression at line "+strconv.Itoa(n.line))
	}
	switch n.kind {
	case "string", "concatenated_string":
		if str, ok := s.literal(n); ok {
			return model.Str(str, s.loc(n))
		}
	case "integer", "float":
		return model.Str(s.of(n), s.loc(n))
	case "true", "false":
		return model.Str(strings.ToLower(s.of(n)), s.loc(n))
	case "binary_operator":
		if op := n.child("operator"); op != nil && s.of(op) == "+" {
			l, r := s.evalDepth(n.child("left"), env, depth+1), s.evalDepth(n.child("right"), env, depth+1)
			if l.Origin == model.Explicit && r.Origin == model.Explicit {
				return model.Str(l.V+r.V, s.loc(n))
			}
		}
	case "parenthesized_expression":
		if k := n.named0(); len(k) == 1 {
			return s.evalDepth(k[0], env, depth+1)
		}
	case "identifier":
		name := s.of(n)
		if def, ok := s.consts[name]; ok {
			v := s.evalDepth(def, env, depth+1)
			if v.RefTarget == "" {
				v.RefTarget = name
			}
			return v
		}
	case "call":
		if c := s.asCall(n); c != nil && isEnvGet(c) {
			return s.envRead(n, c.arg(0, "key"), c.arg(1, "default"), env, depth)
		}
	case "subscript":
		if isEnviron(s.of(n.child("value"))) {
			return s.envRead(n, n.child("subscript"), nil, env, depth)
		}
	}
	return s.unresolved(n, s.snippet(n))
}

// evalList resolves a list (or a single value) to strings.
func (s *src) evalList(n *pnode, env envFunc) []model.String {
	for depth := 0; n != nil && n.kind == "identifier" && depth < maxRefs; depth++ {
		def, ok := s.consts[s.of(n)]
		if !ok {
			break
		}
		n = def
	}
	if n == nil {
		return nil
	}
	if n.kind != "list" && n.kind != "tuple" {
		return []model.String{s.eval(n, env)}
	}
	var out []model.String
	for _, it := range n.named0() {
		out = append(out, s.eval(it, env))
	}
	return out
}

// isEnvGet matches os.environ.get(...), environ.get(...) and os.getenv(...).
func isEnvGet(c *call) bool {
	return c.name == "get" && isEnviron(c.recv) || c.name == "getenv" && (c.recv == "os" || c.recv == "")
}

func isEnviron(expr string) bool { return expr == "os.environ" || expr == "environ" }

// envRead resolves an environment variable read: the configured value
// when the configuration sets it, else the code's default, else unknown.
func (s *src) envRead(at, key, def *pnode, env envFunc, depth int) model.String {
	k := s.evalDepth(key, env, depth+1)
	if k.Origin != model.Explicit {
		return s.unresolved(at, s.snippet(at))
	}
	if env != nil {
		if v, ok := env(k.V); ok {
			v.RefTarget = k.V
			return v
		}
	}
	if def == nil {
		v := s.unresolved(at, "environment variable "+k.V)
		v.RefTarget = k.V
		return v
	}
	v := s.evalDepth(def, env, depth+1)
	if v.Origin == model.Explicit {
		// The code's fallback applies because no configuration sets the
		// variable.
		v.Origin = model.Defaulted
		v.Symbol = "default of environment variable " + k.V
	}
	v.RefTarget = k.V
	return v
}

// literal returns the content of a string literal without interpolation.
func (s *src) literal(n *pnode) (string, bool) {
	if n.kind == "concatenated_string" {
		var b strings.Builder
		for _, k := range n.named0() {
			part, ok := s.literal(k)
			if !ok {
				return "", false
			}
			b.WriteString(part)
		}
		return b.String(), true
	}
	if n.kind != "string" {
		return "", false
	}
	raw := false
	var b strings.Builder
	for _, k := range n.kids {
		switch k.kind {
		case "string_start":
			prefix := strings.ToLower(s.of(k))
			raw = strings.Contains(prefix, "r")
		case "interpolation":
			return "", false
		case "string_content", "escape_sequence":
			b.WriteString(unescape(s.of(k), raw))
		}
	}
	return b.String(), true
}

// unescape decodes Python backslash escapes (Go's are a superset of the
// common ones); an escape Go does not know is kept as written.
func unescape(e string, raw bool) string {
	if raw || !strings.Contains(e, "\\") {
		return e
	}
	var b strings.Builder
	for len(e) > 0 {
		if e[0] != '\\' || len(e) == 1 {
			b.WriteByte(e[0])
			e = e[1:]
			continue
		}
		if e[1] == '\'' || e[1] == '"' {
			b.WriteByte(e[1])
			e = e[2:]
			continue
		}
		v, _, tail, err := strconv.UnquoteChar(e, 0)
		if err != nil {
			b.WriteByte(e[0])
			e = e[1:]
			continue
		}
		b.WriteRune(v)
		e = tail
	}
	return b.String()
}
