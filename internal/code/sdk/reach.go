package sdk

import (
	"strings"

	"github.com/slsguard/slsguard/internal/code"
)

// The calls a handler makes are those of its function, of the module-level
// code that runs when the module loads (a GraphQL schema whose resolvers
// call the SDK, a client configured at load), and of every function or
// class of the file those name: referring to a function (as a callback, a
// resolver, a route) counts as calling it. Other handlers exported by the
// same file are left out, so that a file with create, get and list
// handlers gives each only its own calls.

// moduleLevel returns the top-level statements of a file that run when it
// loads, without declarations of functions, classes, imports and exports.
func moduleLevel(root *code.Node, src []byte, py bool) []*code.Node {
	var out []*code.Node
	for _, n := range root.NamedKids() {
		switch n.Kind() {
		case "function_declaration", "generator_function_declaration", "class_declaration", "export_statement",
			"import_statement", "import_from_statement", "function_definition", "decorated_definition",
			"class_definition", "future_import_statement", "comment":
			continue
		case "expression_statement":
			if !py && exportAssignment(n, src) {
				continue
			}
		case "lexical_declaration", "variable_declaration":
			if onlyFunctions(n) {
				continue
			}
		}
		out = append(out, n)
	}
	return out
}

// exportAssignment reports whether a statement assigns to module.exports
// or exports.
func exportAssignment(n *code.Node, src []byte) bool {
	ks := n.NamedKids()
	if len(ks) == 0 || ks[0].Kind() != "assignment_expression" {
		return false
	}
	left := ks[0].Child("left").Text(src)
	return left == "module.exports" || left == "exports" || strings.HasPrefix(left, "module.exports.") || strings.HasPrefix(left, "exports.")
}

func onlyFunctions(n *code.Node) bool {
	for _, d := range n.NamedKids() {
		if d.Kind() != "variable_declarator" {
			continue
		}
		v := unwrap(d.Child("value"))
		if v == nil {
			return false
		}
		switch v.Kind() {
		case "arrow_function", "function_expression", "function", "generator_function":
		default:
			return false
		}
	}
	return true
}

// topClasses adds the file's top-level classes to funcs by name.
func topClasses(root *code.Node, src []byte, funcs map[string]*code.Node) {
	for _, n := range root.NamedKids() {
		if n.Kind() == "export_statement" {
			if d := n.Child("declaration"); d != nil {
				n = d
			}
		}
		if n.Kind() == "class_declaration" || n.Kind() == "class_definition" {
			if name := n.Child("name"); name != nil {
				funcs[name.Text(src)] = n
			}
		}
	}
}

// reach walks scope and the functions it refers to, once each, calling
// visit on every node.
func reach(scope []*code.Node, src []byte, funcs map[string]*code.Node, visit func(*code.Node)) {
	isFunc := make(map[*code.Node]bool, len(funcs))
	for _, fn := range funcs {
		isFunc[fn] = true
	}
	seen := map[*code.Node]bool{}
	for len(scope) > 0 {
		n := scope[0]
		scope = scope[1:]
		if seen[n] {
			continue
		}
		seen[n] = true
		walkNodes(n, func(k *code.Node) bool {
			if k != n && isFunc[k] {
				// A function met inside the scope is walked here, once.
				if seen[k] {
					return false
				}
				seen[k] = true
			}
			if k.Kind() == "identifier" {
				if fn := funcs[k.Text(src)]; fn != nil && !seen[fn] {
					scope = append(scope, fn)
				}
			}
			visit(k)
			return true
		})
	}
}
