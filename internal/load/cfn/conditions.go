package cfn

// condition evaluates a condition expression to 1 (true), -1 (false) or 0
// (unknown, because it depends on a value that cannot be resolved).
func (e *evaluator) condition(v *val) int8 {
	if v == nil {
		return 0
	}
	if v.k == kScalar {
		switch v.s {
		case "true", "True", "TRUE":
			return 1
		case "false", "False", "FALSE":
			return -1
		}
		return 0
	}
	fn, arg, ok := v.intrinsic()
	if !ok {
		return 0
	}
	switch fn {
	case "Condition":
		return e.named(arg.s)
	case "Fn::Not":
		items := arg.items()
		if len(items) != 1 {
			return 0
		}
		return -e.condition(items[0])
	case "Fn::And", "Fn::Or":
		return e.andOr(fn == "Fn::And", arg.items())
	case "Fn::Equals":
		a := e.eval(arg)
		if a.k != kList || len(a.list) != 2 {
			return 0
		}
		x, y := a.list[0], a.list[1]
		if x.sym != nil || y.sym != nil || x.k != kScalar || y.k != kScalar {
			return 0
		}
		if x.s == y.s {
			return 1
		}
		return -1
	}
	return e.condition(e.eval(v))
}

func (e *evaluator) andOr(and bool, items []*val) int8 {
	unknown := false
	for _, it := range items {
		c := e.condition(it)
		switch {
		case c == 0:
			unknown = true
		case and && c == -1:
			return -1
		case !and && c == 1:
			return 1
		}
	}
	switch {
	case unknown:
		return 0
	case and:
		return 1
	}
	return -1
}

// named evaluates the template condition called name, once.
func (e *evaluator) named(name string) int8 {
	if c, ok := e.conds[name]; ok {
		return c
	}
	def := e.condDefs.get(name)
	if def == nil || e.evalConds[name] {
		return 0
	}
	e.evalConds[name] = true
	c := e.condition(def)
	delete(e.evalConds, name)
	e.conds[name] = c
	return c
}
