// Package deps finds the third-party packages of each function's code
// directory, from its lockfiles, manifests and vendored packages (with
// osv-scalibr's extractors), and matches them against the local OSV
// database (internal/deps/vulndb) to report known vulnerabilities with the
// version that fixes them.
package deps

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/google/osv-scalibr/extractor"
	"github.com/google/osv-scalibr/extractor/filesystem"
	"github.com/google/osv-scalibr/extractor/filesystem/language/python/requirements"
	"github.com/google/osv-scalibr/extractor/filesystem/osv"
	scalibrfs "github.com/google/osv-scalibr/fs"
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
)

// Relation says whether the application asked for a package itself.
type Relation string

// Relations. Unknown is used where the format does not say.
const (
	Unknown    Relation = ""
	Direct     Relation = "direct"
	Transitive Relation = "transitive"
)

// Package is one package found in a directory.
type Package struct {
	// Ecosystem is the OSV ecosystem name: npm, PyPI, Go, Maven, NuGet,
	// RubyGems.
	Ecosystem string `json:"ecosystem"`
	Name      string `json:"name"`
	// Version is the exact version installed or locked; empty when the
	// package is only declared with a range (see Constraint).
	Version string `json:"version,omitempty"`
	// Constraint is the range a manifest without a lockfile asks for
	// (">=2.0", "^4.17.0"): the installed version is unknown, so such a
	// package is reported as unpinned and is not matched.
	Constraint string   `json:"constraint,omitempty"`
	Relation   Relation `json:"relation,omitempty"`
	// Groups are the dependency groups the lockfile names (dev, optional).
	Groups []string `json:"groups,omitempty"`
	// Loc is the lockfile and, where the extractor gives it, the line.
	Loc model.Location `json:"location"`
	// Vendored is set for packages found installed (node_modules,
	// *.dist-info) rather than in a lockfile.
	Vendored bool `json:"vendored,omitempty"`
}

// Unpinned reports whether the package has no exact version.
func (p Package) Unpinned() bool { return p.Version == "" }

// DirInventory is what one directory holds.
type DirInventory struct {
	Dir string `json:"dir"`
	// Files are the lockfiles and manifests read, sorted.
	Files    []string  `json:"files"`
	Packages []Package `json:"packages"`
	// DeepestChain is the longest chain of dependencies from the
	// application to a package ("a", "b", "c": the app needs a, which
	// needs b, which needs c), where a lockfile records the graph
	// (package-lock.json).
	DeepestChain []string `json:"deepest_chain,omitempty"`
	// Largest are the direct dependencies that bring in the most
	// packages, biggest first, where a lockfile records the graph.
	Largest []Subtree `json:"largest_direct,omitempty"`
}

// Inventory is the packages of each directory, in the order given.
type Inventory struct {
	Dirs []DirInventory `json:"dirs"`
}

// Packages returns the packages of every directory.
func (inv Inventory) Packages() []Package {
	var out []Package
	for _, d := range inv.Dirs {
		out = append(out, d.Packages...)
	}
	return out
}

// Collect lists the packages of each directory in dirs (relative to root,
// or absolute). A directory's tree is walked without .git and without the
// subdirectories that are themselves in dirs, so nested function
// directories each get their own packages and no file is read twice.
// Files are extracted in parallel; the result does not depend on the
// order in which they finish. Files that cannot be read are returned as
// problems naming the file; the rest goes on.
func Collect(ctx context.Context, root string, dirs []string) (Inventory, []finding.Problem) {
	x, err := newExtractors()
	if err != nil {
		return Inventory{}, []finding.Problem{{Loc: model.Location{File: root}, Message: err.Error()}}
	}
	rels := make([]string, len(dirs))
	own := map[string]bool{}
	for i, d := range dirs {
		rels[i] = relDir(root, d)
		own[rels[i]] = true
	}
	c := &collector{ctx: ctx, root: root, fsys: dirFS(root), x: x, own: own}
	var jobs []job
	done := map[string]bool{}
	for i, rel := range rels {
		if !done[rel] {
			done[rel] = true
			jobs = c.walk(i, rel, jobs)
		}
	}
	results := c.extractAll(jobs)
	inv := Inventory{Dirs: make([]DirInventory, len(dirs))}
	for i, d := range dirs {
		inv.Dirs[i] = DirInventory{Dir: d, Files: []string{}, Packages: []Package{}}
	}
	for i, j := range jobs {
		di := &inv.Dirs[j.dir]
		r := results[i]
		c.problems = append(c.problems, r.problems...)
		if r.read {
			di.Files = append(di.Files, c.file(j.rel))
		}
		di.Packages = append(di.Packages, r.pkgs...)
		if len(r.chain) > len(di.DeepestChain) {
			di.DeepestChain = r.chain
		}
		if len(r.largest) > 0 && (len(di.Largest) == 0 || r.largest[0].Packages > di.Largest[0].Packages) {
			di.Largest = r.largest
		}
	}
	for i := range inv.Dirs {
		sortPackages(inv.Dirs[i].Packages)
		sort.Strings(inv.Dirs[i].Files)
	}
	return inv, c.problems
}

// relDir turns a directory into a slash path relative to root ("." for
// root itself).
func relDir(root, d string) string {
	if filepath.IsAbs(d) {
		if r, err := filepath.Rel(root, d); err == nil {
			d = r
		}
	}
	d = path.Clean(filepath.ToSlash(d))
	if d == "" {
		return "."
	}
	return d
}

type collector struct {
	ctx      context.Context
	root     string
	fsys     scalibrfs.FS
	x        *extractors
	own      map[string]bool
	problems []finding.Problem
}

// job is one file to read for the directory at index dir.
type job struct {
	dir int
	rel string
	exs []filesystem.Extractor
}

// fileResult is what one file gave.
type fileResult struct {
	pkgs     []Package
	problems []finding.Problem
	read     bool
	chain    []string
	largest  []Subtree
}

func (c *collector) problem(rel string, err error) finding.Problem {
	return finding.Problem{Loc: model.Location{File: c.file(rel)}, Message: err.Error()}
}

func (c *collector) file(rel string) string { return filepath.Join(c.root, filepath.FromSlash(rel)) }

// walk appends the files of dir that an extractor or the manifest reader
// wants.
func (c *collector) walk(index int, dir string, jobs []job) []job {
	if !fs.ValidPath(dir) {
		c.problems = append(c.problems, finding.Problem{Loc: model.Location{File: dir}, Message: "directory is outside " + c.root})
		return jobs
	}
	err := fs.WalkDir(c.fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			c.problems = append(c.problems, c.problem(p, err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != dir && (d.Name() == ".git" || c.own[p]) {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		exs := c.x.required(c.fsys, p)
		if len(exs) > 0 || isManifest(p) {
			jobs = append(jobs, job{dir: index, rel: p, exs: exs})
		}
		return c.ctx.Err()
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		c.problems = append(c.problems, c.problem(dir, err))
	}
	return jobs
}

// extractAll runs the jobs on every core; results[i] belongs to jobs[i].
func (c *collector) extractAll(jobs []job) []fileResult {
	results := make([]fileResult, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(jobs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = c.extract(jobs[i].rel, jobs[i].exs)
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// extract runs the extractors that want the file, then adds what only the
// manifest says (direct dependencies, unpinned ranges). It is safe for
// concurrent use.
func (c *collector) extract(rel string, exs []filesystem.Extractor) fileResult {
	var r fileResult
	for _, e := range exs {
		pkgs, err := run(c.ctx, e, c.root, c.fsys, rel)
		if err != nil {
			r.problems = append(r.problems, c.problem(rel, fmt.Errorf("extract %s: %w", e.Name(), err)))
			continue
		}
		r.read = true
		vendored := e == c.x.vendored || e.Name() == "python/wheelegg"
		for _, p := range pkgs {
			r.pkgs = append(r.pkgs, c.convert(p, rel, vendored))
		}
	}
	m, ok, err := c.manifest(rel)
	if err != nil {
		r.problems = append(r.problems, c.problem(rel, err))
	}
	if ok {
		r.read = true
		r.pkgs = append(r.pkgs, m...)
	}
	if path.Base(rel) == "package-lock.json" || path.Base(rel) == "go.mod" {
		c.markDirect(rel, r.pkgs)
	}
	if r.read && path.Base(rel) == "package-lock.json" {
		r.chain, r.largest = c.deepestChain(rel)
	}
	return r
}

// convert turns an osv-scalibr package into ours.
func (c *collector) convert(p *extractor.Package, rel string, vendored bool) Package {
	out := Package{
		Ecosystem: p.Ecosystem().String(),
		Name:      p.Name,
		Version:   p.Version,
		Loc:       model.Location{File: c.file(rel)},
		Vendored:  vendored,
	}
	if d := p.Location.Descriptor; d != nil && d.File != nil {
		out.Loc.Line = d.File.LineNumber
		if d.File.Path != "" && d.File.Path != rel {
			out.Loc.File = c.file(d.File.Path)
		}
	}
	if g, ok := p.Metadata.(osv.DepGroups); ok {
		out.Groups = append([]string(nil), g.DepGroups()...)
	}
	if m, ok := p.Metadata.(*requirements.Metadata); ok && m.VersionComparator != "==" && m.VersionComparator != "===" {
		// A requirement that is not an exact pin names a range; the
		// extractor's "lowest version" is a guess at what gets installed.
		out.Version = ""
		out.Constraint = strings.TrimSpace(m.Requirement)
		if out.Constraint == "" {
			out.Constraint = "*"
		}
	}
	if out.Ecosystem == "Go" && out.Name == "stdlib" && path.Base(rel) == "go.mod" {
		// The go and toolchain directives are minimums, not the toolchain
		// that builds the function: matching them would report every
		// standard library fix since that release.
		out.Constraint, out.Version = ">="+out.Version, ""
	}
	if out.Ecosystem == "Maven" && isMavenRange(out.Version) {
		out.Constraint, out.Version = out.Version, ""
	}
	if out.Ecosystem == "NuGet" && (out.Version == "" || strings.ContainsAny(out.Version, "[](),*")) {
		// A floating or range PackageReference: restore decides.
		out.Constraint, out.Version = out.Version, ""
	}
	return out
}

// isMavenRange reports whether a pom.xml version is a range or an
// unresolved property rather than one version.
func isMavenRange(v string) bool {
	return v == "" || strings.ContainsAny(v, "[](),") || strings.Contains(v, "${")
}

func sortPackages(ps []Package) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Loc.File != b.Loc.File {
			return a.Loc.File < b.Loc.File
		}
		if a.Loc.Line != b.Loc.Line {
			return a.Loc.Line < b.Loc.Line
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Version < b.Version
	})
}
