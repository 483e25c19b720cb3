package config

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
)

// Ignore is an ignore file: findings a team accepted, each with a reason
// and optionally an expiry date after which it is reported again.
type Ignore struct {
	Path    string        `yaml:"-"`
	Entries []IgnoreEntry `yaml:"ignore"`
}

// IgnoreEntry matches findings by rule and any of path (a glob),
// resource, or fingerprint.
type IgnoreEntry struct {
	Rule        string `yaml:"rule"`
	Path        string `yaml:"path"`
	Resource    string `yaml:"resource"`
	Fingerprint string `yaml:"fingerprint"`
	Reason      string `yaml:"reason"`
	// Expires is a date (YYYY-MM-DD); from that day on the entry no
	// longer suppresses.
	Expires string `yaml:"expires"`
	Line    int    `yaml:"-"`
}

// LoadIgnore reads an ignore file.
func LoadIgnore(path string) (*Ignore, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("ignore file %s: %w", path, err)
	}
	var ig Ignore
	if err := strictDecode(data, &ig); err != nil {
		return nil, fmt.Errorf("ignore file %s: %w", path, err)
	}
	ig.Path = path
	for i, e := range ig.Entries {
		if e.Rule == "" {
			return nil, fmt.Errorf("ignore file %s: entry %d has no rule", path, i+1)
		}
		if e.Expires != "" {
			if _, err := time.Parse("2006-01-02", e.Expires); err != nil {
				return nil, fmt.Errorf("ignore file %s: entry %d: expires %q is not a date (YYYY-MM-DD)", path, i+1, e.Expires)
			}
		}
	}
	return &ig, nil
}

// Apply marks the findings an entry matches as suppressed, and returns
// problems for entries without a reason and for expired entries that
// still match something.
func (ig *Ignore) Apply(fs []finding.Finding, now time.Time) []finding.Problem {
	var problems []finding.Problem
	loc := model.Location{File: ig.Path}
	for i, e := range ig.Entries {
		expired := false
		if e.Expires != "" {
			d, _ := time.Parse("2006-01-02", e.Expires)
			expired = !now.Before(d)
		}
		matched := false
		for j := range fs {
			f := &fs[j]
			if f.Suppressed != nil || !e.matches(f) {
				continue
			}
			matched = true
			if !expired {
				f.Suppressed = &finding.Suppression{Kind: "file", Reason: e.Reason, Loc: loc}
			}
		}
		switch {
		case expired && matched:
			problems = append(problems, finding.Problem{Loc: loc,
				Message: fmt.Sprintf("ignore entry %d (%s) expired on %s: its findings are reported again", i+1, e.Rule, e.Expires)})
		case e.Reason == "":
			problems = append(problems, finding.Problem{Loc: loc,
				Message: fmt.Sprintf("ignore entry %d (%s) gives no reason: say why the finding is accepted", i+1, e.Rule)})
		}
	}
	return problems
}

func (e IgnoreEntry) matches(f *finding.Finding) bool {
	if e.Rule != f.RuleID && e.Rule != "*" {
		return false
	}
	if e.Fingerprint != "" && e.Fingerprint != f.Fingerprint {
		return false
	}
	if e.Resource != "" && e.Resource != f.Resource && e.Resource != f.Function {
		return false
	}
	if e.Path != "" {
		ok, _ := filepath.Match(e.Path, filepath.ToSlash(f.Loc.File))
		if !ok && e.Path != f.Loc.File {
			return false
		}
	}
	return true
}
