package iam

import "strings"

// globFold matches s against an IAM action pattern with * and ?. Both are
// expected in lower case (callers lower-case once, not per comparison), so
// the match itself is globText's.
func globFold(pattern, s string) bool { return globText(pattern, s) }

// MatchAction reports whether an action pattern from a policy ("s3:Get*",
// "*") matches an action name, case-insensitively, as IAM does.
func MatchAction(pattern, action string) bool {
	return globFold(strings.ToLower(pattern), strings.ToLower(action))
}

// Tokens let one matcher handle both plain text and the ${...} placeholders
// template loaders leave in ARNs: a placeholder is one token that only an
// identical placeholder or a * matches.
const (
	tokStar  int32 = -1 // * in a pattern
	tokQuest int32 = -2 // ? in a pattern
	tokSStar int32 = -3 // * on the matched side when it is itself a pattern
	tokSQues int32 = -4 // ? on the matched side when it is itself a pattern
)

type tokenizer struct {
	ids []string // placeholders seen, by id-256; few per ARN, so a slice beats a map
}

// tokens splits s into tokens. wild says whether * and ? are wildcards
// (pattern side: tokStar/tokQuest; matched pattern side: tokSStar/tokSQues)
// or literal characters.
func (t *tokenizer) tokens(s string, wild int) []int32 {
	out := make([]int32, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '$' && i+1 < len(s) && s[i+1] == '{' {
			if end := strings.IndexByte(s[i:], '}'); end > 0 {
				out = append(out, t.id(s[i:i+end+1]))
				i += end
				continue
			}
		}
		switch {
		case wild == 1 && c == '*':
			out = append(out, tokStar)
		case wild == 1 && c == '?':
			out = append(out, tokQuest)
		case wild == 2 && c == '*':
			out = append(out, tokSStar)
		case wild == 2 && c == '?':
			out = append(out, tokSQues)
		default:
			out = append(out, int32(c))
		}
	}
	return out
}

func (t *tokenizer) id(ph string) int32 {
	for i, s := range t.ids {
		if s == ph {
			return int32(256 + i)
		}
	}
	t.ids = append(t.ids, ph)
	return int32(256 + len(t.ids) - 1)
}

// singleMatches says whether one pattern token matches one token of the
// matched side.
func singleMatches(p, s int32) bool {
	switch p {
	case tokQuest:
		return (s >= 0 && s < 256) || s == tokSQues
	case tokStar:
		return true
	}
	return p >= 0 && p == s
}

// globTokens matches token sequences. A pattern * matches any run of tokens
// (including wildcards of the matched side, which is how "covers" works);
// the matched side's wildcards are otherwise matched by nothing but a
// pattern ? for a single ?.
func globTokens(pattern, s []int32) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] != tokStar && singleMatches(pattern[p], s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == tokStar:
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == tokStar {
		p++
	}
	return p == len(pattern)
}

// globText matches plain text without placeholders, case-sensitively.
func globText(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]) && pattern[p] != '*':
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// splitARN splits an ARN into at most six parts: arn, partition, service,
// region, account and the resource (which may itself contain colons).
// Colons inside ${...} placeholders do not split: "${AWS::Region}" is one
// region.
func splitARN(s string) []string {
	parts := make([]string, 0, 6)
	start, depth := 0, 0
	for i := 0; i < len(s) && len(parts) < 5; i++ {
		switch {
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == ':' && depth == 0:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// MatchARN reports whether a Resource pattern of a policy matches an ARN.
// It follows IAM: "*" matches everything; otherwise the first five
// colon-separated segments (arn, partition, service, region, account) are
// matched one by one, so a wildcard does not run across them, and the
// resource part is matched as a whole. A pattern with fewer segments whose
// last segment ends in * ("arn:aws:s3:*") lets that * run to the end.
// Matching is case-sensitive. ${...} placeholders (unresolved template
// values) match only the same placeholder or a *.
func MatchARN(pattern, arn string) bool {
	return arnGlob(pattern, arn, false)
}

// covers reports whether every ARN that pattern b matches is matched by
// pattern a. It is exact for the patterns policies use (literal text with
// * and ?) and errs towards false otherwise.
func covers(a, b string) bool {
	if a == b {
		return true
	}
	return arnGlob(a, b, true)
}

func arnGlob(pattern, s string, sideWild bool) bool {
	if pattern == "*" {
		return true
	}
	if pattern == "" {
		return s == ""
	}
	ps, ss := splitARN(pattern), splitARN(s)
	if len(ss) < 6 || len(ps) == 1 {
		return segGlob(pattern, s, sideWild)
	}
	if len(ps) < 6 {
		last := len(ps) - 1
		if !strings.HasSuffix(ps[last], "*") {
			return false
		}
		for i := range last {
			if !segGlob(ps[i], ss[i], sideWild) {
				return false
			}
		}
		return segGlob(ps[last], strings.Join(ss[last:], ":"), sideWild)
	}
	for i := range 6 {
		if !segGlob(ps[i], ss[i], sideWild) {
			return false
		}
	}
	return true
}

func segGlob(pattern, s string, sideWild bool) bool {
	plain := !strings.Contains(pattern, "${") && !strings.Contains(s, "${")
	if plain && !sideWild {
		return globText(pattern, s)
	}
	if plain && !strings.ContainsAny(s, "*?") {
		return globText(pattern, s)
	}
	var t tokenizer
	side := 0
	if sideWild {
		side = 2
	}
	return globTokens(t.tokens(pattern, 1), t.tokens(s, side))
}

// maxOverlapCells bounds the work overlaps does on hostile input; beyond it
// the answer is "may overlap", the cautious side for every caller.
const (
	maxOverlapCells = 1 << 20
	maxOverlapDepth = 4096
)

// overlaps reports whether some ARN could match both patterns. It works on
// whole strings rather than ARN segments, so it may say true for patterns
// that IAM's segment rules keep apart; callers use it only to decide
// whether a Deny may remove part of a grant.
func overlaps(a, b string) bool {
	if a == "*" || b == "*" || a == b {
		return true
	}
	var t tokenizer
	x, y := t.tokens(a, 1), t.tokens(b, 1)
	if (len(x)+1)*(len(y)+1) > maxOverlapCells || len(x)+len(y) > maxOverlapDepth {
		return true
	}
	// memo: 0 unknown, 1 false, 2 true; the recursion is on suffixes.
	memo := make([]uint8, (len(x)+1)*(len(y)+1))
	var rec func(i, j int) bool
	rec = func(i, j int) bool {
		k := i*(len(y)+1) + j
		if memo[k] != 0 {
			return memo[k] == 2
		}
		memo[k] = 1
		var r bool
		switch {
		case i == len(x) && j == len(y):
			r = true
		case i < len(x) && x[i] == tokStar:
			r = rec(i+1, j) || (j < len(y) && rec(i, j+1))
		case j < len(y) && y[j] == tokStar:
			r = rec(i, j+1) || (i < len(x) && rec(i+1, j))
		case i == len(x) || j == len(y):
			r = false
		default:
			r = tokensCompatible(x[i], y[j]) && rec(i+1, j+1)
		}
		if r {
			memo[k] = 2
		}
		return r
	}
	return rec(0, 0)
}

func tokensCompatible(a, b int32) bool {
	if a == tokQuest {
		return b == tokQuest || (b >= 0 && b < 256)
	}
	if b == tokQuest {
		return a >= 0 && a < 256
	}
	return a == b
}
