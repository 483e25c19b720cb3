package rules

import (
	"github.com/slsguard/slsguard/internal/rule"
	"github.com/slsguard/slsguard/internal/secrets"
)

// varVerdict is secrets.CheckVar's answer for one variable.
type varVerdict struct {
	m    secrets.Match
	kind secrets.VarKind
}

// checkVar judges a variable once per application, since several rules
// ask about the same values and each answer runs the gitleaks rule set.
func checkVar(p *rule.Pass, name, value string) (secrets.Match, secrets.VarKind) {
	cache := p.Memo("checkVar", func() any { return map[[2]string]varVerdict{} }).(map[[2]string]varVerdict)
	key := [2]string{name, value}
	if v, ok := cache[key]; ok {
		return v.m, v.kind
	}
	m, kind := secrets.CheckVar(name, value)
	cache[key] = varVerdict{m, kind}
	return m, kind
}

// sensitiveName reports whether a variable's name says it holds a
// credential, whatever its value.
func sensitiveName(name string) bool { return secrets.SecretName(name) }
