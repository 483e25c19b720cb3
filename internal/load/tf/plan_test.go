package tf

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadPlan(t *testing.T) {
	data, err := os.ReadFile("testdata/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	if !LooksLikePlan(data) {
		t.Fatal("LooksLikePlan(plan.json) = false")
	}
	app, problems, err := LoadPlan("plan.json", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Errorf("problems: %v", problems)
	}
	got := fnSummary(fn(t, app, "api"))
	want := []string{"id=api", "name=api", "runtime=nodejs16.x", "timeout=30", "memory=512",
		"env STAGE=prod", "env STRIPE_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc", "url auth=NONE@37", "role=aws_iam_role.app"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("function (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"managed arn:aws:iam::aws:policy/AdministratorAccess"}, roleStatements(t, app, "aws_iam_role.app")); diff != "" {
		t.Errorf("role (-want +got):\n%s", diff)
	}
	if len(app.Stores) != 1 || app.Stores[0].ID != "module.data.aws_dynamodb_table.t[0]" || app.Stores[0].Name.V != "orders" {
		t.Errorf("stores = %+v, want module.data.aws_dynamodb_table.t[0] named orders", app.Stores)
	}
	if app.Functions[0].Loc.Line == 0 || app.Functions[0].Loc.File != "plan.json" {
		t.Errorf("function location = %v, want a line of plan.json", app.Functions[0].Loc)
	}
}

func TestLooksLikePlan(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{`{"format_version":"1.0","planned_values":{"root_module":{}}}`, true},
		{`{"format_version":"1.0","values":{"root_module":{}}}`, true},
		{`{"AWSTemplateFormatVersion":"2010-09-09","Resources":{}}`, false},
		{`resource "aws_s3_bucket" "b" {}`, false},
		{``, false},
	}
	for _, tc := range tests {
		if got := LooksLikePlan([]byte(tc.in)); got != tc.want {
			t.Errorf("LooksLikePlan(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
