package osv

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// nodeAdvisory is a legacy advisory of the Node.js security working group
// (nodejs/security-wg vuln/npm/*.json), which predates OSV: the affected
// versions are an npm range string.
type nodeAdvisory struct {
	ID                 json.Number `json:"id"`
	Title              string      `json:"title"`
	ModuleName         string      `json:"module_name"`
	PublishDate        string      `json:"publish_date"`
	UpdatedAt          string      `json:"updated_at"`
	CVEs               []string    `json:"cves"`
	VulnerableVersions string      `json:"vulnerable_versions"`
	CVSSVector         string      `json:"cvss_vector"`
}

// isNodeAdvisory reports whether a JSON document is a legacy Node.js
// security working group advisory rather than an OSV record.
func isNodeAdvisory(data []byte) bool {
	var probe struct {
		ModuleName *string `json:"module_name"`
		Vulnerable *string `json:"vulnerable_versions"`
	}
	return json.Unmarshal(data, &probe) == nil && probe.ModuleName != nil && probe.Vulnerable != nil
}

// parseNodeAdvisory converts a legacy advisory into an OSV record with id
// NSWG-ECO-<id>: each "||" alternative of the npm range becomes one SEMVER
// range. npm range forms are translated exactly where semver order allows:
// ">x" becomes introduced at the smallest version above x, x-ranges and
// partial versions ("2.0.x", "<4") are completed, "~" and "^" expanded.
func parseNodeAdvisory(data []byte) (*Record, error) {
	var a nodeAdvisory
	if err := json.Unmarshal(data, &a); err != nil {
		return nil, err
	}
	if a.ID == "" || a.ModuleName == "" {
		return nil, fmt.Errorf("legacy npm advisory without id or module_name")
	}
	r := &Record{
		ID:        "NSWG-ECO-" + a.ID.String(),
		Modified:  a.UpdatedAt,
		Published: a.PublishDate,
		Aliases:   a.CVEs,
		Summary:   a.Title,
	}
	if a.CVSSVector != "" {
		r.Severity = []Severity{{Type: "CVSS_V3", Score: a.CVSSVector}}
	}
	aff := Affected{Package: Package{Ecosystem: "npm", Name: a.ModuleName}}
	for _, alt := range strings.Split(a.VulnerableVersions, "||") {
		rg, versions, err := npmRange(alt)
		if err != nil {
			return nil, fmt.Errorf("%s: vulnerable_versions %q: %w", r.ID, a.VulnerableVersions, err)
		}
		if rg != nil {
			aff.Ranges = append(aff.Ranges, *rg)
		}
		aff.Versions = append(aff.Versions, versions...)
	}
	r.Affected = []Affected{aff}
	return r, nil
}

// npmRange translates one alternative (comparators joined by spaces) into
// a SEMVER range, or into exact versions for "=x" and bare versions.
func npmRange(alt string) (*Range, []string, error) {
	comps, err := comparators(alt)
	if err != nil {
		return nil, nil, err
	}
	if len(comps) == 1 && (comps[0].op == "=" || comps[0].op == "") && !comps[0].partial {
		return nil, []string{comps[0].v}, nil
	}
	lower, upper := Event{Introduced: "0"}, Event{}
	for _, c := range comps {
		lo, up := c.bounds()
		if lo != nil {
			lower = *lo
		}
		if up != nil {
			upper = *up
		}
	}
	rg := &Range{Type: RangeSemver, Events: []Event{lower}}
	if upper != (Event{}) {
		rg.Events = append(rg.Events, upper)
	}
	return rg, nil, nil
}

type comparator struct {
	op      string // "", "=", ">", ">=", "<", "<=", "~", "^"
	v       string // completed to major.minor.patch[-pre]
	parts   int    // how many of major, minor, patch were given
	partial bool
	nums    [3]int
}

// comparators splits "  >= 1.2 <2.0.x" into its comparators, tolerating a
// space between an operator and its version.
func comparators(alt string) ([]comparator, error) {
	fields := strings.Fields(alt)
	var out []comparator
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		op := strings.TrimRight(f, "0123456789.xX*-+abcdefghijklmnopqrstuvwyzABCDEFGHIJKLMNOPQRSTUVWYZ")
		if op != "" && !strings.ContainsAny(op[len(op)-1:], "<>=~^") {
			return nil, fmt.Errorf("cannot read %q", f)
		}
		rest := f[len(op):]
		if rest == "" && i+1 < len(fields) && op != "" {
			i++
			rest = fields[i]
		}
		if rest == "*" || rest == "" && op == "" {
			out = append(out, comparator{op: ">=", v: "0.0.0", parts: 3})
			continue
		}
		c, err := parseComparator(op, rest)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty range")
	}
	return out, nil
}

func parseComparator(op, v string) (comparator, error) {
	switch op {
	case "", "=", ">", ">=", "<", "<=", "~", "^":
	default:
		return comparator{}, fmt.Errorf("unknown operator %q", op)
	}
	c := comparator{op: op}
	core, pre, _ := strings.Cut(strings.TrimPrefix(v, "v"), "-")
	for _, p := range strings.Split(core, ".") {
		if p == "x" || p == "X" || p == "*" {
			break
		}
		if c.parts == 3 {
			return comparator{}, fmt.Errorf("bad version %q", v)
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return comparator{}, fmt.Errorf("bad version %q", v)
		}
		c.nums[c.parts] = n
		c.parts++
	}
	c.partial = c.parts < 3
	c.v = fmt.Sprintf("%d.%d.%d", c.nums[0], c.nums[1], c.nums[2])
	if pre != "" && !c.partial {
		c.v += "-" + pre
	}
	return c, nil
}

// next returns the first version of the range above the given parts:
// 1.2.x -> 1.3.0-0, 1.x -> 2.0.0-0.
func (c comparator) next(parts int) string {
	n := c.nums
	switch parts {
	case 1:
		return fmt.Sprintf("%d.0.0-0", n[0]+1)
	case 2:
		return fmt.Sprintf("%d.%d.0-0", n[0], n[1]+1)
	}
	return fmt.Sprintf("%d.%d.%d-0", n[0], n[1], n[2]+1)
}

// bounds returns the lower (introduced) and upper (fixed or last_affected)
// events of one comparator; "-0" is the lowest pre-release, so "<x.y.0-0"
// excludes every x.y version and ">x" is ">=" the next patch's "-0".
func (c comparator) bounds() (lo, up *Event) {
	switch c.op {
	case ">=":
		return &Event{Introduced: c.v}, nil
	case ">":
		if c.partial {
			return &Event{Introduced: c.next(c.parts)}, nil
		}
		return &Event{Introduced: c.next(3)}, nil
	case "<":
		if c.partial {
			// "<4" is "<4.0.0-0": no 4.0.0 pre-release either.
			return nil, &Event{Fixed: c.v + "-0"}
		}
		return nil, &Event{Fixed: c.v}
	case "<=":
		if c.partial {
			return nil, &Event{Fixed: c.next(c.parts)}
		}
		return nil, &Event{LastAffected: c.v}
	case "~":
		if c.parts == 1 {
			return &Event{Introduced: c.v}, &Event{Fixed: c.next(1)}
		}
		return &Event{Introduced: c.v}, &Event{Fixed: c.next(2)}
	case "^":
		switch {
		case c.nums[0] > 0 || c.parts == 1:
			return &Event{Introduced: c.v}, &Event{Fixed: c.next(1)}
		case c.nums[1] > 0 || c.parts == 2:
			return &Event{Introduced: c.v}, &Event{Fixed: c.next(2)}
		}
		return &Event{Introduced: c.v}, &Event{Fixed: c.next(3)}
	}
	// "=x" or a bare version: an exact version, or for a partial one the
	// whole x-range.
	if c.partial {
		return &Event{Introduced: c.v}, &Event{Fixed: c.next(c.parts)}
	}
	return &Event{Introduced: c.v}, &Event{LastAffected: c.v}
}
