package deps

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/slsguard/slsguard/internal/deps/osv"
	"github.com/slsguard/slsguard/internal/deps/vulndb"
	"github.com/slsguard/slsguard/internal/finding"
)

// ErrNoDB is returned by OpenDB when there is no local database.
var ErrNoDB = vulndb.ErrNoDB

// DB is the local vulnerability database, opened once per scan.
type DB struct {
	// db is nil for a scan that has no local database but asks the
	// package registry (see WithRegistry).
	db       *vulndb.DB
	registry *Registry
}

// OpenDB opens the database in dir (vulndb.DefaultDir when empty). The
// error wraps ErrNoDB when there is none.
func OpenDB(dir string) (*DB, error) {
	if dir == "" {
		d, err := vulndb.DefaultDir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	db, err := vulndb.Open(dir)
	if err != nil {
		return nil, err
	}
	return &DB{db: db}, nil
}

// Ecosystems returns the ecosystems the database holds.
func (db *DB) Ecosystems() []string {
	if db.db == nil {
		return nil
	}
	return db.db.Ecosystems()
}

// WithRegistry returns the database with reg attached, for the checks that
// ask the package registry (scan --online); db may be nil when there is no
// local database, and the result then matches no vulnerabilities.
func WithRegistry(db *DB, reg *Registry) *DB {
	out := &DB{registry: reg}
	if db != nil {
		out.db = db.db
	}
	return out
}

// Registry returns the package registry client attached with
// WithRegistry, or nil when the scan is offline.
func (db *DB) Registry() *Registry {
	if db == nil {
		return nil
	}
	return db.registry
}

// Vuln is one vulnerability of one installed package. Records that are
// aliases of each other (a PYSEC and the GHSA it lists) are one Vuln.
type Vuln struct {
	// ID is the vulnerability's primary id; IDs lists it with every alias
	// of the merged records, sorted.
	ID      string   `json:"id"`
	IDs     []string `json:"ids"`
	Summary string   `json:"summary,omitempty"`
	Package Package  `json:"package"`
	// Fixed is the lowest fixed version at or above the installed one:
	// the upgrade to make. Empty when no fix is known.
	Fixed string `json:"fixed,omitempty"`
	// Score is the highest severity score of the merged records; HasScore
	// is false when no record gives one.
	Score    osv.Score `json:"severity"`
	HasScore bool      `json:"-"`
}

// Severity maps the score to slsguard's severities with the CVSS v3 bands;
// a vulnerability without any score is Medium.
func (v Vuln) Severity() finding.Severity {
	switch s := v.Score.Value; {
	case !v.HasScore:
		return finding.Medium
	case s >= 9:
		return finding.Critical
	case s >= 7:
		return finding.High
	case s >= 4:
		return finding.Medium
	case s > 0:
		return finding.Low
	}
	return finding.Info
}

// Match returns the vulnerabilities of the pinned packages (unpinned ones
// have no version to match), sorted by location, package and id. An error
// means the database could not be read.
func (db *DB) Match(pkgs []Package) ([]Vuln, error) {
	if db.db == nil {
		return nil, nil
	}
	var out []Vuln
	var errs []error
	cache := map[[2]string][]*osv.Record{}
	for _, p := range pkgs {
		if p.Unpinned() || p.Ecosystem == "" {
			continue
		}
		key := [2]string{p.Ecosystem, osv.NormalizeName(p.Ecosystem, p.Name)}
		recs, ok := cache[key]
		if !ok {
			var err error
			recs, err = db.db.Lookup(p.Ecosystem, p.Name)
			if err != nil {
				errs = append(errs, err)
			}
			cache[key] = recs
		}
		if len(recs) > 0 {
			out = append(out, matchPackage(p, recs)...)
		}
	}
	sortVulns(out)
	return out, errors.Join(errs...)
}

// hit is one record that affects a package, with the affected entry that
// matched.
type hit struct {
	rec *osv.Record
	aff *osv.Affected
}

func matchPackage(p Package, recs []*osv.Record) []Vuln {
	v, _ := osv.ParseVersion(p.Ecosystem, p.Version)
	name := osv.NormalizeName(p.Ecosystem, p.Name)
	var hits []hit
	for _, r := range recs {
		if r.Withdrawn != "" {
			continue
		}
		for i := range r.Affected {
			a := &r.Affected[i]
			if osv.Ecosystem(a.Package.Ecosystem) != p.Ecosystem || osv.NormalizeName(p.Ecosystem, a.Package.Name) != name {
				continue
			}
			if a.Affects(v) {
				hits = append(hits, hit{r, a})
				break
			}
		}
	}
	var out []Vuln
	for _, group := range groupAliases(hits) {
		out = append(out, merge(p, v, group))
	}
	return out
}

// groupAliases puts records that share an id or alias in one group
// (union-find over ids), keeping the groups in record order.
func groupAliases(hits []hit) [][]hit {
	parent := make([]int, len(hits))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	owner := map[string]int{}
	for i, h := range hits {
		for _, id := range h.rec.IDs() {
			if j, ok := owner[id]; ok {
				parent[find(i)] = find(j)
				continue
			}
			owner[id] = i
		}
	}
	var groups [][]hit
	index := map[int]int{}
	for i, h := range hits {
		r := find(i)
		g, ok := index[r]
		if !ok {
			g = len(groups)
			index[r] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], h)
	}
	return groups
}

func merge(p Package, v osv.Version, group []hit) Vuln {
	out := Vuln{Package: p}
	var primaries, ids, fixed []string
	for _, h := range group {
		primaries = append(primaries, h.rec.ID)
		for _, id := range h.rec.IDs() {
			if !containsString(ids, id) {
				ids = append(ids, id)
			}
		}
		if out.Summary == "" {
			out.Summary = h.rec.Summary
		}
		if s, ok := h.rec.SeverityScore(h.aff); ok && (!out.HasScore || s.Value > out.Score.Value) {
			out.Score, out.HasScore = s, true
		}
		fixed = append(fixed, h.aff.FixedVersions(v)...)
	}
	sort.Slice(primaries, func(i, j int) bool {
		return idRank(primaries[i]) < idRank(primaries[j]) || idRank(primaries[i]) == idRank(primaries[j]) && primaries[i] < primaries[j]
	})
	sort.Strings(ids)
	out.ID, out.IDs = primaries[0], ids
	out.Fixed = lowest(p.Ecosystem, fixed)
	return out
}

// idRank prefers the ecosystem's own database id as the primary one, then
// GitHub's, then CVE.
func idRank(id string) int {
	switch {
	case strings.HasPrefix(id, "GHSA-"):
		return 1
	case strings.HasPrefix(id, "CVE-"):
		return 2
	}
	return 0
}

func lowest(ecosystem string, versions []string) string {
	best := ""
	for _, s := range versions {
		if best == "" {
			best = s
			continue
		}
		if bv, ok := osv.ParseVersion(ecosystem, s); ok {
			if c, ok := bv.Compare(best); ok && c < 0 {
				best = s
			}
		}
	}
	return best
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortVulns(vs []Vuln) {
	sort.SliceStable(vs, func(i, j int) bool {
		a, b := vs[i], vs[j]
		if a.Package.Loc.File != b.Package.Loc.File {
			return a.Package.Loc.File < b.Package.Loc.File
		}
		if a.Package.Loc.Line != b.Package.Loc.Line {
			return a.Package.Loc.Line < b.Package.Loc.Line
		}
		if a.Package.Name != b.Package.Name {
			return a.Package.Name < b.Package.Name
		}
		if a.Package.Version != b.Package.Version {
			return a.Package.Version < b.Package.Version
		}
		return a.ID < b.ID
	})
}

// Message says what is wrong and how to fix it, for a finding.
func (v Vuln) Message() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s is affected by %s", v.Package.Ecosystem, v.Package.Name, v.Package.Version, v.ID)
	if len(v.IDs) > 1 {
		var aliases []string
		for _, id := range v.IDs {
			if id != v.ID {
				aliases = append(aliases, id)
			}
		}
		b.WriteString(" (" + strings.Join(aliases, ", ") + ")")
	}
	if v.Summary != "" {
		b.WriteString(": " + v.Summary)
	}
	if v.Fixed != "" {
		b.WriteString("; upgrade to " + v.Fixed + " or later")
	} else {
		b.WriteString("; no fixed version is known")
	}
	return b.String()
}

// Key identifies the finding independently of its line, for fingerprints:
// ecosystem, package, version and vulnerability id.
func (v Vuln) Key() string {
	return v.Package.Ecosystem + "/" + v.Package.Name + "@" + v.Package.Version + "/" + v.ID
}

// String is a one-line description for messages.
func (v Vuln) String() string {
	s := fmt.Sprintf("%s %s@%s", v.ID, v.Package.Name, v.Package.Version)
	if v.Fixed != "" {
		s += " (fixed in " + v.Fixed + ")"
	}
	return s
}
