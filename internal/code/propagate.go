package code

// mutators are methods that store their arguments in the receiver, so that
// parts.push(tainted) taints parts; the value is the index of the first
// argument that is stored.
var (
	jsMutators = map[string]int{"push": 0, "unshift": 0, "splice": 2, "add": 0, "set": 1}
	pyMutators = map[string]int{"append": 0, "extend": 0, "insert": 1, "add": 0, "update": 0, "setdefault": 1}
)

// mutate taints a variable whose content a call changes with tainted data:
// a method that stores its arguments (push, append) or Object.assign(target,
// ...sources).
func (a *fileAnalysis) mutate(callee *node, c *callSite, e env) {
	if callee == nil {
		return
	}
	var target *node
	first := 0
	switch {
	case c.name == "Object.assign" && !a.py && len(c.args) > 1:
		target, first = unwrapValue(c.args[0]), 1
	case callee.kind == "member_expression" || callee.kind == "attribute":
		mutators := jsMutators
		if a.py {
			mutators = pyMutators
		}
		m := callee.child("property")
		if m == nil {
			m = callee.child("attribute")
		}
		i, ok := mutators[a.text(m)]
		if !ok {
			return
		}
		target, first = unwrapValue(callee.child("object")), i
	}
	if target == nil || target.kind != "identifier" || first >= len(c.args) {
		return
	}
	t := union(append(append([]*taint{}, c.taints[first:len(c.args)]...), c.kwTaints...)...)
	if t == nil {
		return
	}
	name := a.text(target)
	e[name] = union(e[name], t.field().with(a.step(c.n, "stored in "+name)))
}

// localArgs returns the taint of the parameters of a same-file function
// called at c: positional arguments in order, then keyword arguments
// (Python) at the position of the parameter they name.
func (a *fileAnalysis) localArgs(fn *node, c *callSite) []*taint {
	args := append([]*taint{}, c.taints[:len(c.args)]...)
	if len(c.kwNames) == 0 {
		return args
	}
	for i, p := range params(a, fn) {
		for j, name := range c.kwNames {
			if name != a.text(p) || c.kwTaints[j] == nil {
				continue
			}
			for len(args) <= i {
				args = append(args, nil)
			}
			args[i] = c.kwTaints[j]
		}
	}
	return args
}

// collectTable records a module-level Python dictionary whose values are
// all string or number literals: a lookup in it (TABLE.get(key)) yields one
// of those constants, never the key.
func (a *fileAnalysis) collectTable(stmt *node) {
	for _, n := range stmt.namedKids() {
		if n.kind != "assignment" {
			continue
		}
		left, right := n.child("left"), n.child("right")
		if left == nil || right == nil || left.kind != "identifier" {
			continue
		}
		constant := right.kind == "dictionary"
		for _, p := range right.namedKids() {
			switch {
			case p.kind == "comment":
			case p.kind != "pair" || !isLiteral(p.child("key")) || !isLiteral(p.child("value")):
				constant = false
			}
		}
		if a.tables == nil {
			a.tables = map[string]bool{}
		}
		// A name assigned twice at module level is no constant.
		_, seen := a.tables[a.text(left)]
		a.tables[a.text(left)] = constant && !seen
	}
}

func isLiteral(n *node) bool {
	if n == nil {
		return false
	}
	switch n.kind {
	case "integer", "float", "true", "false", "none":
		return true
	case "string":
		for _, k := range n.namedKids() {
			if k.kind == "interpolation" {
				return false
			}
		}
		return true
	}
	return false
}

// isTableLookup reports whether a call is TABLE.get(...) on a constant
// table of the module that the function has not rebound.
func (a *fileAnalysis) isTableLookup(callee *node, e env) bool {
	if !a.py || callee == nil || callee.kind != "attribute" || a.text(callee.child("attribute")) != "get" {
		return false
	}
	obj := callee.child("object")
	if obj == nil || obj.kind != "identifier" {
		return false
	}
	name := a.text(obj)
	return a.tables[name] && e[name] == nil
}

// tableDefault is the taint of TABLE.get(key, default): that of the
// default, returned when the key is not in the table.
func (a *fileAnalysis) tableDefault(c *callSite) *taint {
	if len(c.args) > 1 {
		return c.taints[1]
	}
	return nil
}
