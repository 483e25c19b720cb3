package iam

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRiskTableActionsKnown(t *testing.T) {
	table := RiskTable()
	if len(table) < 40 {
		t.Errorf("risk table has %d entries, want >= 40", len(table))
	}
	classes := map[string]int{}
	for _, r := range table {
		classes[r.Class]++
		for _, a := range slices.Concat(r.Actions, r.Exclude) {
			if len(Expand(a)) == 0 {
				t.Errorf("risk %s: action %q is not in the catalog", r.ID, a)
			}
		}
		if r.Name == "" || r.Description == "" || len(r.References) == 0 {
			t.Errorf("risk %s lacks a name, description or reference", r.ID)
		}
		for _, ref := range r.References {
			if !strings.HasPrefix(ref, "https://") {
				t.Errorf("risk %s: reference %q is not a URL", r.ID, ref)
			}
		}
	}
	for _, c := range riskClasses {
		if classes[c] == 0 {
			t.Errorf("no risk of class %s", c)
		}
	}
}

func TestParseRisksRejects(t *testing.T) {
	tests := map[string]string{
		"duplicate id":       "risks:\n- {id: a, class: data-exfiltration, actions: [s3:GetObject]}\n- {id: a, class: data-exfiltration, actions: [s3:GetObject]}\n",
		"unknown class":      "risks:\n- {id: a, class: nope, actions: [s3:GetObject]}\n",
		"no actions":         "risks:\n- {id: a, class: data-exfiltration}\n",
		"unknown ref":        "risks:\n- {id: a, class: data-exfiltration, actions: [s3:GetObject], references: [nowhere]}\n",
		"not yaml":           "risks: [",
		"actions and levels": "risks:\n- {id: a, class: data-exfiltration, actions: [s3:GetObject], levels: [Write]}\n",
	}
	for name, in := range tests {
		if _, err := parseRisks([]byte(in)); err == nil {
			t.Errorf("%s: parseRisks accepted %q", name, in)
		}
	}
}

func hitIDs(hits []RiskHit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Risk.ID
	}
	return out
}

// concrete returns one catalog action a table pattern stands for.
func concrete(t *testing.T, pattern string) string {
	t.Helper()
	as := Expand(pattern)
	if len(as) == 0 {
		t.Fatalf("pattern %q expands to nothing", pattern)
	}
	return as[0].String()
}

// TestRiskTableMethods checks every entry of the table: the minimal set of
// statements hits it; for methods needing several actions, removing any
// one of them stops the hit.
func TestRiskTableMethods(t *testing.T) {
	for _, r := range RiskTable() {
		if len(r.Levels) > 0 {
			continue
		}
		var all []string
		for _, a := range r.Actions {
			all = append(all, concrete(t, a))
		}
		if r.Any {
			for _, a := range all {
				if !slices.Contains(hitIDs(Risks(Effective([]Statement{allow(list(a), "*")}, nil))), r.ID) {
					t.Errorf("risk %s not hit by %s on *", r.ID, a)
				}
			}
			continue
		}
		if !slices.Contains(hitIDs(Risks(Effective([]Statement{allow(all, "*")}, nil))), r.ID) {
			t.Errorf("risk %s not hit by %v on *", r.ID, all)
		}
		if len(all) < 2 {
			continue
		}
		for i := range all {
			fewer := slices.Delete(slices.Clone(all), i, i+1)
			if slices.Contains(hitIDs(Risks(Effective([]Statement{allow(fewer, "*")}, nil))), r.ID) {
				t.Errorf("risk %s hit by %v, without %s", r.ID, fewer, all[i])
			}
		}
	}
}

func TestRisks(t *testing.T) {
	role := "arn:aws:iam::123456789012:role/app-worker"
	tests := []struct {
		name     string
		identity []Statement
		want     []string // risk IDs that must be hit
		not      []string // risk IDs that must not be hit
		cond     map[string]bool
	}{
		{
			name:     "PassRole on one role still escalates with lambda on *",
			identity: []Statement{allow(list("iam:PassRole"), role), allow(list("lambda:CreateFunction", "lambda:InvokeFunction"), "*")},
			want:     []string{"passrole-lambda-invoke"},
			not:      []string{"passrole-lambda-event-source"},
		},
		{
			name:     "lambda scoped to the app's functions does not count",
			identity: []Statement{allow(list("iam:PassRole"), "*"), allow(list("lambda:CreateFunction", "lambda:InvokeFunction"), "arn:aws:lambda:*:*:function:app-*")},
			not:      []string{"passrole-lambda-invoke", "lambda-update-code"},
		},
		{
			name:     "wildcard action",
			identity: []Statement{allow(list("iam:*"), "*")},
			want:     []string{"create-policy-version", "attach-role-policy", "create-access-key", "expose-credentials", "modify-any-resource"},
			not:      []string{"update-assume-role-policy", "passrole-ec2"},
		},
		{
			name:     "reading one bucket is not exfiltration of all",
			identity: []Statement{allow(list("s3:GetObject"), "arn:aws:s3:::app-data/*")},
			not:      []string{"read-any-object"},
		},
		{
			name:     "reading every bucket is",
			identity: []Statement{allow(list("s3:GetObject"), "arn:aws:s3:::*")},
			want:     []string{"read-any-object"},
		},
		{
			name:     "SSM pattern",
			identity: []Statement{allow(list("ssm:GetParametersByPath"), "*")},
			want:     []string{"read-any-secret"},
		},
		{
			name:     "all buckets but one still count",
			identity: []Statement{allow(list("s3:GetObject"), "*"), deny(list("s3:GetObject"), "arn:aws:s3:::secrets/*")},
			want:     []string{"read-any-object"},
		},
		{
			name:     "denied action does not count",
			identity: []Statement{allow(list("iam:PassRole", "ec2:RunInstances"), "*"), deny(list("ec2:Run*"), "*")},
			not:      []string{"passrole-ec2"},
		},
		{
			name:     "conditional grant makes the hit conditional",
			identity: []Statement{conditional(allow(list("iam:PassRole"), "*")), allow(list("ec2:RunInstances"), "*")},
			want:     []string{"passrole-ec2"},
			cond:     map[string]bool{"passrole-ec2": true},
		},
		{
			name:     "unconditional hit",
			identity: []Statement{allow(list("iam:PassRole", "ec2:RunInstances"), "*")},
			want:     []string{"passrole-ec2"},
			cond:     map[string]bool{"passrole-ec2": false},
		},
		{
			name:     "read on all resources is not infrastructure modification",
			identity: []Statement{allow(list("s3:GetObject", "s3:ListBucket"), "*")},
			not:      []string{"modify-any-resource"},
		},
		{
			name:     "write on all resources is",
			identity: []Statement{allow(list("dynamodb:DeleteTable"), "arn:aws:dynamodb:*:*:table/*")},
			want:     []string{"modify-any-resource"},
		},
		{
			name:     "write on one table is not",
			identity: []Statement{allow(list("dynamodb:DeleteTable"), "arn:aws:dynamodb:*:*:table/orders")},
			not:      []string{"modify-any-resource"},
		},
		{
			name:     "basic execution role is harmless",
			identity: mustManaged(t, "AWSLambdaBasicExecutionRole"),
			not:      []string{"modify-any-resource", "read-any-logs", "read-any-object", "expose-credentials"},
		},
	}
	for _, tt := range tests {
		hits := Risks(Effective(tt.identity, nil))
		ids := hitIDs(hits)
		for _, id := range tt.want {
			if !slices.Contains(ids, id) {
				t.Errorf("%s: risk %s not hit; hits %v", tt.name, id, ids)
			}
		}
		for _, id := range tt.not {
			if slices.Contains(ids, id) {
				t.Errorf("%s: risk %s hit", tt.name, id)
			}
		}
		for _, h := range hits {
			if want, ok := tt.cond[h.Risk.ID]; ok && h.Conditional != want {
				t.Errorf("%s: risk %s conditional = %v, want %v", tt.name, h.Risk.ID, h.Conditional, want)
			}
		}
	}
}

func mustManaged(t *testing.T, name string) []Statement {
	t.Helper()
	sts, ok := ManagedPolicy(name)
	if !ok {
		t.Fatalf("no managed policy %s", name)
	}
	return sts
}

func TestRiskHitActions(t *testing.T) {
	hits := Risks(Effective([]Statement{allow(list("iam:PassRole"), "arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"), allow(list("ec2:RunInstances"), "*")}, nil))
	i := slices.IndexFunc(hits, func(h RiskHit) bool { return h.Risk.ID == "passrole-ec2" })
	if i < 0 {
		t.Fatalf("passrole-ec2 not hit: %v", hitIDs(hits))
	}
	if diff := cmp.Diff([]string{"ec2:RunInstances", "iam:PassRole"}, hits[i].Actions()); diff != "" {
		t.Errorf("Actions() (-want +got):\n%s", diff)
	}
	if len(hits[i].Grants) != 3 {
		t.Errorf("passrole-ec2 grants = %v, want both PassRole grants and RunInstances", grantStrings(hits[i].Grants))
	}
}

func TestRisksHandBuiltGrants(t *testing.T) {
	a, _ := LookupAction("iam:CreatePolicyVersion")
	hits := Risks([]Grant{{Action: a, Resource: "*"}})
	if !slices.Contains(hitIDs(hits), "create-policy-version") {
		t.Errorf("Risks on a hand-built grant: hits %v, want create-policy-version", hitIDs(hits))
	}
	hits = Risks([]Grant{{Action: Action{Service: "nosuch", Name: "Thing"}, Resource: "*"}})
	if len(hits) != 0 {
		t.Errorf("Risks on an unknown action: hits %v", hitIDs(hits))
	}
}
