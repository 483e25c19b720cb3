package sigma

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	sigmago "github.com/bradleyjkemp/sigma-go"
)

// supported are the modifiers sigma-go evaluates as the Sigma
// specification says.
var supported = map[string]bool{
	"contains": true, "startswith": true, "endswith": true, "re": true, "cidr": true,
	"gt": true, "gte": true, "lt": true, "lte": true, "base64": true, "all": true,
}

// comparators are the modifiers that decide how a value is compared.
var comparators = map[string]bool{
	"contains": true, "startswith": true, "endswith": true, "re": true, "cidr": true,
	"gt": true, "gte": true, "lt": true, "lte": true,
}

// adapt rewrites what sigma-go would misread and lists what it cannot
// evaluate at all.
func adapt(r *sigmago.Rule) []string {
	var why []string
	if r.Detection.Timeframe != 0 {
		why = append(why, "timeframe not supported")
	}
	for _, c := range r.Detection.Conditions {
		if c.Aggregation != nil {
			why = append(why, "aggregation in condition not supported")
		}
	}
	ids := make([]string, 0, len(r.Detection.Searches))
	for id := range r.Detection.Searches {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		s := r.Detection.Searches[id]
		if len(s.Keywords) > 0 {
			why = append(why, fmt.Sprintf("search %s: keyword searches not supported", id))
		}
		for _, em := range s.EventMatchers {
			for i := range em {
				why = append(why, adaptField(id, &em[i])...)
			}
		}
		r.Detection.Searches[id] = s
	}
	return why
}

func adaptField(search string, f *sigmago.FieldMatcher) []string {
	var why []string
	for _, m := range f.Modifiers {
		if !supported[m] {
			why = append(why, fmt.Sprintf("search %s: field %s: modifier %s not supported", search, f.Field, m))
		}
	}
	if len(why) > 0 {
		return why
	}
	wild := false
	for i, v := range f.Values {
		switch x := v.(type) {
		case nil:
			f.Values[i] = "null" // sigma-go's spelling of "field absent or null"
		case string:
			wild = wild || hasWildcard(x)
		}
	}
	if !wild || hasModifier(f.Modifiers, "re") {
		return nil
	}
	return wildcardsToRegexp(search, f)
}

// wildcardsToRegexp turns a matcher with * or ? values into an anchored
// regular expression matcher.
func wildcardsToRegexp(search string, f *sigmago.FieldMatcher) []string {
	cmp, rest := "", []string{}
	for _, m := range f.Modifiers {
		switch {
		case comparators[m]:
			cmp = m
		case m == "base64":
			return []string{fmt.Sprintf("search %s: field %s: wildcards with base64 not supported", search, f.Field)}
		default:
			rest = append(rest, m)
		}
	}
	if cmp != "" && cmp != "contains" && cmp != "startswith" && cmp != "endswith" {
		return []string{fmt.Sprintf("search %s: field %s: wildcards with %s not supported", search, f.Field, cmp)}
	}
	for i, v := range f.Values {
		s, ok := v.(string)
		if !ok {
			s = fmt.Sprint(v)
		}
		pat := globToRegexp(s)
		switch cmp {
		case "contains":
			pat = ".*" + pat + ".*"
		case "startswith":
			pat += ".*"
		case "endswith":
			pat = ".*" + pat
		}
		if strings.Trim(s, "*") == "" {
			// Only wildcards: the field has a value. sigma-go shows an
			// absent field as "<nil>", which this must not match.
			f.Values[i] = notNil
			continue
		}
		re := "(?is)^(?:" + pat + ")$"
		if regexp.MustCompile(re).MatchString("<nil>") {
			return []string{fmt.Sprintf("search %s: field %s: pattern %q would match a missing field", search, f.Field, s)}
		}
		f.Values[i] = re
	}
	// "all" must stay last.
	mods := []string{}
	for _, m := range rest {
		if m != "all" {
			mods = append(mods, m)
		}
	}
	mods = append(mods, "re")
	if hasModifier(rest, "all") {
		mods = append(mods, "all")
	}
	f.Modifiers = mods
	return nil
}

// notNil matches every string but "<nil>".
const notNil = `(?s)^(?:.{0,4}|.{6,}|[^<]....|.[^n]...|..[^i]..|...[^l].|....[^>])$`

func hasModifier(mods []string, m string) bool {
	for _, x := range mods {
		if x == m {
			return true
		}
	}
	return false
}

// hasWildcard reports an unescaped * or ?.
func hasWildcard(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '*', '?':
			return true
		}
	}
	return false
}

// globToRegexp translates Sigma's wildcards (*, ?, with \ escaping).
func globToRegexp(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) && (s[i+1] == '*' || s[i+1] == '?' || s[i+1] == '\\') {
				i++
				b.WriteString(regexp.QuoteMeta(s[i : i+1]))
			} else {
				b.WriteString(`\\`)
			}
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	return b.String()
}
