package config

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/slsguard/slsguard/internal/finding"
)

// Baseline is the set of findings known when it was written; a scan with
// a baseline reports only what is new.
type Baseline struct {
	Version  int             `json:"version"`
	Findings []BaselineEntry `json:"findings"`
}

// BaselineEntry records one known finding; only the fingerprint matters,
// the rest is for people reading the file.
type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Resource    string `json:"resource,omitempty"`
}

// NewBaseline records the active findings of a scan.
func NewBaseline(fs []finding.Finding) *Baseline {
	b := &Baseline{Version: 1, Findings: []BaselineEntry{}}
	seen := map[string]bool{}
	for _, f := range fs {
		if f.Suppressed != nil || seen[f.Fingerprint] {
			continue
		}
		seen[f.Fingerprint] = true
		b.Findings = append(b.Findings, BaselineEntry{Fingerprint: f.Fingerprint, Rule: f.RuleID, File: f.Loc.File, Resource: f.Resource})
	}
	sort.Slice(b.Findings, func(i, j int) bool { return b.Findings[i].Fingerprint < b.Findings[j].Fingerprint })
	return b
}

// Write saves the baseline.
func (b *Baseline) Write(path string) error {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// LoadBaseline reads a baseline file.
func LoadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	if b.Version != 1 {
		return nil, fmt.Errorf("baseline %s: unsupported version %d", path, b.Version)
	}
	return &b, nil
}

// Apply marks findings already in the baseline as suppressed.
func (b *Baseline) Apply(fs []finding.Finding, path string) {
	known := make(map[string]bool, len(b.Findings))
	for _, e := range b.Findings {
		known[e.Fingerprint] = true
	}
	for i := range fs {
		if fs[i].Suppressed == nil && known[fs[i].Fingerprint] {
			fs[i].Suppressed = &finding.Suppression{Kind: "baseline", Reason: "in baseline " + path}
		}
	}
}
