package detect

import (
	"strings"

	"github.com/valyala/fastjson"
)

// adminPolicies are AWS managed policies that grant full or
// privilege-escalating access.
var adminPolicies = []string{
	":policy/AdministratorAccess", ":policy/IAMFullAccess", ":policy/PowerUserAccess",
	":policy/AWSLambda_FullAccess", ":policy/SecretsManagerReadWrite",
}

func isAdminPolicyARN(arn string) bool {
	for _, s := range adminPolicies {
		if strings.HasSuffix(arn, s) {
			return true
		}
	}
	return false
}

// policyFacts are what matters in a policy document for these alerts.
type policyFacts struct {
	wildcardAction bool     // an Allow of "*" or "iam:*"
	foreign        []string // principals of trust statements outside own account ("*" included)
}

// readPolicy reads an IAM policy document given as a JSON string (as
// CloudTrail logs it), URL-encoded or not.
func readPolicy(doc, own string) policyFacts {
	var f policyFacts
	v, err := fastjson.Parse(doc)
	if err != nil {
		return f
	}
	stmts := v.GetArray("Statement")
	if st := v.Get("Statement"); st != nil && st.Type() == fastjson.TypeObject {
		stmts = []*fastjson.Value{st}
	}
	for _, s := range stmts {
		if string(s.GetStringBytes("Effect")) != "Allow" {
			continue
		}
		for _, a := range stringsOf(s.Get("Action")) {
			if a == "*" || strings.EqualFold(a, "iam:*") {
				f.wildcardAction = true
			}
		}
		for _, p := range principalsOf(s.Get("Principal")) {
			if p == "*" || isForeignAccount(p, own) {
				f.foreign = append(f.foreign, p)
			}
		}
	}
	return f
}

// principalsOf lists the AWS principals of a Principal element ("*" or
// {"AWS": ...}); service and federated principals are not accounts.
func principalsOf(v *fastjson.Value) []string {
	if v == nil {
		return nil
	}
	if v.Type() == fastjson.TypeString {
		return []string{string(v.GetStringBytes())}
	}
	return stringsOf(v.Get("AWS"))
}

func stringsOf(v *fastjson.Value) []string {
	if v == nil {
		return nil
	}
	if v.Type() == fastjson.TypeString {
		return []string{string(v.GetStringBytes())}
	}
	var out []string
	for _, e := range v.GetArray() {
		if e.Type() == fastjson.TypeString {
			out = append(out, string(e.GetStringBytes()))
		}
	}
	return out
}
