package cfn

import (
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

// sub evaluates Fn::Sub in both forms: a string, or a string and a map of
// variables. ${Name} and ${Res.Attr} resolve like Ref and Fn::GetAtt;
// ${!Literal} stands for the literal text ${Literal}.
func (e *evaluator) sub(arg *val, loc model.Location) *val {
	var tmpl *val
	var vars *val
	a := arg
	switch {
	case a.k == kScalar:
		tmpl = a
	case a.k == kList && len(a.list) == 2:
		tmpl, vars = a.list[0], e.eval(a.list[1])
	default:
		return e.unresolved(loc, "a Fn::Sub with unexpected arguments", "", "")
	}
	tmpl = e.eval(tmpl)
	if tmpl.k != kScalar || tmpl.sym != nil {
		return e.unresolved(loc, "a substitution into "+describe(tmpl), "", "")
	}
	var b strings.Builder
	var sym *symbol
	s := tmpl.s
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		name := s[i+2 : i+j]
		s = s[i+j+1:]
		if strings.HasPrefix(name, "!") {
			b.WriteString("${" + name[1:] + "}")
			continue
		}
		r := e.subVar(strings.TrimSpace(name), vars, loc)
		if r.k != kScalar {
			b.WriteString(r.render())
			continue
		}
		if r.sym != nil && (sym == nil || sym.target == "" && r.sym.target != "") {
			// Keep the first reference to a resource, not to a pseudo
			// parameter, as what the string is about.
			sym = r.sym
		}
		b.WriteString(r.s)
	}
	out := scalar(b.String(), loc)
	if sym != nil {
		out.sym = &symbol{text: b.String(), target: sym.target, attr: sym.attr}
	}
	return out
}

func (e *evaluator) subVar(name string, vars *val, loc model.Location) *val {
	if v := vars.get(name); v != nil {
		return v
	}
	if res, attr, ok := strings.Cut(name, "."); ok && !strings.HasPrefix(name, "AWS::") {
		if _, isRes := e.resources[res]; isRes {
			return e.unresolved(loc, "the "+attr+" of "+res, res, attr)
		}
	}
	return e.ref(scalar(name, loc), loc)
}
