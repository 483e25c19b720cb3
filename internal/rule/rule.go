// Package rule defines what a rule is: plain data that describes a problem
// and one function that looks for it in an application model.
package rule

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/slsguard/slsguard/internal/deps"
	"github.com/slsguard/slsguard/internal/secrets"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
)

// Rule is one check.
type Rule struct {
	// ID is permanent: three or four capital letters and three digits.
	ID    string
	Title string
	// Severity is the default severity of the rule's findings.
	Severity finding.Severity
	// Category groups rules in listings: iam, api, function, data, secrets...
	Category    string
	Rationale   string
	Remediation string
	References  []string
	// Formats lists the input formats the rule has fixtures for.
	Formats []string
	Check   func(*Pass)
}

// Pass carries one application to a rule and collects what it reports.
type Pass struct {
	App     *model.App
	Rule    *Rule
	Options Options
	found   []finding.Finding
}

// Options are scan settings that rules consult.
type Options struct {
	// Now is the time date-dependent rules judge by (runtime deprecation);
	// the command line sets it, tests fix it.
	Now time.Time
	// Regions is the set of regions the team intends to deploy to; empty
	// means any.
	Regions []string
	// Root is the scanned directory on disk, which the application's
	// paths (App.File, App.Dir) are relative to.
	Root string
	// Secrets finds credentials in files; nil disables file scanning.
	Secrets *secrets.Scanner
	// Vulns is the local vulnerability database; nil when there is none.
	Vulns *deps.DB
	// Shared holds what several rules compute about the same application
	// (a role's effective permissions); one per application, nil to
	// compute every time.
	Shared *Shared
}

// Shared memoises per-application computations across rules. Rules of one
// application run one after another, so it needs no lock.
type Shared struct{ m map[any]any }

// NewShared returns an empty memo.
func NewShared() *Shared { return &Shared{m: map[any]any{}} }

// Memo returns the value computed for key, computing it once per
// application.
func (p *Pass) Memo(key any, compute func() any) any {
	s := p.Options.Shared
	if s == nil {
		return compute()
	}
	if v, ok := s.m[key]; ok {
		return v
	}
	v := compute()
	s.m[key] = v
	return v
}

// NewPass prepares a pass of rule r over app.
func NewPass(r *Rule, app *model.App, opts Options) *Pass {
	return &Pass{App: app, Rule: r, Options: opts}
}

// Report is what a rule says about one thing.
type Report struct {
	Loc      model.Location
	Resource string
	Function string
	Key      string
	Message  string
	// Severity overrides the rule's default when non-nil.
	Severity *finding.Severity
	Related  []finding.Related
}

// Reportf reports a finding at loc about a resource.
func (p *Pass) Reportf(loc model.Location, resource, format string, args ...any) {
	p.Add(Report{Loc: loc, Resource: resource, Message: fmt.Sprintf(format, args...)})
}

// Add records a report as a finding.
func (p *Pass) Add(r Report) {
	sev := p.Rule.Severity
	if r.Severity != nil {
		sev = *r.Severity
	}
	loc := r.Loc
	if loc.File == "" {
		loc.File = p.App.File
	}
	f := finding.Finding{
		RuleID:   p.Rule.ID,
		Title:    p.Rule.Title,
		Severity: sev,
		Message:  r.Message,
		Loc:      loc,
		App:      p.App.File,
		Resource: r.Resource,
		Function: r.Function,
		Key:      r.Key,
		Related:  r.Related,
	}
	f.SetFingerprint()
	p.found = append(p.found, f)
}

// Findings returns what the pass reported.
func (p *Pass) Findings() []finding.Finding { return p.found }

// Sev returns a pointer to s, for Report.Severity.
func Sev(s finding.Severity) *finding.Severity { return &s }

// CodePath is like CodeDir but keeps a deployment package (a .zip) as it
// is, for analyses that read archives.
func (p *Pass) CodePath(f *model.Function) (path, rel string, ok bool) {
	dir, rel, ok := p.CodeDir(f)
	if !ok || !strings.HasSuffix(f.Code.V, ".zip") {
		return dir, rel, ok
	}
	zip := filepath.Join(p.Options.Root, p.App.Dir, f.Code.V)
	if st, err := os.Stat(zip); err == nil && st.Mode().IsRegular() {
		return zip, rel, true
	}
	return dir, rel, ok
}

// CodeDir returns the directory on disk that holds a function's code, and
// its path relative to the scan root for locations. Functions whose code is
// not in the repository (S3 objects, images, inline code) have none.
func (p *Pass) CodeDir(f *model.Function) (dir, rel string, ok bool) {
	code := f.Code.V
	switch {
	case f.Code.Origin == model.Unset:
		// The Serverless Framework, Chalice and Zappa package the project
		// directory.
		switch p.App.Format {
		case "serverless", "chalice", "zappa":
		default:
			return "", "", false
		}
		code = "."
	case !f.Code.Known(), code == "inline", strings.Contains(code, "://"),
		strings.Contains(code, "${"), strings.HasPrefix(code, "arn:"):
		return "", "", false
	}
	rel = filepath.ToSlash(filepath.Clean(filepath.Join(p.App.Dir, code)))
	if strings.HasPrefix(rel, "../") || rel == ".." {
		// Never outside the scanned tree.
		return "", "", false
	}
	dir = filepath.Join(p.Options.Root, rel)
	st, err := os.Stat(dir)
	if err != nil {
		return "", "", false
	}
	if !st.IsDir() {
		// A zip or a single file: its directory holds the sources.
		dir, rel = filepath.Dir(dir), filepath.ToSlash(filepath.Dir(rel))
	}
	return dir, rel, true
}
