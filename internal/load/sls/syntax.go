package sls

import (
	"strings"
)

// spans returns the bounds of the Serverless variables in s, outermost
// only and in order (s[a:b] is "${...}"), in one pass over s so that
// hostile strings full of unmatched braces cost linear time. CloudFormation's
// own ${Name} and ${AWS::Region} placeholders (in Fn::Sub strings) are not
// Serverless variables and are skipped, as the framework does. Inside a
// variable, quoted text is skipped: its braces are not the variable's.
func spans(s string) [][2]int {
	if !strings.Contains(s, "${") {
		return nil
	}
	var out [][2]int
	var open []int // for each unclosed '{', the index of its '$', or -1
	vars := 0      // how many of them open a variable
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case (c == '\'' || c == '"') && vars > 0:
			// A quoted fallback: its braces are text.
			quote = c
		case c == '{':
			if i > 0 && s[i-1] == '$' {
				open = append(open, i-1)
				vars++
			} else {
				open = append(open, -1)
			}
		case c == '}':
			if len(open) == 0 {
				continue
			}
			start := open[len(open)-1]
			open = open[:len(open)-1]
			if start < 0 {
				continue
			}
			vars--
			if !isVariable(s[start+2 : i]) {
				continue
			}
			for len(out) > 0 && out[len(out)-1][0] > start {
				out = out[:len(out)-1] // nested in this one
			}
			out = append(out, [2]int{start, i + 1})
		}
	}
	return out
}

// nextVar returns the first variable of s that starts at or after from.
func nextVar(s string, from int) (start, end int, ok bool) {
	for _, sp := range spans(s) {
		if sp[0] >= from {
			return sp[0], sp[1], true
		}
	}
	return 0, 0, false
}

// isVariable reports whether the text inside ${...} names a variable
// source: "self:...", "file(...)", "cf.us-east-1:...", and so on.
func isVariable(body string) bool {
	body = strings.TrimSpace(body)
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == ':':
			return i > 0 && !strings.HasPrefix(body[i:], "::")
		case c == '(':
			return i > 0
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_'):
		default:
			return false
		}
	}
	return false
}

// splitTop splits a variable's body at commas that are not inside quotes,
// parentheses or nested variables: the reference and its fallbacks.
func splitTop(body string) []string {
	var parts []string
	depth, last := 0, 0
	var quote byte
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '{' || c == '(':
			depth++
		case c == '}' || c == ')':
			depth--
		case c == ',' && depth == 0:
			parts = append(parts, strings.TrimSpace(body[last:i]))
			last = i + 1
		}
	}
	return append(parts, strings.TrimSpace(body[last:]))
}

// reference is a parsed variable reference: source, its parameter (for
// file(...) and strToBool(...)) and address.
type reference struct {
	source  string
	param   string
	address string
}

func parseReference(s string) reference {
	if i := strings.IndexByte(s, '('); i > 0 && (strings.IndexByte(s, ':') < 0 || i < strings.IndexByte(s, ':')) {
		j := strings.LastIndexByte(s, ')')
		if j > i {
			r := reference{source: s[:i], param: strings.TrimSpace(unquote(strings.TrimSpace(s[i+1 : j])))}
			r.address = strings.TrimPrefix(strings.TrimSpace(s[j+1:]), ":")
			return r
		}
	}
	src, addr, _ := strings.Cut(s, ":")
	return reference{source: strings.TrimSpace(src), address: strings.TrimSpace(addr)}
}

// literal reports whether a fallback is a literal (quoted string, number,
// boolean, null) and returns its text.
func literal(s string) (string, bool) {
	if len(s) >= 2 && (s[0] == '\'' && s[len(s)-1] == '\'' || s[0] == '"' && s[len(s)-1] == '"') {
		return s[1 : len(s)-1], true
	}
	if s == "true" || s == "false" || s == "null" {
		return s, true
	}
	if s != "" && strings.Trim(s, "0123456789.-") == "" {
		return s, true
	}
	return "", false
}

func unquote(s string) string {
	if v, ok := literal(s); ok && len(s) >= 2 && (s[0] == '\'' || s[0] == '"') {
		return v
	}
	return s
}
