package chalice

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

// blueprints reads the blueprints app.py registers from its own package
// (app.register_blueprint(bp, url_prefix=..., name_prefix=...) with bp
// imported from chalicelib): their decorators declare functions and
// routes of the same application.
func (b *builder) blueprints(appCall *call) {
	appSrc, appVars := b.src, b.appVars
	for _, st := range appSrc.root.kids {
		if st.kind != "expression_statement" {
			continue
		}
		for _, e := range st.named0() {
			c := appSrc.asCall(e)
			if c == nil || c.name != "register_blueprint" || !appVars[c.recv] {
				continue
			}
			module, name := appSrc.imported(c.arg(0, "blueprint"))
			if module == "" {
				continue
			}
			bp, err := b.readModule(module)
			if err != nil {
				b.problem(appSrc.loc(e), err.Error())
				continue
			}
			b.src, b.module = bp, module
			b.urlPrefix = appSrc.eval(c.arg(-1, "url_prefix"), nil).V
			b.namePrefix = appSrc.eval(c.arg(-1, "name_prefix"), nil).V
			b.appVars = map[string]bool{name: true}
			for _, d := range bp.root.kids {
				if d.kind == "decorated_definition" {
					b.decorated(d)
				}
			}
		}
	}
	b.src, b.appVars, b.module, b.urlPrefix, b.namePrefix = appSrc, appVars, "app", "", ""
}

// imported resolves a name imported with "from pkg.mod import name [as
// alias]", or "mod.name" after "from pkg import mod", to the module and
// the name in it.
func (s *src) imported(n *pnode) (module, name string) {
	if n == nil {
		return "", ""
	}
	want, attr := s.of(n), ""
	if n.kind == "attribute" {
		want, attr = s.of(n.child("object")), s.of(n.child("attribute"))
	}
	for _, st := range s.root.kids {
		if st.kind != "import_from_statement" {
			continue
		}
		from := s.of(st.child("module_name"))
		for _, k := range st.kids {
			if k.field != "name" {
				continue
			}
			orig, alias := s.of(k), s.of(k)
			if k.kind == "aliased_import" {
				orig, alias = s.of(k.child("name")), s.of(k.child("alias"))
			}
			switch {
			case alias != want:
			case attr == "":
				return from, orig
			default:
				return from + "." + orig, attr
			}
		}
	}
	return "", ""
}

// readModule parses the project's module (chalicelib.x) as a blueprint
// source.
func (b *builder) readModule(module string) (*src, error) {
	if strings.HasPrefix(module, ".") || strings.Contains(module, "..") {
		return nil, fmt.Errorf("blueprint module %s is not read: relative imports are not followed", module)
	}
	base := filepath.Join(strings.Split(module, ".")...)
	for _, cand := range []string{base + ".py", filepath.Join(base, "__init__.py")} {
		file := filepath.ToSlash(filepath.Join(b.rel, cand))
		text, err := readLimited(filepath.Join(b.root, b.rel, cand))
		if err != nil {
			continue
		}
		tree, errLine, err := parseModule(text)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", file, err)
		}
		if errLine > 0 {
			b.problem(model.Location{File: file, Line: errLine}, "syntax error: Python would not load this file; the loader read what it could")
		}
		return newSrc(file, text, tree), nil
	}
	return nil, fmt.Errorf("blueprint module %s was not found in the project", module)
}
