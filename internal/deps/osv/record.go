// Package osv reads vulnerability records in the OSV format (JSON, and YAML
// as the PyPA advisory database publishes them) and decides, exactly as the
// OSV schema defines it, whether a package version is affected by one.
package osv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// Record is the part of an OSV record slsguard uses. Fields it does not use
// (details, references, credits) are dropped at import so that the local
// index stays small.
type Record struct {
	ID        string     `json:"id" yaml:"id"`
	Modified  string     `json:"modified,omitempty" yaml:"modified"`
	Published string     `json:"published,omitempty" yaml:"published"`
	Withdrawn string     `json:"withdrawn,omitempty" yaml:"withdrawn"`
	Aliases   []string   `json:"aliases,omitempty" yaml:"aliases"`
	Summary   string     `json:"summary,omitempty" yaml:"summary"`
	Severity  []Severity `json:"severity,omitempty" yaml:"severity"`
	Affected  []Affected `json:"affected,omitempty" yaml:"affected"`
	// DatabaseSpecific keeps only the severity label some databases (GitHub)
	// put there; the rest of that free-form object is dropped.
	DatabaseSpecific *DatabaseSpecific `json:"database_specific,omitempty" yaml:"database_specific"`
}

// Severity is one entry of a record's or an affected package's severity
// list, e.g. {CVSS_V3, "CVSS:3.1/AV:N/..."}.
type Severity struct {
	Type  string `json:"type" yaml:"type"`
	Score string `json:"score" yaml:"score"`
}

// DatabaseSpecific is the severity label of databases that publish one.
type DatabaseSpecific struct {
	Severity string `json:"severity,omitempty" yaml:"severity"`
}

// Affected is one affected package with its version ranges.
type Affected struct {
	Package  Package    `json:"package" yaml:"package"`
	Severity []Severity `json:"severity,omitempty" yaml:"severity"`
	Ranges   []Range    `json:"ranges,omitempty" yaml:"ranges"`
	Versions []string   `json:"versions,omitempty" yaml:"versions"`
}

// Package names a package in an ecosystem ("PyPI", "npm", "Go", ...).
type Package struct {
	Ecosystem string `json:"ecosystem" yaml:"ecosystem"`
	Name      string `json:"name" yaml:"name"`
	PURL      string `json:"purl,omitempty" yaml:"purl"`
}

// Range types.
const (
	RangeSemver    = "SEMVER"
	RangeEcosystem = "ECOSYSTEM"
	RangeGit       = "GIT"
)

// Range is a list of events over one version ordering.
type Range struct {
	Type   string  `json:"type" yaml:"type"`
	Repo   string  `json:"repo,omitempty" yaml:"repo"`
	Events []Event `json:"events" yaml:"events"`
}

// Event is one of introduced, fixed, last_affected or limit; exactly one is
// set.
type Event struct {
	Introduced   string `json:"introduced,omitempty" yaml:"introduced"`
	Fixed        string `json:"fixed,omitempty" yaml:"fixed"`
	LastAffected string `json:"last_affected,omitempty" yaml:"last_affected"`
	Limit        string `json:"limit,omitempty" yaml:"limit"`
}

// maxRecordSize bounds one record file; the largest real records (Linux
// kernel CVEs with thousands of commits) are a few MB.
const maxRecordSize = 32 << 20

// Parse reads one OSV record from JSON or YAML, or converts a legacy
// Node.js security working group advisory (see parseNodeAdvisory). The format is chosen from
// the name's extension (.yaml/.yml), otherwise from the content. Unknown
// fields are allowed, as the schema asks; a record without an id, with an
// event that is not exactly one of its four kinds, or with a range without
// events is an error.
func Parse(name string, data []byte) (*Record, error) {
	if len(data) > maxRecordSize {
		return nil, fmt.Errorf("parse %s: record of %d bytes exceeds %d", name, len(data), maxRecordSize)
	}
	var r Record
	lower := strings.ToLower(name)
	isYAML := strings.HasSuffix(lower, ".yaml") || strings.HasSuffix(lower, ".yml")
	if !isYAML && !bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
		isYAML = true
	}
	if !isYAML && bytes.Contains(data, []byte(`"module_name"`)) && isNodeAdvisory(data) {
		nr, err := parseNodeAdvisory(data)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		if err := nr.validate(); err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		return nr, nil
	}
	var err error
	if isYAML {
		err = yaml.Unmarshal(data, &r)
	} else {
		err = json.Unmarshal(data, &r)
	}
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	if err := r.validate(); err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	return &r, nil
}

// validate checks what matching relies on.
func (r *Record) validate() error {
	if r.ID == "" {
		return errors.New("record has no id")
	}
	for i, a := range r.Affected {
		for j, rg := range a.Ranges {
			if rg.Type == "" {
				return fmt.Errorf("%s: affected[%d].ranges[%d] has no type", r.ID, i, j)
			}
			if len(rg.Events) == 0 {
				return fmt.Errorf("%s: affected[%d].ranges[%d] has no events", r.ID, i, j)
			}
			for k, e := range rg.Events {
				if e.count() != 1 {
					return fmt.Errorf("%s: affected[%d].ranges[%d].events[%d] must have exactly one of introduced, fixed, last_affected, limit", r.ID, i, j, k)
				}
			}
		}
	}
	return nil
}

func (e Event) count() int {
	n := 0
	for _, s := range []string{e.Introduced, e.Fixed, e.LastAffected, e.Limit} {
		if s != "" {
			n++
		}
	}
	return n
}

// IDs returns the record's id followed by its aliases, without duplicates.
func (r *Record) IDs() []string {
	ids := []string{r.ID}
	for _, a := range r.Aliases {
		if a != r.ID && !contains(ids, a) {
			ids = append(ids, a)
		}
	}
	return ids
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
