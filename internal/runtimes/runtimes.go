// Package runtimes is the dated table of serverless function runtimes (AWS
// Lambda, Google Cloud Functions, Azure Functions): which identifiers exist,
// when each is deprecated, and when the platform stops creating or updating
// functions that use it.
//
// The table is embedded data (runtimes.yaml, with the source URL of every
// platform's table) decoded once on first use. Classify takes the current time
// as an argument so that callers and tests decide what "now" is.
package runtimes

import (
	"sort"
	"strings"
	"time"
)

// Provider names a cloud platform.
type Provider string

// Providers known to the table.
const (
	AWS   Provider = "aws"
	GCP   Provider = "gcp"
	Azure Provider = "azure"
)

// Runtime is one runtime identifier of one platform. A zero date means the
// platform has not published one (or plans none); Note says which.
type Runtime struct {
	Provider Provider
	ID       string // "nodejs12.x"
	Language string // "nodejs"
	Version  string // the language version, "12"
	// Deprecated is the end of standard support; BlockCreate and BlockUpdate
	// are the days from which the platform refuses to create, or to update,
	// functions that use the runtime.
	Deprecated, BlockCreate, BlockUpdate time.Time
	Note                                 string
	// Generic marks an identifier that is also a bare language name
	// (AWS "nodejs", Node.js 0.10), which templates use as a placeholder far
	// more often than they mean the runtime; Classify reports it Unknown.
	Generic bool
}

// Status is where a runtime stands at a given time.
type Status int

// Statuses, from "nothing to report" to "the platform refuses deployments".
// Unknown is the zero value: an identifier the table does not know, a
// placeholder, or a misspelling.
const (
	Unknown Status = iota
	Supported
	DeprecationSoon // deprecated within the window given to Classify
	Deprecated
	Blocked // function create or update is blocked
)

func (s Status) String() string {
	switch s {
	case Supported:
		return "supported"
	case DeprecationSoon:
		return "deprecation soon"
	case Deprecated:
		return "deprecated"
	case Blocked:
		return "blocked"
	default:
		return "unknown"
	}
}

// Lookup returns the runtime with this identifier. Surrounding spaces are
// ignored; otherwise the match is case-sensitive for AWS and GCP, whose APIs
// are, and case-insensitive for Azure, whose stack strings are.
func Lookup(p Provider, id string) (Runtime, bool) {
	r, ok := get().byKey[key(p, id)]
	return r, ok
}

// Classify reports the status of a runtime at time now. soon is how far ahead
// a deprecation counts as DeprecationSoon; zero or negative disables it.
// Identifiers the table does not know, and generic ones, are Unknown: a
// placeholder or a typo is never reported as deprecated.
func Classify(p Provider, id string, now time.Time, soon time.Duration) (Runtime, Status) {
	r, ok := Lookup(p, id)
	if !ok {
		return Runtime{}, Unknown
	}
	if r.Generic {
		return r, Unknown
	}
	return r, r.statusAt(now, soon)
}

func (r Runtime) statusAt(now time.Time, soon time.Duration) Status {
	if reached(now, r.BlockCreate) || reached(now, r.BlockUpdate) {
		return Blocked
	}
	if reached(now, r.Deprecated) {
		return Deprecated
	}
	if soon > 0 && !r.Deprecated.IsZero() && reached(now.Add(soon), r.Deprecated) {
		return DeprecationSoon
	}
	return Supported
}

// reached reports whether day d has begun at now. Dates are read as starting
// at 00:00 UTC; the platforms publish calendar days, so a scan is at most a
// few hours early or late on the day itself.
func reached(now, d time.Time) bool {
	return !d.IsZero() && !now.Before(d)
}

// All returns the provider's runtimes sorted by ID.
func All(p Provider) []Runtime {
	return append([]Runtime(nil), get().byProvider[p]...)
}

// Suggest returns the known runtime ID closest to an unknown one, for a
// "did you mean" hint: the nearest by edit distance, at most 2, ties broken by
// ID order. It returns false for known, generic and empty identifiers and
// when nothing is close enough.
func Suggest(p Provider, id string) (string, bool) {
	id = strings.TrimSpace(id)
	if id == "" {
		return "", false
	}
	if _, ok := Lookup(p, id); ok {
		return "", false
	}
	if p == Azure {
		id = strings.ToLower(id)
	}
	best, bestDist := "", maxSuggestDistance+1
	for _, r := range get().byProvider[p] {
		if r.Generic {
			continue
		}
		d := editDistance(id, r.ID, bestDist)
		if d < bestDist {
			best, bestDist = r.ID, d
		}
	}
	return best, best != ""
}

const maxSuggestDistance = 2

// editDistance is the Levenshtein distance between a and b, or any value >=
// limit once the distance is known to reach limit; identifiers are short, so
// the early exit is what keeps Suggest cheap on long hostile input.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func key(p Provider, id string) string {
	id = strings.TrimSpace(id)
	if p == Azure {
		id = strings.ToLower(id)
	}
	return string(p) + "\x00" + id
}

func sortByID(rs []Runtime) {
	sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
}
