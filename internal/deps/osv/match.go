package osv

import (
	"sort"
	"strings"

	"github.com/google/osv-scalibr/semantic"
)

// Ecosystem returns the ecosystem of an affected package without the
// release suffix some databases add ("Debian:12" -> "Debian").
func Ecosystem(s string) string {
	if i := strings.IndexByte(s, ':'); i >= 0 {
		return s[:i]
	}
	return s
}

// NormalizeName returns the form of a package name under which two names
// that the ecosystem treats as the same package compare equal:
//   - PyPI: PEP 503 (lower case, runs of "-", "_" and "." become "-");
//   - NuGet: case-insensitive, so lower case;
//   - npm: names are case-sensitive, scopes ("@scope/name") are part of the
//     name and are kept, surrounding space is dropped;
//   - Go: module paths are case-sensitive; a trailing slash is dropped;
//   - others (Maven group:artifact, RubyGems, ...): unchanged.
func NormalizeName(ecosystem, name string) string {
	name = strings.TrimSpace(name)
	switch Ecosystem(ecosystem) {
	case "PyPI":
		return pep503(name)
	case "NuGet":
		return strings.ToLower(name)
	case "Go":
		return strings.TrimSuffix(name, "/")
	}
	return name
}

func pep503(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	sep := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '-' || c == '_' || c == '.' {
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Version is an installed version parsed once for an ecosystem's ordering,
// so that it can be compared with every event of every candidate record.
type Version struct {
	raw       string
	ecosystem string
	v         semantic.Version
}

// ParseVersion parses s with the ordering of ecosystem (osv-scalibr's
// semantic package). ok is false when the ecosystem has no known ordering
// or s is not a version there; such a version can only match explicit
// versions lists.
func ParseVersion(ecosystem, s string) (v Version, ok bool) {
	v = Version{raw: s, ecosystem: Ecosystem(ecosystem)}
	pv, err := semantic.Parse(s, v.ecosystem)
	if err != nil || pv == nil {
		return v, false
	}
	v.v = pv
	return v, true
}

// cmp compares v with the version string s: -1, 0 or +1. ok is false when
// s cannot be compared.
func (v Version) cmp(s string) (int, bool) {
	if v.v == nil {
		return 0, false
	}
	c, err := v.v.CompareStr(s)
	if err != nil {
		return 0, false
	}
	return c, true
}

// Affects reports whether the installed version v of the package is
// affected according to a, following the OSV schema's evaluation: the
// version is listed in versions, or it lies in one of the SEMVER or
// ECOSYSTEM ranges. GIT ranges describe commits, not package versions, and
// are ignored here.
//
// A versions list is compared as text, and, when the entry has no ranges
// (the list is then the only statement), also in the ecosystem's order, so
// that PyPI's "1.0" names the installed "1.0.0".
func (a *Affected) Affects(v Version) bool {
	for _, s := range a.Versions {
		if s == v.raw {
			return true
		}
	}
	for i := range a.Ranges {
		r := &a.Ranges[i]
		if r.Type != RangeSemver && r.Type != RangeEcosystem {
			continue
		}
		if r.contains(v) {
			return true
		}
	}
	if len(a.Ranges) == 0 {
		for _, s := range a.Versions {
			if c, ok := v.cmp(s); ok && c == 0 {
				return true
			}
		}
	}
	return false
}

// contains evaluates one range: the events, sorted by version, switch the
// version in (introduced <= v) and out (fixed <= v, last_affected < v); if
// the range has limits, v must also be below one of them.
func (r *Range) contains(v Version) bool {
	if v.v == nil {
		return false
	}
	events := r.sorted(v)
	affected := false
	for _, e := range events {
		switch {
		case e.Introduced != "":
			if e.Introduced == "0" {
				affected = true
			} else if c, ok := v.cmp(e.Introduced); ok && c >= 0 {
				affected = true
			}
		case e.Fixed != "":
			if c, ok := v.cmp(e.Fixed); ok && c >= 0 {
				affected = false
			}
		case e.LastAffected != "":
			if c, ok := v.cmp(e.LastAffected); ok && c > 0 {
				affected = false
			}
		}
	}
	if !affected {
		return false
	}
	return r.belowLimit(v)
}

// belowLimit reports whether v is below at least one limit event ("*" is
// no limit), or the range has none.
func (r *Range) belowLimit(v Version) bool {
	hasLimit := false
	for _, e := range r.Events {
		if e.Limit == "" {
			continue
		}
		hasLimit = true
		if e.Limit == "*" {
			return true
		}
		if c, ok := v.cmp(e.Limit); ok && c < 0 {
			return true
		}
	}
	return !hasLimit
}

// sorted returns the range's events in version order, "0" first; at equal
// versions introduced comes before last_affected and fixed, so that an
// empty range [x, x) stays empty. Records are sorted once at import, so
// this mostly confirms the order.
func (r *Range) sorted(v Version) []Event {
	if sort.SliceIsSorted(r.Events, func(i, j int) bool { return eventLess(v.ecosystem, r.Events[i], r.Events[j]) }) {
		return r.Events
	}
	out := append([]Event(nil), r.Events...)
	sort.SliceStable(out, func(i, j int) bool { return eventLess(v.ecosystem, out[i], out[j]) })
	return out
}

// SortEvents puts every SEMVER and ECOSYSTEM range of the record in
// evaluation order, so that matching need not sort.
func (r *Record) SortEvents() {
	for i := range r.Affected {
		a := &r.Affected[i]
		eco := Ecosystem(a.Package.Ecosystem)
		for j := range a.Ranges {
			rg := &a.Ranges[j]
			if rg.Type != RangeSemver && rg.Type != RangeEcosystem {
				continue
			}
			sort.SliceStable(rg.Events, func(x, y int) bool { return eventLess(eco, rg.Events[x], rg.Events[y]) })
		}
	}
}

func (e Event) version() string {
	switch {
	case e.Introduced != "":
		return e.Introduced
	case e.Fixed != "":
		return e.Fixed
	case e.LastAffected != "":
		return e.LastAffected
	}
	return e.Limit
}

func (e Event) rank() int {
	switch {
	case e.Introduced != "":
		return 0
	case e.LastAffected != "":
		return 1
	case e.Fixed != "":
		return 2
	}
	return 3
}

func eventLess(ecosystem string, a, b Event) bool {
	av, bv := a.version(), b.version()
	if av != bv {
		switch {
		case a.Introduced == "0":
			return true
		case b.Introduced == "0":
			return false
		case av == "*":
			return false
		case bv == "*":
			return true
		}
		if pa, err := semantic.Parse(av, ecosystem); err == nil && pa != nil {
			if c, err := pa.CompareStr(bv); err == nil && c != 0 {
				return c < 0
			}
		}
	}
	return a.rank() < b.rank()
}

// FixedVersions returns the fixed events of the SEMVER and ECOSYSTEM ranges
// that are at or above v, lowest first: the versions to upgrade to.
func (a *Affected) FixedVersions(v Version) []string {
	var out []string
	for _, r := range a.Ranges {
		if r.Type != RangeSemver && r.Type != RangeEcosystem {
			continue
		}
		for _, e := range r.Events {
			if e.Fixed == "" {
				continue
			}
			if c, ok := v.cmp(e.Fixed); ok && c <= 0 {
				out = append(out, e.Fixed)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return lessVersion(v.ecosystem, out[i], out[j]) })
	return out
}

func lessVersion(ecosystem, a, b string) bool {
	pa, err := semantic.Parse(a, ecosystem)
	if err != nil || pa == nil {
		return a < b
	}
	c, err := pa.CompareStr(b)
	if err != nil {
		return a < b
	}
	return c < 0
}

// Compare compares v with the version string s in v's ecosystem: -1, 0 or
// +1; ok is false when they cannot be compared.
func (v Version) Compare(s string) (int, bool) { return v.cmp(s) }
