package sls

import (
	"strings"
)

// nextVar finds the first Serverless variable in s at or after from and
// returns its bounds (s[start:end] is "${...}"). CloudFormation's own
// ${Name} and ${AWS::Region} placeholders (in Fn::Sub strings) are not
// Serverless variables and are skipped, as the framework does.
func nextVar(s string, from int) (start, end int, ok bool) {
	for from < len(s) {
		i := strings.Index(s[from:], "${")
		if i < 0 {
			return 0, 0, false
		}
		start = from + i
		end = matchBrace(s, start+1)
		if end < 0 {
			return 0, 0, false
		}
		if isVariable(s[start+2 : end-1]) {
			return start, end, true
		}
		from = start + 2
	}
	return 0, 0, false
}

// matchBrace returns the index after the '}' closing the '{' at open,
// honouring nested braces and quoted strings, or -1.
func matchBrace(s string, open int) int {
	depth := 0
	var quote byte
	for i := open; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return -1
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
