package cfn

// globalsSection maps a SAM resource type to its Globals section.
var globalsSection = map[string]string{
	"AWS::Serverless::Function":     "Function",
	"AWS::Serverless::Api":          "Api",
	"AWS::Serverless::HttpApi":      "HttpApi",
	"AWS::Serverless::SimpleTable":  "SimpleTable",
	"AWS::Serverless::LayerVersion": "LayerVersion",
	"AWS::Serverless::StateMachine": "StateMachine",
}

// withGlobals merges the Globals section for typ into a resource's raw
// properties, as the SAM transform does: the resource's scalars win, maps
// are merged key by key, and lists are the global items followed by the
// resource's.
func (b *builder) withGlobals(typ string, props *val) *val {
	sec, ok := globalsSection[typ]
	if !ok {
		return props
	}
	g := b.globals.get(sec)
	if g == nil || g.k != kMap {
		return props
	}
	if props == nil {
		props = &val{k: kMap}
	}
	return mergeGlobal(g, props, 0)
}

func mergeGlobal(g, r *val, depth int) *val {
	if depth > maxDepth {
		return r
	}
	if _, _, ok := r.intrinsic(); ok {
		return r
	}
	if _, _, ok := g.intrinsic(); ok {
		return r
	}
	switch {
	case g.k == kMap && r.k == kMap:
		out := &val{k: kMap, loc: r.loc, pairs: make([]pair, 0, len(g.pairs)+len(r.pairs))}
		for _, p := range g.pairs {
			if rv := r.get(p.key); rv != nil {
				out.pairs = append(out.pairs, pair{key: p.key, keyLoc: r.keyLoc(p.key), v: mergeGlobal(p.v, rv, depth+1)})
				continue
			}
			out.pairs = append(out.pairs, p)
		}
		for _, p := range r.pairs {
			if g.get(p.key) == nil {
				out.pairs = append(out.pairs, p)
			}
		}
		if out.loc.Line == 0 {
			out.loc = g.loc
		}
		return out
	case g.k == kList && r.k == kList:
		out := &val{k: kList, loc: r.loc}
		out.list = append(append(out.list, g.list...), r.list...)
		return out
	}
	return r
}
