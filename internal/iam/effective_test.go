package iam

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func allow(actions []string, resources ...string) Statement {
	return Statement{Effect: "Allow", Action: actions, Resource: resources, Source: "test"}
}

func deny(actions []string, resources ...string) Statement {
	return Statement{Effect: "Deny", Action: actions, Resource: resources, Source: "test"}
}

func conditional(s Statement) Statement { s.Conditions = true; return s }

func list(s ...string) []string { return s }

func grantStrings(gs []Grant) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.String()
	}
	return out
}

func TestEffective(t *testing.T) {
	const bucket = "arn:aws:s3:::data/*"
	tests := []struct {
		name     string
		identity []Statement
		boundary []Statement
		want     []string
	}{
		{
			name:     "plain allow",
			identity: []Statement{allow(list("s3:GetObject", "s3:PutObject"), bucket)},
			want:     []string{"s3:GetObject on " + bucket, "s3:PutObject on " + bucket},
		},
		{
			name:     "case-insensitive actions",
			identity: []Statement{allow(list("S3:getobject"), bucket)},
			want:     []string{"s3:GetObject on " + bucket},
		},
		{
			name:     "unknown actions grant nothing",
			identity: []Statement{allow(list("s3:GetObjcet"), bucket)},
			want:     []string{},
		},
		{
			name:     "wildcard action",
			identity: []Statement{allow(list("logs:CreateLog*"), "*")},
			want: []string{"logs:CreateLogAnomalyDetector on *", "logs:CreateLogDelivery on *",
				"logs:CreateLogGroup on *", "logs:CreateLogStream on *"},
		},
		{
			name:     "deny over allow",
			identity: []Statement{allow(list("s3:GetObject", "s3:PutObject"), bucket), deny(list("s3:PutObject"), "*")},
			want:     []string{"s3:GetObject on " + bucket},
		},
		{
			name:     "deny with wildcard action, case-insensitive",
			identity: []Statement{allow(list("s3:GetObject", "s3:PutObject"), bucket), deny(list("S3:PUT*"), bucket)},
			want:     []string{"s3:GetObject on " + bucket},
		},
		{
			name:     "narrower deny carves out",
			identity: []Statement{allow(list("s3:GetObject"), "*"), deny(list("s3:GetObject"), "arn:aws:s3:::secrets/*")},
			want:     []string{"s3:GetObject on * except arn:aws:s3:::secrets/*"},
		},
		{
			name:     "deny on another resource has no effect",
			identity: []Statement{allow(list("s3:GetObject"), bucket), deny(list("s3:GetObject"), "arn:aws:s3:::other/*")},
			want:     []string{"s3:GetObject on " + bucket},
		},
		{
			name:     "conditional deny makes the grant conditional",
			identity: []Statement{allow(list("s3:GetObject"), bucket), conditional(deny(list("s3:*"), "*"))},
			want:     []string{"s3:GetObject on " + bucket + " (conditional)"},
		},
		{
			name:     "conditional allow",
			identity: []Statement{conditional(allow(list("s3:GetObject"), bucket))},
			want:     []string{"s3:GetObject on " + bucket + " (conditional)"},
		},
		{
			name:     "an unconditional source wins over a conditional one",
			identity: []Statement{conditional(allow(list("s3:GetObject"), bucket)), allow(list("s3:GetObject"), bucket)},
			want:     []string{"s3:GetObject on " + bucket},
		},
		{
			name:     "NotResource",
			identity: []Statement{{Effect: "Allow", Action: list("s3:GetObject"), NotResource: list("arn:aws:s3:::secrets/*")}},
			want:     []string{"s3:GetObject on * except arn:aws:s3:::secrets/*"},
		},
		{
			name:     "NotResource covering the grant leaves nothing",
			identity: []Statement{{Effect: "Allow", Action: list("s3:GetObject"), NotResource: list("*")}},
			want:     []string{},
		},
		{
			name: "deny with NotResource narrows the grant",
			identity: []Statement{allow(list("s3:GetObject"), "*"),
				{Effect: "Deny", Action: list("s3:*"), NotResource: list(bucket)}},
			want: []string{"s3:GetObject on " + bucket},
		},
		{
			name: "deny with NotResource that spares the grant",
			identity: []Statement{allow(list("s3:GetObject"), bucket),
				{Effect: "Deny", Action: list("s3:*"), NotResource: list("arn:aws:s3:::*")}},
			want: []string{"s3:GetObject on " + bucket},
		},
		{
			name:     "deny with NotAction",
			identity: []Statement{allow(list("sts:AssumeRole", "sts:GetCallerIdentity"), "*"), {Effect: "Deny", NotAction: list("sts:Get*"), Resource: list("*")}},
			want:     []string{"sts:GetCallerIdentity on *"},
		},
		{
			name:     "placeholders: a deny on all tables removes a grant on a template table",
			identity: []Statement{allow(list("dynamodb:GetItem"), "${OrdersTable.Arn}", "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}"), deny(list("dynamodb:*"), "arn:aws:dynamodb:*:*:table/*")},
			want:     []string{"dynamodb:GetItem on ${OrdersTable.Arn}"},
		},
		{
			name:     "statement without resource grants nothing",
			identity: []Statement{{Effect: "Allow", Action: list("s3:GetObject")}},
			want:     []string{},
		},
		{
			name:     "boundary intersects",
			identity: []Statement{allow(list("s3:*"), "*")},
			boundary: []Statement{allow(list("s3:GetObject"), bucket)},
			want:     []string{"s3:GetObject on " + bucket},
		},
		{
			name:     "boundary with two narrower resources splits the grant",
			identity: []Statement{allow(list("s3:GetObject"), "*")},
			boundary: []Statement{allow(list("s3:GetObject"), "arn:aws:s3:::b/*", "arn:aws:s3:::a/*")},
			want:     []string{"s3:GetObject on arn:aws:s3:::a/*", "s3:GetObject on arn:aws:s3:::b/*"},
		},
		{
			name:     "boundary overlapping without covering keeps the identity's pattern",
			identity: []Statement{allow(list("s3:GetObject"), "arn:aws:s3:::app-*")},
			boundary: []Statement{allow(list("s3:GetObject"), "arn:aws:s3:::*/public/*")},
			want:     []string{"s3:GetObject on arn:aws:s3:::app-*"},
		},
		{
			name:     "boundary on other resources removes the grant",
			identity: []Statement{allow(list("s3:GetObject"), "arn:aws:s3:::a/*")},
			boundary: []Statement{allow(list("s3:GetObject"), "arn:aws:s3:::b/*")},
			want:     []string{},
		},
		{
			name:     "boundary wider than the identity",
			identity: []Statement{allow(list("s3:GetObject"), bucket)},
			boundary: []Statement{allow(list("*"), "*")},
			want:     []string{"s3:GetObject on " + bucket},
		},
		{
			name:     "boundary deny",
			identity: []Statement{allow(list("s3:GetObject", "s3:PutObject"), bucket)},
			boundary: []Statement{allow(list("*"), "*"), deny(list("s3:Put*"), "*")},
			want:     []string{"s3:GetObject on " + bucket},
		},
		{
			name:     "conditional boundary",
			identity: []Statement{allow(list("s3:GetObject"), bucket)},
			boundary: []Statement{conditional(allow(list("s3:*"), "*"))},
			want:     []string{"s3:GetObject on " + bucket + " (conditional)"},
		},
		{
			name:     "empty boundary allows nothing",
			identity: []Statement{allow(list("s3:GetObject"), bucket)},
			boundary: []Statement{},
			want:     []string{},
		},
	}
	for _, tt := range tests {
		got := grantStrings(Effective(tt.identity, tt.boundary))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: Effective (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestEffectiveNotAction(t *testing.T) {
	gs := Effective([]Statement{{Effect: "Allow", NotAction: list("iam:*", "organizations:*"), Resource: list("*")}}, nil)
	want := ActionCount() - len(Expand("iam:*")) - len(Expand("organizations:*"))
	if len(gs) != want {
		t.Errorf("Allow NotAction iam:*, organizations:*: %d grants, want %d", len(gs), want)
	}
	for _, g := range gs {
		if g.Action.Service == "iam" || g.Action.Service == "organizations" {
			t.Fatalf("Allow NotAction iam:* grants %s", g)
		}
	}
}

func TestEffectiveSources(t *testing.T) {
	a := allow(list("s3:GetObject"), "*")
	a.Source = "first"
	b := conditional(allow(list("s3:Get*"), "*"))
	b.Source = "second"
	sts := []Statement{a, b}
	gs := Effective(sts, nil)
	i := slices.IndexFunc(gs, func(g Grant) bool { return g.Action.Name == "GetObject" })
	if i < 0 {
		t.Fatal("no s3:GetObject grant")
	}
	var srcs []string
	for _, s := range gs[i].Sources {
		srcs = append(srcs, s.Source)
	}
	if diff := cmp.Diff([]string{"first", "second"}, srcs); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
	if gs[i].Conditional {
		t.Errorf("s3:GetObject is conditional although %q allows it unconditionally", a.Source)
	}
	if sts[0].Source != "first" || len(sts) != 2 {
		t.Errorf("Effective modified its input: %+v", sts)
	}
}

func TestAllowed(t *testing.T) {
	identity := []Statement{
		allow(list("s3:GetObject", "s3:PutObject"), "arn:aws:s3:::data/*"),
		conditional(allow(list("s3:DeleteObject"), "arn:aws:s3:::data/*")),
		deny(list("s3:PutObject"), "arn:aws:s3:::data/locked/*"),
		conditional(deny(list("s3:GetObject"), "arn:aws:s3:::data/private/*")),
		{Effect: "Allow", NotAction: list("s3:*", "iam:*", "sqs:*"), Resource: list("*")},
		{Effect: "Allow", Action: list("sqs:SendMessage"), NotResource: list("arn:aws:sqs:*:*:internal")},
	}
	boundary := []Statement{allow(list("s3:*", "sqs:*", "dynamodb:*"), "*")}
	tests := []struct {
		action, resource string
		boundary         []Statement
		allowed, cond    bool
	}{
		{"s3:GetObject", "arn:aws:s3:::data/a", nil, true, false},
		{"S3:GETOBJECT", "arn:aws:s3:::data/a", nil, true, false},
		{"s3:GetObject", "arn:aws:s3:::other/a", nil, false, false},
		{"s3:PutObject", "arn:aws:s3:::data/locked/a", nil, false, false},
		{"s3:PutObject", "arn:aws:s3:::data/open/a", nil, true, false},
		{"s3:GetObject", "arn:aws:s3:::data/private/a", nil, true, true},
		{"s3:DeleteObject", "arn:aws:s3:::data/a", nil, true, true},
		{"dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:1:table/t", nil, true, false},
		{"iam:PassRole", "arn:aws:iam::1:role/r", nil, false, false},
		{"sqs:SendMessage", "arn:aws:sqs:us-east-1:1:public", nil, true, false},
		{"sqs:SendMessage", "arn:aws:sqs:us-east-1:1:internal", nil, false, false},
		{"dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:1:table/t", boundary, true, false},
		{"lambda:InvokeFunction", "arn:aws:lambda:us-east-1:1:function:f", boundary, false, false},
		{"lambda:InvokeFunction", "arn:aws:lambda:us-east-1:1:function:f", nil, true, false},
		{"madeup:Action", "*", nil, true, false}, // NotAction allows anything not excluded
	}
	for _, tt := range tests {
		allowed, cond := Allowed(identity, tt.boundary, tt.action, tt.resource)
		if allowed != tt.allowed || cond != tt.cond {
			t.Errorf("Allowed(%s, %s, boundary %v) = %v, %v, want %v, %v", tt.action, tt.resource, tt.boundary != nil, allowed, cond, tt.allowed, tt.cond)
		}
	}
}

// TestEffectiveAgreesWithAllowed checks the algebra against request-level
// evaluation on concrete ARNs.
func TestEffectiveAgreesWithAllowed(t *testing.T) {
	identity := []Statement{
		allow(list("s3:Get*", "s3:Put*"), "*"),
		deny(list("s3:PutObject"), "arn:aws:s3:::locked/*"),
		{Effect: "Allow", Action: list("dynamodb:*"), NotResource: list("arn:aws:dynamodb:*:*:table/admin")},
	}
	boundary := []Statement{allow(list("s3:*", "dynamodb:GetItem"), "*")}
	arns := []string{"arn:aws:s3:::locked/x", "arn:aws:s3:::open/x", "arn:aws:dynamodb:us-east-1:1:table/admin", "arn:aws:dynamodb:us-east-1:1:table/users"}
	gs := Effective(identity, boundary)
	for _, action := range []string{"s3:GetObject", "s3:PutObject", "dynamodb:GetItem", "dynamodb:PutItem"} {
		for _, arn := range arns {
			want, _ := Allowed(identity, boundary, action, arn)
			got := slices.ContainsFunc(gs, func(g Grant) bool {
				return strings.EqualFold(g.Action.String(), action) && MatchARN(g.Resource, arn) &&
					!slices.ContainsFunc(g.Except, func(e string) bool { return MatchARN(e, arn) })
			})
			if got != want {
				t.Errorf("%s on %s: Effective grants it = %v, Allowed = %v", action, arn, got, want)
			}
		}
	}
}

func TestAllResources(t *testing.T) {
	tests := []struct {
		action, resource string
		except           []string
		want             bool
	}{
		{"s3:GetObject", "*", nil, true},
		{"s3:GetObject", "arn:aws:s3:::*", nil, true},
		{"s3:GetObject", "arn:aws:s3:::*/*", nil, true},
		{"s3:GetObject", "arn:aws:s3:::data/*", nil, false},
		{"s3:GetObject", "*", []string{"arn:aws:s3:::secret/*"}, false},
		{"iam:PassRole", "arn:aws:iam::*:role/*", nil, true},
		{"iam:PassRole", "arn:aws:iam::123456789012:role/*", nil, true},
		{"iam:PassRole", "arn:aws:iam::123456789012:role/app-*", nil, false},
		{"dynamodb:Scan", "arn:aws:dynamodb:*:*:table/*", nil, true},
		{"dynamodb:Scan", "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*", nil, true},
		{"dynamodb:Scan", "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}", nil, false},
		{"lambda:UpdateFunctionCode", "arn:aws:lambda:us-east-1:123456789012:function:*", nil, true},
		{"lambda:UpdateFunctionCode", "arn:aws:lambda:us-east-1:123456789012:function:app-*", nil, false},
		{"ecr:GetAuthorizationToken", "*", nil, true},
		{"ecr:GetAuthorizationToken", "arn:aws:ecr:*:*:repository/*", nil, false},
	}
	for _, tt := range tests {
		a, ok := LookupAction(tt.action)
		if !ok {
			t.Fatalf("unknown action %s", tt.action)
		}
		g := Grant{Action: a, Resource: tt.resource, Except: tt.except}
		if got := g.AllResources(); got != tt.want {
			t.Errorf("Grant{%s on %s except %v}.AllResources() = %v, want %v", tt.action, tt.resource, tt.except, got, tt.want)
		}
	}
}

// FuzzEffective checks the promise of Effective: it may over-state what is
// allowed, never under-state it. Whatever Allowed grants on a concrete
// request must appear among the grants.
func FuzzEffective(f *testing.F) {
	f.Add("s3:Get*", "arn:aws:s3:::data/*", "s3:GetObject", "arn:aws:s3:::data/private/*", "arn:aws:s3:::data/a", false)
	f.Add("*", "*", "iam:*", "*", "arn:aws:iam::1:role/r", true)
	f.Add("dynamodb:*", "arn:aws:dynamodb:*:*:table/${T}", "dynamodb:Delete*", "arn:aws:dynamodb:us-east-1:*:table/*", "arn:aws:dynamodb:us-east-1:1:table/${T}", false)
	f.Add("lambda:Invoke*", "arn:aws:lambda:*", "lambda:*", "arn:aws:lambda:*:*:function:admin-*", "arn:aws:lambda:eu-west-1:1:function:admin-x", false)
	f.Fuzz(func(t *testing.T, allowAct, allowRes, denyAct, denyRes, arn string, denyCond bool) {
		d := deny(list(denyAct), denyRes)
		d.Conditions = denyCond
		identity := []Statement{allow(list(allowAct), allowRes), d}
		gs := Effective(identity, nil)
		actions := Expand(allowAct)
		if len(actions) > 20 {
			actions = actions[:20]
		}
		for _, a := range actions {
			ok, _ := Allowed(identity, nil, a.String(), arn)
			if !ok {
				continue
			}
			found := slices.ContainsFunc(gs, func(g Grant) bool {
				return g.Action.String() == a.String() && MatchARN(g.Resource, arn) &&
					!slices.ContainsFunc(g.Except, func(e string) bool { return MatchARN(e, arn) })
			})
			if !found {
				t.Fatalf("Allowed(%s, %q) but Effective = %v", a, arn, grantStrings(gs))
			}
		}
	})
}

func TestFullAccess(t *testing.T) {
	admin, _ := ManagedPolicy("AdministratorAccess")
	power, _ := ManagedPolicy("PowerUserAccess")
	tests := []struct {
		name     string
		identity []Statement
		service  string
		want     bool
	}{
		{"admin, everything", admin, "", true},
		{"admin, s3", admin, "S3", true},
		{"power user, everything", power, "", false},
		{"power user, s3", power, "s3", true},
		{"power user, iam", power, "iam", false},
		{"s3:* on *", []Statement{allow(list("s3:*"), "*")}, "s3", true},
		{"s3:* on arn:aws:s3:::*", []Statement{allow(list("s3:*"), "arn:aws:s3:::*")}, "s3", false}, // s3:ListAllMyBuckets needs "*"
		{"S3:* conditional", []Statement{conditional(allow(list("S3:*"), "*"))}, "s3", false},
		{"s3:Get* on *", []Statement{allow(list("s3:Get*"), "*")}, "s3", false},
		{"NotAction iam on *, s3", []Statement{{Effect: "Allow", NotAction: list("iam:*"), Resource: list("*")}}, "s3", true},
		{"unknown service", []Statement{allow(list("*"), "*")}, "nosuch", false},
	}
	for _, tt := range tests {
		if got := FullAccess(Effective(tt.identity, nil), tt.service); got != tt.want {
			t.Errorf("%s: FullAccess(%q) = %v, want %v", tt.name, tt.service, got, tt.want)
		}
	}
}
