package rules

import (
	"context"
	"path/filepath"
	"sort"
	"strings"

	"github.com/slsguard/slsguard/internal/deps"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// appDeps is the dependency inventory of an application's functions.
type appDeps struct {
	// dirs maps a code directory (relative to the scan root) to its
	// packages and the functions whose code it is.
	dirs  map[string]*codeDeps
	order []string
}

type codeDeps struct {
	inv       deps.DirInventory
	functions []*model.Function
	vulns     []deps.Vuln
}

// inventory collects every function's packages once per application.
func inventory(p *rule.Pass) *appDeps {
	return p.Memo("deps", func() any {
		ad := &appDeps{dirs: map[string]*codeDeps{}}
		for _, f := range p.App.Functions {
			_, rel, ok := p.CodeDir(f)
			if !ok {
				continue
			}
			cd := ad.dirs[rel]
			if cd == nil {
				cd = &codeDeps{}
				ad.dirs[rel] = cd
				ad.order = append(ad.order, rel)
			}
			cd.functions = append(cd.functions, f)
		}
		if len(ad.order) == 0 {
			return ad
		}
		sort.Strings(ad.order)
		inv, _ := deps.Collect(context.Background(), p.Options.Root, ad.order)
		for _, di := range inv.Dirs {
			if cd := ad.dirs[strings.TrimPrefix(di.Dir, "./")]; cd != nil {
				cd.inv = di
			}
		}
		if p.Options.Vulns != nil {
			for _, rel := range ad.order {
				cd := ad.dirs[rel]
				cd.vulns, _ = p.Options.Vulns.Match(cd.inv.Packages)
			}
		}
		return ad
	}).(*appDeps)
}

// pkgLoc places a package finding in the lockfile, relative to the scan
// root, falling back to the function when the extractor gives no file.
func pkgLoc(root string, pkg deps.Package, f *model.Function) model.Location {
	if pkg.Loc.File == "" {
		return f.Loc
	}
	loc := pkg.Loc
	if r, err := filepath.Rel(root, loc.File); err == nil && !strings.HasPrefix(r, "..") {
		loc.File = filepath.ToSlash(r)
	}
	return loc
}

func functionList(fs []*model.Function) string { return functionNames(fs) }
