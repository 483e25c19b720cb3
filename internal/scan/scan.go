// Package scan orchestrates a scan: it loads the applications under the
// given paths, runs every selected rule on each, applies suppressions and
// filters, and returns findings in a stable order. It is the only package
// that knows every stage.
package scan

import (
	"fmt"
	"sort"
	"time"

	"github.com/slsguard/slsguard/internal/config"
	"github.com/slsguard/slsguard/internal/deps"
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/load"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
	"github.com/slsguard/slsguard/internal/rules"
	"github.com/slsguard/slsguard/internal/secrets"
)

// Options configure a scan.
type Options struct {
	Paths  []string
	Params map[string]string
	Region string
	// Regions is the intended set of regions (REG001).
	Regions []string
	// Rules and SkipRules select rules by ID; empty Rules means all.
	Rules     []string
	SkipRules []string
	Skip      []string
	// NoIgnore reports suppressed findings as if not suppressed.
	NoIgnore bool
	Now      time.Time
	// Severity overrides rules' default severities by rule ID.
	Severity map[string]finding.Severity
	// Vulns is the vulnerability database for DEP001; nil skips matching.
	Vulns *deps.DB
	// Ignore is the ignore file, Baseline the known findings; either may be
	// nil.
	Ignore       *config.Ignore
	Baseline     *config.Baseline
	BaselinePath string
	// Progress, when set, is told what the scan is doing: the stage
	// ("loading", "checking") and how far it is (done of total).
	Progress func(stage string, done, total int)
}

// Result is everything a scan produced.
type Result struct {
	Root     string
	Apps     []*model.App
	Findings []finding.Finding
	Problems []finding.Problem
	Rules    []*rule.Rule
	Files    int
}

// Run performs a scan.
func Run(opts Options) (*Result, error) {
	selected, err := selectRules(opts.Rules, opts.SkipRules)
	if err != nil {
		return nil, err
	}
	lopts := load.Options{Params: opts.Params, Region: opts.Region, Skip: opts.Skip}
	if opts.Progress != nil {
		lopts.Progress = func(done, total int) { opts.Progress("loading", done, total) }
	}
	lr, err := load.Load(opts.Paths, lopts)
	if err != nil {
		return nil, err
	}
	res := &Result{Root: lr.Root, Apps: lr.Apps, Problems: lr.Problems, Rules: selected, Files: lr.Files}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	ropts := rule.Options{Now: now, Regions: opts.Regions, Root: lr.Root, Vulns: opts.Vulns}
	if needsFiles(selected) {
		sc, err := secrets.NewScanner()
		if err != nil {
			return nil, fmt.Errorf("secret rules: %w", err)
		}
		ropts.Secrets = sc
	}
	sup := newSuppressor(lr.Root)
	for i, app := range lr.Apps {
		if opts.Progress != nil {
			opts.Progress("checking", i, len(lr.Apps))
		}
		ropts.Shared = rule.NewShared()
		for _, r := range selected {
			pass := rule.NewPass(r, app, ropts)
			r.Check(pass)
			for _, f := range pass.Findings() {
				if sev, ok := opts.Severity[f.RuleID]; ok {
					f.Severity = sev
				}
				if !opts.NoIgnore {
					sup.apply(&f, app)
				}
				res.Findings = append(res.Findings, f)
			}
		}
	}
	res.Problems = append(res.Problems, sup.problems...)
	if !opts.NoIgnore && opts.Ignore != nil {
		res.Problems = append(res.Problems, opts.Ignore.Apply(res.Findings, now)...)
	}
	if opts.Baseline != nil {
		opts.Baseline.Apply(res.Findings, opts.BaselinePath)
	}
	finding.Sort(res.Findings)
	sort.SliceStable(res.Problems, func(i, j int) bool {
		a, b := res.Problems[i].Loc, res.Problems[j].Loc
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return res, nil
}

// needsFiles reports whether a rule that reads function files is
// selected, so the secret scanner is built only then.
func needsFiles(rs []*rule.Rule) bool {
	for _, r := range rs {
		if r.ID == "SEC004" {
			return true
		}
	}
	return false
}

func selectRules(only, skip []string) ([]*rule.Rule, error) {
	for _, id := range append(append([]string{}, only...), skip...) {
		if _, ok := rules.Lookup(id); !ok {
			return nil, fmt.Errorf("unknown rule %q (slsguard rules lists them)", id)
		}
	}
	in := func(list []string, id string) bool {
		for _, x := range list {
			if x == id {
				return true
			}
		}
		return false
	}
	var out []*rule.Rule
	for _, r := range rules.All() {
		if len(only) > 0 && !in(only, r.ID) {
			continue
		}
		if in(skip, r.ID) {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}
