package sigma

import (
	"path"
	"strings"

	sigmago "github.com/bradleyjkemp/sigma-go"
)

// eventNames works out the event names a record must have for the rule to
// match, so that other records skip the rule without being flattened and
// evaluated. ok is false when the rule can match any event name.
func eventNames(r sigmago.Rule) (names map[string]bool, ok bool) {
	var all map[string]bool
	for _, c := range r.Detection.Conditions {
		n, ok := required(r.Detection.Searches, c.Search)
		if !ok {
			return nil, false
		}
		all = union(all, n)
	}
	return all, all != nil
}

// required returns the event names expr needs, if it needs some.
func required(searches map[string]sigmago.Search, expr sigmago.SearchExpr) (map[string]bool, bool) {
	switch e := expr.(type) {
	case sigmago.SearchIdentifier:
		return searchNames(searches[e.Name])
	case sigmago.OneOfIdentifier:
		return searchNames(searches[e.Ident.Name])
	case sigmago.AllOfIdentifier:
		return searchNames(searches[e.Ident.Name])
	case sigmago.And:
		var out map[string]bool
		found := false
		for _, x := range e {
			if n, ok := required(searches, x); ok {
				out, found = intersect(out, n, found), true
			}
		}
		return out, found
	case sigmago.Or:
		var out map[string]bool
		for _, x := range e {
			n, ok := required(searches, x)
			if !ok {
				return nil, false
			}
			out = union(out, n)
		}
		return out, true
	case sigmago.OneOfPattern:
		return oneOf(searches, e.Pattern)
	case sigmago.OneOfThem:
		return oneOf(searches, "*")
	}
	// Not, all-of patterns and anything else: no constraint derived.
	return nil, false
}

// oneOf needs every search the pattern names to constrain the name.
func oneOf(searches map[string]sigmago.Search, pattern string) (map[string]bool, bool) {
	var out map[string]bool
	matched := false
	for name, s := range searches {
		if ok, _ := path.Match(pattern, name); !ok {
			continue
		}
		matched = true
		n, ok := searchNames(s)
		if !ok {
			return nil, false
		}
		out = union(out, n)
	}
	return out, matched
}

// searchNames reads a search whose every event matcher compares eventName
// for equality (without wildcards).
func searchNames(s sigmago.Search) (map[string]bool, bool) {
	if len(s.EventMatchers) == 0 || len(s.Keywords) > 0 {
		return nil, false
	}
	out := map[string]bool{}
	for _, em := range s.EventMatchers {
		found := false
		for _, f := range em {
			if f.Field != "eventName" || len(f.Modifiers) > 0 {
				continue
			}
			for _, v := range f.Values {
				str, ok := v.(string)
				if !ok || hasWildcard(str) {
					return nil, false
				}
				out[strings.ToLower(str)] = true
			}
			found = true
		}
		if !found {
			return nil, false
		}
	}
	return out, true
}

func union(a, b map[string]bool) map[string]bool {
	if a == nil {
		a = map[string]bool{}
	}
	for k := range b {
		a[k] = true
	}
	return a
}

func intersect(a, b map[string]bool, have bool) map[string]bool {
	if !have {
		return b
	}
	out := map[string]bool{}
	for k := range a {
		if b[k] {
			out[k] = true
		}
	}
	return out
}
