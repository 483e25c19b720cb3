package code

// taint is what the analysis knows about an untrusted value.
type taint struct {
	steps  []Step // steps[0] is the source
	built  bool   // went through string building (concatenation, templates, formatting)
	parsed bool   // may be a structured value (parsed JSON, the event object)
	whole  bool   // is the event itself, not one of its fields
}

// maxSteps bounds a flow's length; the first steps and the last matter most.
const maxSteps = 12

// with returns a copy of t with one more step.
func (t *taint) with(s Step) *taint {
	if t == nil {
		return nil
	}
	c := *t
	if len(t.steps) < maxSteps {
		c.steps = append(t.steps[:len(t.steps):len(t.steps)], s)
	}
	return &c
}

// asBuilt returns a copy of t marked as having been built into a string.
func (t *taint) asBuilt() *taint {
	if t == nil || t.built {
		return t
	}
	c := *t
	c.built, c.parsed = true, false
	return &c
}

// field returns the taint of a field of t: no longer the whole event.
func (t *taint) field() *taint {
	if t == nil || !t.whole {
		return t
	}
	c := *t
	c.whole = false
	return &c
}

// union returns the first tainted value, with the flags of all.
func union(ts ...*taint) *taint {
	var out *taint
	for _, t := range ts {
		if t == nil {
			continue
		}
		if out == nil {
			c := *t
			out = &c
			continue
		}
		out.built = out.built || t.built
		out.parsed = out.parsed || t.parsed
		out.whole = out.whole || t.whole
	}
	return out
}

// env maps variable names to their taint within one function analysis.
type env map[string]*taint

func (e env) clone() env {
	c := make(env, len(e))
	for k, v := range e {
		c[k] = v
	}
	return c
}
