package iam

import (
	"cmp"
	"slices"
	"strings"
)

// Grant is one action a policy set allows on one resource pattern.
type Grant struct {
	Action Action
	// Resource is the resource pattern as written in the allowing statement
	// ("*", "arn:aws:s3:::bucket/*", or an ARN with ${...} placeholders),
	// or the narrower pattern of a boundary or Deny that limits it.
	Resource string
	// Except lists resource patterns carved out of Resource: the
	// NotResource of the allowing statement and the resources of narrower
	// unconditional Deny statements.
	Except []string
	// Conditional is true when the grant depends on the request: every
	// allowing statement has a condition, or a conditional Deny or a
	// conditional boundary statement may remove it.
	Conditional bool
	// Sources are the identity statements that allow it. A single source
	// shares memory with the slice given to Effective.
	Sources []Statement

	idx int32 // catalog index of Action
}

// index returns the catalog index of the grant's action. Grants built by
// Effective carry it; grants built by hand are looked up by name.
func (g *Grant) index() (int32, bool) {
	acts := cat().actions
	if int(g.idx) < len(acts) && acts[g.idx].Name == g.Action.Name && acts[g.idx].Service == g.Action.Service {
		return g.idx, true
	}
	return actionIndex(g.Action.String())
}

// String renders the grant for messages: "s3:GetObject on arn:aws:s3:::b/*".
func (g Grant) String() string {
	s := g.Action.String() + " on " + g.Resource
	if len(g.Except) > 0 {
		s += " except " + strings.Join(g.Except, ", ")
	}
	if g.Conditional {
		s += " (conditional)"
	}
	return s
}

// AllResources reports whether the grant reaches every resource the action
// can act on within the account: Resource is "*", or covers the ARN format
// of one of the action's resource types ("arn:aws:s3:::*" for
// s3:GetObject), and nothing is carved out.
func (g Grant) AllResources() bool {
	return len(g.Except) == 0 && g.resourceAll()
}

// resourceAll is AllResources without looking at Except.
func (g Grant) resourceAll() bool {
	if g.Resource == "*" {
		return true
	}
	if len(g.Action.ResourceTypes) == 0 {
		return covers(g.Resource, "*")
	}
	for _, rt := range g.Action.ResourceTypes {
		if covers(g.Resource, genericARN(rt.ARN, g.Resource)) {
			return true
		}
	}
	return false
}

// genericARN turns a documented ARN format into a pattern of every resource
// of that type. Partition, region and account take the grant's own values:
// "every table of this account" is every table as far as one application
// is concerned.
func genericARN(format, grant string) string {
	fs, gs := splitARN(format), splitARN(grant)
	for i, f := range fs {
		own := (i == 1 || i == 3 || i == 4) && len(gs) == 6 && isPlaceholder(f)
		if own {
			fs[i] = gs[i]
			continue
		}
		fs[i] = replacePlaceholders(f, "*")
	}
	return strings.Join(fs, ":")
}

func isPlaceholder(s string) bool {
	return strings.HasPrefix(s, "${") && strings.HasSuffix(s, "}") && strings.Count(s, "${") == 1
}

func replacePlaceholders(s, with string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		b.WriteString(with)
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// compiled is a statement with its actions resolved against the catalog.
type compiled struct {
	acts   actionSet
	res    []string // patterns the statement applies to ("*" for NotResource)
	notRes []string
	cond   bool
}

func compile(s *Statement) (compiled, bool) {
	c := compiled{cond: s.Conditions}
	switch {
	case len(s.Action) > 0:
		c.acts = patternsSet(s.Action)
	case len(s.NotAction) > 0:
		c.acts = slices.Clone(patternsSet(s.NotAction))
		c.acts.complement(len(cat().actions))
	default:
		return c, false
	}
	switch {
	case len(s.Resource) > 0:
		c.res = s.Resource
	case len(s.NotResource) > 0:
		c.res, c.notRes = []string{"*"}, s.NotResource
	default:
		// IAM rejects identity statements without a resource; a loader that
		// could not read one must not turn it into a grant on everything.
		return c, false
	}
	return c, true
}

// patternsSet returns the union of the patterns' expansions. A single
// pattern returns the shared cached set: callers must not modify it.
func patternsSet(ps []string) actionSet {
	if len(ps) == 1 {
		return expandSet(ps[0])
	}
	s := newActionSet()
	for _, p := range ps {
		s.union(expandSet(p))
	}
	return s
}

// Effective returns every (action, resource pattern) the identity
// statements allow, after their Deny statements and, when boundary is not
// nil, intersected with what the boundary allows (a non-nil empty boundary
// allows nothing). Allow with NotAction grants every other action of the
// catalog; NotResource becomes Resource "*" with Except. An unconditional
// Deny removes the grants it covers and carves narrower resources out
// (Except); a conditional Deny marks the grants it covers Conditional.
// Grants are sorted by action (catalog order), then resource. Where an
// exact intersection of two resource patterns cannot be written as one
// pattern, the grant keeps the wider pattern: the result may over-state,
// never under-state, what is allowed.
func Effective(identity []Statement, boundary []Statement) []Grant {
	gs := applyDenies(allowGrants(identity), identity)
	if boundary != nil {
		gs = intersect(gs, applyDenies(allowGrants(boundary), boundary))
	}
	// Denies and boundaries may narrow resources and break the order.
	if !slices.IsSortedFunc(gs, compareGrants) {
		slices.SortStableFunc(gs, compareGrants)
	}
	return gs
}

func compareGrants(a, b Grant) int {
	return cmp.Or(cmp.Compare(a.idx, b.idx), strings.Compare(a.Resource, b.Resource))
}

// candidate is a grant before materialization: sorting these small values
// instead of Grants keeps large policies (AdministratorAccess expands to
// every action) cheap.
type candidate struct {
	idx  int32 // action
	stmt int32 // index in the statements
	res  int32 // index in the statement's resource list
}

func allowGrants(sts []Statement) []Grant {
	comp := make([]compiled, len(sts))
	n := 0
	for i := range sts {
		if !sts[i].Allow() {
			continue
		}
		c, ok := compile(&sts[i])
		if !ok {
			continue
		}
		comp[i] = c
		n += c.acts.count() * len(c.res)
	}
	if n == 0 {
		return nil
	}
	cands := make([]candidate, 0, n)
	for i := range comp {
		c := &comp[i]
		if c.acts == nil {
			continue
		}
		c.acts.each(func(a int32) {
			for r := range c.res {
				cands = append(cands, candidate{idx: a, stmt: int32(i), res: int32(r)})
			}
		})
	}
	sortCandidates(cands, func(c candidate) string { return comp[c.stmt].res[c.res] })
	actions := cat().actions
	gs := make([]Grant, 0, len(cands))
	for _, cd := range cands {
		c := &comp[cd.stmt]
		r := c.res[cd.res]
		if k := len(gs) - 1; k >= 0 && gs[k].idx == cd.idx && gs[k].Resource == r {
			mergeInto(&gs[k], c, sts[cd.stmt:cd.stmt+1:cd.stmt+1])
			continue
		}
		g := Grant{Action: actions[cd.idx], idx: cd.idx, Resource: r, Except: slices.Clip(c.notRes),
			Conditional: c.cond, Sources: sts[cd.stmt : cd.stmt+1 : cd.stmt+1]}
		gs = append(gs, g)
	}
	return slices.DeleteFunc(gs, carvedOut)
}

// sortCandidates orders candidates by action, resource and statement. Most
// candidates differ by action, so a plain integer sort on the action does
// the bulk of the work and only runs of one action compare resources.
func sortCandidates(cands []candidate, resOf func(candidate) string) {
	byKey := func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.idx, b.idx), strings.Compare(resOf(a), resOf(b)), cmp.Compare(a.stmt, b.stmt))
	}
	if slices.IsSortedFunc(cands, byKey) {
		return // one broad statement (Action "*") yields them in order
	}
	slices.SortFunc(cands, func(a, b candidate) int { return cmp.Compare(a.idx, b.idx) })
	for i := 0; i < len(cands); {
		j := i + 1
		for j < len(cands) && cands[j].idx == cands[i].idx {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(cands[i:j], byKey)
		}
		i = j
	}
}

// mergeInto joins a grant of the same action and resource from another
// statement: unconditional if any source is, carving out only what every
// source carves out.
func mergeInto(g *Grant, c *compiled, src []Statement) {
	g.Sources = append(g.Sources, src...)
	g.Conditional = g.Conditional && c.cond
	g.Except = commonPatterns(g.Except, c.notRes)
}

func commonPatterns(a, b []string) []string {
	var out []string
	for _, p := range a {
		if slices.Contains(b, p) {
			out = append(out, p)
		}
	}
	return slices.Clip(out)
}

func applyDenies(gs []Grant, sts []Statement) []Grant {
	var denies []compiled
	for i := range sts {
		if !sts[i].Deny() {
			continue
		}
		if c, ok := compile(&sts[i]); ok {
			denies = append(denies, c)
		}
	}
	if len(denies) == 0 {
		return gs
	}
	out := make([]Grant, 0, len(gs))
	for _, g := range gs {
		if !slices.ContainsFunc(denies, func(d compiled) bool { return d.acts.has(g.idx) }) {
			out = append(out, g)
			continue
		}
		work := []Grant{g}
		for i := range denies {
			if !denies[i].acts.has(g.idx) {
				continue
			}
			var next []Grant
			for _, w := range work {
				next = append(next, applyDeny(w, &denies[i])...)
			}
			work = next
		}
		for _, w := range work {
			if !carvedOut(w) {
				out = append(out, w)
			}
		}
	}
	return out
}

func carvedOut(g Grant) bool {
	for _, e := range g.Except {
		if covers(e, g.Resource) {
			return true
		}
	}
	return false
}

// applyDeny applies one Deny statement whose actions include the grant's.
func applyDeny(g Grant, d *compiled) []Grant {
	if d.notRes != nil {
		return applyNotResourceDeny(g, d)
	}
	for _, p := range d.res {
		switch {
		case covers(p, g.Resource):
			if !d.cond {
				return nil
			}
			g.Conditional = true
		case !d.cond && overlaps(p, g.Resource):
			g.Except = append(slices.Clip(g.Except), p)
		}
	}
	return []Grant{g}
}

// applyNotResourceDeny handles Deny with NotResource, which denies
// everything except the listed resources: the grant survives only on them.
func applyNotResourceDeny(g Grant, d *compiled) []Grant {
	var inside []string
	for _, n := range d.notRes {
		if covers(n, g.Resource) {
			return []Grant{g}
		}
		if overlaps(n, g.Resource) {
			inside = append(inside, n)
		}
	}
	if d.cond {
		if len(inside) == 0 {
			g.Conditional = true
		}
		return []Grant{g}
	}
	out := make([]Grant, 0, len(inside))
	for _, n := range inside {
		if !covers(g.Resource, n) {
			return []Grant{g} // the intersection is not one pattern: keep the wider
		}
		ng := g
		ng.Resource = n
		out = append(out, ng)
	}
	return out
}

// intersect keeps what both the identity grants and the boundary grants
// allow.
func intersect(gs, bs []Grant) []Grant {
	out := make([]Grant, 0, len(gs))
	for _, g := range gs {
		lo, _ := slices.BinarySearchFunc(bs, g.idx, func(b Grant, idx int32) int { return cmp.Compare(b.idx, idx) })
		hi := lo
		for hi < len(bs) && bs[hi].idx == g.idx {
			hi++
		}
		out = append(out, limit(g, bs[lo:hi])...)
	}
	return out
}

// limit intersects one identity grant with the boundary grants of the same
// action.
func limit(g Grant, bs []Grant) []Grant {
	best := -1
	for i, b := range bs {
		if covers(b.Resource, g.Resource) && (best < 0 || (bs[best].Conditional && !b.Conditional)) {
			best = i
		}
	}
	if best >= 0 {
		b := bs[best]
		g.Conditional = g.Conditional || b.Conditional
		g.Except = append(slices.Clip(g.Except), b.Except...)
		return []Grant{g}
	}
	var out []Grant
	wide := false
	for _, b := range bs {
		switch {
		case covers(g.Resource, b.Resource):
			ng := g
			ng.Resource = b.Resource
			ng.Conditional = g.Conditional || b.Conditional
			ng.Except = append(slices.Clip(g.Except), b.Except...)
			out = append(out, ng)
		case !wide && overlaps(g.Resource, b.Resource):
			wide = true
			ng := g
			ng.Conditional = g.Conditional || b.Conditional
			out = append(out, ng)
		}
	}
	return out
}

// Allowed evaluates one request, as IAM does for an identity policy and an
// optional permissions boundary (nil for none): an unconditional matching
// Deny refuses; otherwise some Allow must match in the identity statements
// and, when given, in the boundary. conditional is true when the answer
// depends on a condition (every matching Allow has one, or a matching Deny
// does). The action may be any name, known to the catalog or not; the
// resource is an ARN, or "*" for actions without resource types.
func Allowed(identity []Statement, boundary []Statement, action, resource string) (allowed bool, conditional bool) {
	allowed, conditional = evalPolicy(identity, action, resource)
	if !allowed || boundary == nil {
		return allowed, conditional
	}
	ba, bc := evalPolicy(boundary, action, resource)
	if !ba {
		return false, false
	}
	return true, conditional || bc
}

func evalPolicy(sts []Statement, action, resource string) (allowed, conditional bool) {
	action = strings.ToLower(action)
	var uncond, cond, denyCond bool
	for i := range sts {
		s := &sts[i]
		if !statementMatches(s, action, resource) {
			continue
		}
		switch {
		case s.Deny() && !s.Conditions:
			return false, false
		case s.Deny():
			denyCond = true
		case s.Allow() && s.Conditions:
			cond = true
		case s.Allow():
			uncond = true
		}
	}
	allowed = uncond || cond
	return allowed, allowed && (!uncond || denyCond)
}

func statementMatches(s *Statement, lowAction, resource string) bool {
	var actionOK bool
	switch {
	case len(s.Action) > 0:
		actionOK = slices.ContainsFunc(s.Action, func(p string) bool { return globFold(strings.ToLower(p), lowAction) })
	case len(s.NotAction) > 0:
		actionOK = !slices.ContainsFunc(s.NotAction, func(p string) bool { return globFold(strings.ToLower(p), lowAction) })
	}
	if !actionOK {
		return false
	}
	switch {
	case len(s.Resource) > 0:
		return slices.ContainsFunc(s.Resource, func(p string) bool { return MatchARN(p, resource) })
	case len(s.NotResource) > 0:
		return !slices.ContainsFunc(s.NotResource, func(p string) bool { return MatchARN(p, resource) })
	}
	return false
}

// FullAccess reports whether the grants give every action of a service
// (case-insensitive prefix; "" for every service of the catalog) on all
// resources, unconditionally: what "s3:*" on "*" or AdministratorAccess
// give, however the policy spells it.
func FullAccess(grants []Grant, service string) bool {
	c := cat()
	first, end := int32(0), int32(len(c.actions))
	if service != "" {
		si, ok := c.byPrefix[strings.ToLower(service)]
		if !ok {
			return false
		}
		first, end = c.services[si].first, c.services[si].end
	}
	have := newActionSet()
	for i := range grants {
		g := &grants[i]
		if a, ok := g.index(); ok && a >= first && a < end && !g.Conditional && g.AllResources() {
			have.add(a)
		}
	}
	return have.count() == int(end-first)
}
