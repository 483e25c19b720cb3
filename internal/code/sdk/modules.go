package sdk

import (
	"os"
	"strings"

	"github.com/slsguard/slsguard/internal/code"
)

// A client is often created in a module of its own (db.js exporting a
// DocumentClient, clients.py holding boto3 clients) and imported by the
// handlers: modules reads the clients such a module exports.

// modules caches the clients exported by the modules of a code directory.
type modules struct {
	dir     string
	exports map[string]map[string]*client
}

// resolver returns the resolver for imports of the file at from.
func (m *modules) resolver(from string) resolver {
	return func(spec string) map[string]*client {
		p := resolveImport(m.dir, from, spec)
		if p == "" {
			return nil
		}
		if ex, ok := m.exports[p]; ok {
			return ex
		}
		m.exports[p] = nil // a module importing itself back sees nothing
		ex := moduleExports(p)
		m.exports[p] = ex
		return ex
	}
}

// moduleExports reads one module's exported clients.
func moduleExports(path string) map[string]*client {
	st, err := os.Stat(path)
	if err != nil || st.Size() > code.MaxFileSize {
		return nil
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	root, err := code.Parse(path, src)
	if err != nil {
		return nil
	}
	if code.Language(path) == "python" {
		p := newPyFile(path, src, root, map[string]*code.Node{}, nil)
		p.collect()
		return p.clients // every module-level name is importable
	}
	f := newJSFile(path, src, root, map[string]*code.Node{}, nil)
	f.collect()
	return f.exported()
}

// exported returns the clients a JavaScript module exports.
func (f *jsFile) exported() map[string]*client {
	out := map[string]*client{}
	for _, n := range f.root.NamedKids() {
		switch n.Kind() {
		case "expression_statement":
			ks := n.NamedKids()
			if len(ks) == 0 || ks[0].Kind() != "assignment_expression" {
				continue
			}
			left, right := f.text(ks[0].Child("left")), ks[0].Child("right")
			switch {
			case left == "module.exports" || left == "exports":
				if c := f.clientOf(right); c != nil {
					out["default"] = c
				}
				f.objectClients(unwrap(right), out)
			case strings.HasPrefix(left, "module.exports.") || strings.HasPrefix(left, "exports."):
				if c := f.clientOf(right); c != nil {
					out[left[strings.LastIndexByte(left, '.')+1:]] = c
				}
			}
		case "export_statement":
			f.exportClients(n, out)
		}
	}
	return out
}

func (f *jsFile) objectClients(obj *code.Node, out map[string]*client) {
	if obj == nil || obj.Kind() != "object" {
		return
	}
	for _, p := range obj.NamedKids() {
		switch p.Kind() {
		case "pair":
			if c := f.clientOf(p.Child("value")); c != nil {
				out[trimQuotes(f.text(p.Child("key")))] = c
			}
		case "shorthand_property_identifier":
			if c := f.clients[f.text(p)]; c != nil {
				out[f.text(p)] = c
			}
		}
	}
}

func (f *jsFile) exportClients(n *code.Node, out map[string]*client) {
	isDefault := false
	for _, k := range n.Kids() {
		if !k.Named() && f.text(k) == "default" {
			isDefault = true
		}
	}
	for _, k := range n.Kids() {
		switch {
		case k.Field() == "declaration":
			for _, d := range k.NamedKids() {
				if d.Kind() == "variable_declarator" {
					if c := f.clientOf(d.Child("value")); c != nil {
						out[f.text(d.Child("name"))] = c
					}
				}
			}
		case k.Field() == "value" && isDefault:
			if c := f.clientOf(k); c != nil {
				out["default"] = c
			}
		case k.Kind() == "export_clause":
			for _, s := range k.NamedKids() {
				name, alias := s.Child("name"), s.Child("alias")
				if alias == nil {
					alias = name
				}
				if c := f.clients[f.text(name)]; c != nil {
					out[f.text(alias)] = c
				}
			}
		}
	}
}

// imported binds the clients of a relative import to local names: the
// module itself (its default export) and its members.
func (f *jsFile) imported(spec, local, member string) {
	if f.resolve == nil || !strings.HasPrefix(spec, ".") {
		return
	}
	ex := f.resolve(spec)
	if member != "" {
		if c := ex[member]; c != nil {
			f.clients[local] = c
		}
		return
	}
	if c := ex["default"]; c != nil {
		f.clients[local] = c
	}
	for name, c := range ex {
		f.clients[local+"."+name] = c
	}
}
