package iam

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestManagedPolicyLookup(t *testing.T) {
	tests := []struct {
		in   string
		ok   bool
		arn  string
		from string
	}{
		{"AdministratorAccess", true, "arn:aws:iam::aws:policy/AdministratorAccess", "AWS managed policy AdministratorAccess"},
		{"arn:aws:iam::aws:policy/AdministratorAccess", true, "arn:aws:iam::aws:policy/AdministratorAccess", "AWS managed policy AdministratorAccess"},
		{"AWSLambdaBasicExecutionRole", true, "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "AWS managed policy AWSLambdaBasicExecutionRole"},
		{"service-role/AWSLambdaBasicExecutionRole", true, "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "AWS managed policy AWSLambdaBasicExecutionRole"},
		{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", true, "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "AWS managed policy AWSLambdaBasicExecutionRole"},
		{"arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess", true, "arn:aws:iam::aws:policy/ReadOnlyAccess", "AWS managed policy ReadOnlyAccess"},
		{"arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole", true, "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole", "AWS managed policy AWSLambdaVPCAccessExecutionRole"},
		{"administratoraccess", true, "arn:aws:iam::aws:policy/AdministratorAccess", "AWS managed policy AdministratorAccess"},
		{"arn:aws:iam::123456789012:policy/AdministratorAccess", false, "", ""},
		{"AdministratorAcess", false, "", ""},
		{"", false, "", ""},
	}
	for _, tt := range tests {
		sts, ok := ManagedPolicy(tt.in)
		if ok != tt.ok || IsAWSManaged(tt.in) != tt.ok {
			t.Errorf("ManagedPolicy(%q) ok = %v, IsAWSManaged = %v, want %v", tt.in, ok, IsAWSManaged(tt.in), tt.ok)
			continue
		}
		if !ok {
			continue
		}
		arn, _ := ManagedPolicyARN(tt.in)
		if arn != tt.arn || len(sts) == 0 || sts[0].Source != tt.from {
			t.Errorf("ManagedPolicy(%q) = ARN %s, %d statements from %q, want %s from %q", tt.in, arn, len(sts), sts[0].Source, tt.arn, tt.from)
		}
	}
	if n := len(ManagedPolicyNames()); n < 1500 {
		t.Errorf("len(ManagedPolicyNames()) = %d, want >= 1500", n)
	}
}

func TestManagedPolicyGrants(t *testing.T) {
	basic, _ := ManagedPolicy("AWSLambdaBasicExecutionRole")
	want := []string{"logs:CreateLogGroup on *", "logs:CreateLogStream on *", "logs:PutLogEvents on *"}
	if diff := cmp.Diff(want, grantStrings(Effective(basic, nil))); diff != "" {
		t.Errorf("AWSLambdaBasicExecutionRole grants (-want +got):\n%s", diff)
	}
	admin, _ := ManagedPolicy("AdministratorAccess")
	if got := len(Effective(admin, nil)); got != ActionCount() {
		t.Errorf("AdministratorAccess grants %d actions, want all %d", got, ActionCount())
	}
	ro, _ := ManagedPolicy("ReadOnlyAccess")
	roGrants := Effective(ro, nil)
	for _, a := range []string{"iam:CreateAccessKey", "s3:PutObject", "lambda:UpdateFunctionCode", "iam:PassRole"} {
		if ok, _ := Allowed(ro, nil, a, "*"); ok {
			t.Errorf("ReadOnlyAccess allows %s", a)
		}
	}
	if ok, _ := Allowed(ro, nil, "s3:GetObject", "arn:aws:s3:::b/k"); !ok || len(roGrants) < 1000 {
		t.Errorf("ReadOnlyAccess: s3:GetObject allowed = %v, %d grants", ok, len(roGrants))
	}
}
