package deps

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/slsguard/slsguard/internal/model"
	"golang.org/x/mod/modfile"
)

// npmLockfiles are the files that pin a package.json's ranges.
var npmLockfiles = []string{"package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock"}

// packageJSON is the part of a package.json that declares dependencies.
type packageJSON struct {
	Dependencies         map[string]string `json:"dependencies"`
	DevDependencies      map[string]string `json:"devDependencies"`
	OptionalDependencies map[string]string `json:"optionalDependencies"`
	PeerDependencies     map[string]string `json:"peerDependencies"`
}

func (p *packageJSON) groups() []struct {
	group string
	deps  map[string]string
} {
	return []struct {
		group string
		deps  map[string]string
	}{{"", p.Dependencies}, {"dev", p.DevDependencies}, {"optional", p.OptionalDependencies}, {"peer", p.PeerDependencies}}
}

func (c *collector) readPackageJSON(rel string) (*packageJSON, error) {
	data, err := fs.ReadFile(c.fsys, rel)
	if err != nil {
		return nil, err
	}
	return parsePackageJSON(data)
}

func parsePackageJSON(data []byte) (*packageJSON, error) {
	var p packageJSON
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// groupFields maps the package.json fields of the dependency groups to the
// group names of packageJSON.groups.
var groupFields = map[string]string{"dependencies": "", "devdependencies": "dev",
	"optionaldependencies": "optional", "peerdependencies": "peer"}

// dependencyLines returns the 1-based line of each dependency's key in a
// package.json, by group. It reads the JSON token by token, so that a name
// that also appears elsewhere (as a script, a version, inside another
// group) is not mistaken for the entry; like encoding/json it matches the
// group fields without regard to case, and a later duplicate wins.
func dependencyLines(data []byte) map[string]map[string]int {
	out := map[string]map[string]int{}
	line, counted := 1, 0 // newlines are counted once, up to offset counted
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return out
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return out
		}
		key, _ := k.(string)
		group, isGroup := groupFields[strings.ToLower(key)]
		if !isGroup {
			if skipValue(dec) != nil {
				return out
			}
			continue
		}
		if t, err := dec.Token(); err != nil {
			return out
		} else if t != json.Delim('{') {
			if d, ok := t.(json.Delim); ok && d == '[' && skipRest(dec) != nil {
				return out
			}
			continue
		}
		if out[group] == nil {
			out[group] = map[string]int{}
		}
		for dec.More() {
			n, err := dec.Token()
			if err != nil {
				return out
			}
			name, _ := n.(string)
			off := int(dec.InputOffset())
			line += bytes.Count(data[counted:off], []byte("\n"))
			counted = off
			out[group][name] = line
			if skipValue(dec) != nil {
				return out
			}
		}
		if _, err := dec.Token(); err != nil { // the group's closing brace
			return out
		}
	}
	return out
}

// skipValue reads and discards the next JSON value.
func skipValue(dec *json.Decoder) error {
	var raw json.RawMessage
	return dec.Decode(&raw)
}

// skipRest discards the rest of an array whose '[' was read.
func skipRest(dec *json.Decoder) error {
	for dec.More() {
		if err := skipValue(dec); err != nil {
			return err
		}
	}
	_, err := dec.Token()
	return err
}

// isManifest reports whether the file is a manifest slsguard reads itself.
func isManifest(rel string) bool {
	return path.Base(rel) == "package.json" && !inNodeModules(rel)
}

// manifest reads a package.json outside node_modules that no lockfile
// pins: its dependencies are reported with their ranges, unpinned, rather
// than with a guessed version.
func (c *collector) manifest(rel string) ([]Package, bool, error) {
	if isRequirementsFile(rel) {
		return c.droppedRequirements(rel)
	}
	if !isManifest(rel) {
		return nil, false, nil
	}
	dir := path.Dir(rel)
	for _, l := range npmLockfiles {
		if _, err := fs.Stat(c.fsys, path.Join(dir, l)); err == nil {
			return nil, false, nil
		}
	}
	data, err := fs.ReadFile(c.fsys, rel)
	if err != nil {
		return nil, false, fmt.Errorf("read manifest: %w", err)
	}
	pj, err := parsePackageJSON(data)
	if err != nil {
		return nil, false, fmt.Errorf("read manifest: %w", err)
	}
	lines := dependencyLines(data)
	var out []Package
	for _, g := range pj.groups() {
		names := make([]string, 0, len(g.deps))
		for n := range g.deps {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			p := Package{Ecosystem: "npm", Name: n, Constraint: g.deps[n], Relation: Direct,
				Loc: model.Location{File: c.file(rel), Line: lines[g.group][n]}}
			if g.group != "" {
				p.Groups = []string{g.group}
			}
			out = append(out, p)
		}
	}
	return out, true, nil
}

// markDirect sets the relation of the packages a lockfile gave, from what
// the format or its manifest says: go.mod marks indirect requirements; a
// package-lock.json's direct dependencies are those of the package.json
// beside it.
func (c *collector) markDirect(rel string, pkgs []Package) {
	direct, ok := c.directNames(rel)
	if !ok {
		return
	}
	file := c.file(rel)
	for i := range pkgs {
		p := &pkgs[i]
		if p.Loc.File != file || p.Vendored || p.Relation != Unknown || p.Name == "stdlib" {
			continue
		}
		if direct[p.Name] {
			p.Relation = Direct
		} else {
			p.Relation = Transitive
		}
	}
}

func (c *collector) directNames(rel string) (map[string]bool, bool) {
	direct := map[string]bool{}
	if path.Base(rel) == "go.mod" {
		data, err := fs.ReadFile(c.fsys, rel)
		if err != nil {
			return nil, false
		}
		mf, err := modfile.ParseLax(rel, data, nil)
		if err != nil {
			return nil, false
		}
		for _, r := range mf.Require {
			if !r.Indirect {
				direct[r.Mod.Path] = true
			}
		}
		return direct, true
	}
	pj, err := c.readPackageJSON(path.Join(path.Dir(rel), "package.json"))
	if err != nil {
		return nil, false
	}
	for _, g := range pj.groups() {
		for n := range g.deps {
			direct[n] = true
		}
	}
	return direct, true
}
