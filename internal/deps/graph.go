package deps

import (
	"encoding/json"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// npmLock is the dependency graph part of a package-lock.json: v2 and v3
// list every installed path under "packages"; v1 nests "dependencies" and
// names each package's own dependencies in "requires".
type npmLock struct {
	LockfileVersion int                   `json:"lockfileVersion"`
	Packages        map[string]npmLockPkg `json:"packages"`
	Dependencies    map[string]npmLockV1  `json:"dependencies"`
}

type npmLockPkg struct {
	Dependencies         map[string]string `json:"dependencies"`
	OptionalDependencies map[string]string `json:"optionalDependencies"`
	DevDependencies      map[string]string `json:"devDependencies"`
}

type npmLockV1 struct {
	Requires     map[string]string    `json:"requires"`
	Dependencies map[string]npmLockV1 `json:"dependencies"`
}

// deepestChain returns the longest of the shortest dependency chains from
// the application to each installed package of a package-lock.json
// (["a", "b", "c"]: the app needs a, which needs b, which needs c). The
// graph is resolved the way Node does: a dependency is looked for in the
// dependent's own node_modules, then in each enclosing one.
func (c *collector) deepestChain(rel string) ([]string, []Subtree) {
	data, err := fs.ReadFile(c.fsys, rel)
	if err != nil {
		return nil, nil
	}
	var lock npmLock
	if json.Unmarshal(data, &lock) != nil {
		return nil, nil
	}
	edges := map[string][]string{}
	if lock.Packages != nil {
		for p, pkg := range lock.Packages {
			for _, deps := range []map[string]string{pkg.Dependencies, pkg.OptionalDependencies} {
				edges[p] = append(edges[p], resolveAll(p, deps, func(q string) bool { _, ok := lock.Packages[q]; return ok })...)
			}
			if p == "" {
				edges[p] = append(edges[p], resolveAll(p, pkg.DevDependencies, func(q string) bool { _, ok := lock.Packages[q]; return ok })...)
			}
		}
	} else {
		direct, _ := c.directNames(rel)
		v1Edges(lock.Dependencies, "", lock.Dependencies, direct, edges)
	}
	for p := range edges {
		sort.Strings(edges[p])
	}
	return longestShortest(edges), largestSubtrees(edges, maxSubtrees)
}

// Subtree is a direct dependency and the number of packages it brings in
// (itself and everything it needs, directly or not).
type Subtree struct {
	Name     string `json:"name"`
	Packages int    `json:"packages"`
}

// maxSubtrees is how many of the biggest direct dependencies are kept.
const maxSubtrees = 5

// largestSubtrees returns the n direct dependencies of the application
// that bring in the most packages, biggest first (ties by name).
func largestSubtrees(edges map[string][]string, n int) []Subtree {
	var out []Subtree
	for _, d := range edges[""] {
		seen := map[string]bool{d: true}
		stack := []string{d}
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, q := range edges[p] {
				if !seen[q] {
					seen[q] = true
					stack = append(stack, q)
				}
			}
		}
		out = append(out, Subtree{Name: packageName(d), Packages: len(seen)})
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Packages > out[j].Packages || out[i].Packages == out[j].Packages && out[i].Name < out[j].Name
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// resolveAll resolves each dependency name from the package at path from.
func resolveAll(from string, deps map[string]string, exists func(string) bool) []string {
	var out []string
	for name := range deps {
		for dir := from; ; dir = parentPackage(dir) {
			cand := path.Join(dir, "node_modules", name)
			if exists(cand) {
				out = append(out, cand)
				break
			}
			if dir == "" {
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// parentPackage returns the path of the package whose node_modules holds
// p ("" for the application).
func parentPackage(p string) string {
	i := strings.LastIndex(p, "node_modules/")
	if i <= 0 {
		return ""
	}
	return strings.TrimSuffix(p[:i], "/")
}

// v1Edges turns a v1 lockfile's nested dependencies into the same
// node_modules paths as v2, so that one resolver serves both. The
// application's own dependencies are the top-level entries its
// package.json names (all of them when there is no package.json).
func v1Edges(root map[string]npmLockV1, base string, deps map[string]npmLockV1, direct map[string]bool, edges map[string][]string) {
	for name, d := range deps {
		p := path.Join(base, "node_modules", name)
		if base == "" && (direct == nil || direct[name]) {
			edges[""] = append(edges[""], p)
		}
		edges[p] = append(edges[p], resolveAll(p, d.Requires, func(q string) bool { return v1Has(root, q) })...)
		v1Edges(root, p, d.Dependencies, nil, edges)
	}
}

// v1Has reports whether the node_modules path q exists in a v1 tree.
func v1Has(tree map[string]npmLockV1, q string) bool {
	parts := strings.Split(strings.TrimPrefix(q, "node_modules/"), "/node_modules/")
	cur := tree
	for i, name := range parts {
		d, ok := cur[name]
		if !ok {
			return false
		}
		if i == len(parts)-1 {
			return true
		}
		cur = d.Dependencies
	}
	return false
}

// longestShortest walks the graph breadth-first from the application and
// returns the names along the path to the deepest package.
func longestShortest(edges map[string][]string) []string {
	prev := map[string]string{"": ""}
	queue := []string{""}
	last := ""
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		last = p
		for _, q := range edges[p] {
			if _, seen := prev[q]; !seen {
				prev[q] = p
				queue = append(queue, q)
			}
		}
	}
	var chain []string
	for p := last; p != ""; p = prev[p] {
		chain = append([]string{packageName(p)}, chain...)
	}
	return chain
}

// packageName is the last package name of a node_modules path (scoped
// names keep their scope).
func packageName(p string) string {
	i := strings.LastIndex(p, "node_modules/")
	return p[i+len("node_modules/"):]
}
