package iam

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/slsguard/slsguard/internal/model"
)

func loc(line int) model.Location { return model.Location{File: "template.yaml", Line: line} }

func str(s string, line int) model.String { return model.Str(s, loc(line)) }

func TestFromModel(t *testing.T) {
	st := &model.Statement{
		Loc:    loc(10),
		Source: "SAM policy template DynamoDBCrudPolicy",
		Effect: str("Allow", 11),
		Action: []model.String{str("dynamodb:GetItem", 12), str("dynamodb:PutItem", 13)},
		Resource: []model.String{
			{V: "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}", Origin: model.Unresolved, Symbol: "the ARN of table Table", Loc: loc(14)},
			{Origin: model.Unresolved, Symbol: "ImportedArn", Loc: loc(15)},
			{V: "aws_s3_bucket.data.arn", Origin: model.Unresolved, Loc: loc(16)},
		},
		Condition: []model.Condition{{Operator: "StringEquals", Key: "aws:PrincipalTag/team", Values: []model.String{str("a", 16)}}},
	}
	want := Statement{
		Effect:     "Allow",
		Action:     []string{"dynamodb:GetItem", "dynamodb:PutItem"},
		Resource:   []string{"arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}", "${ImportedArn}", "${aws_s3_bucket.data.arn}"},
		Conditions: true,
		Source:     "SAM policy template DynamoDBCrudPolicy",
		Loc:        loc(10),
	}
	if diff := cmp.Diff(want, FromModel(st)); diff != "" {
		t.Errorf("FromModel (-want +got):\n%s", diff)
	}
}

func TestForRole(t *testing.T) {
	custom := &model.Policy{
		ID: "WorkerPolicy", Name: str("worker", 40), Loc: loc(40),
		Statements: []*model.Statement{{Effect: str("Allow", 41), Action: []model.String{str("sqs:SendMessage", 42)}, Resource: []model.String{str("*", 43)}}},
		Roles:      []model.String{str("WorkerRole", 44)},
	}
	boundaryPol := &model.Policy{
		ID: "Boundary", Name: str("boundary", 50), Loc: loc(50),
		Statements: []*model.Statement{{Effect: str("Allow", 51), Action: []model.String{str("sqs:*", 52), str("logs:*", 52)}, Resource: []model.String{str("*", 53)}}},
	}
	role := &model.Role{
		ID: "WorkerRole", Name: str("worker-role", 20), Loc: loc(20),
		ManagedPolicies: []model.String{
			{V: "AWSLambdaBasicExecutionRole", Origin: model.Defaulted, Loc: loc(20)},
			str("arn:aws:iam::123456789012:policy/External", 21),
			{V: "${SharedPolicyArn}", Origin: model.Unresolved, Symbol: "SharedPolicyArn", Loc: loc(22)},
		},
		Statements: []*model.Statement{{Effect: str("Allow", 30), Action: []model.String{str("s3:GetObject", 31)}, Resource: []model.String{str("arn:aws:s3:::data/*", 32)}}},
		Boundary:   model.String{V: "${Boundary}", Origin: model.Unresolved, RefTarget: "Boundary", Loc: loc(23)},
	}
	rp := ForRole(role, []*model.Policy{custom, boundaryPol})
	var sources []string
	for _, s := range rp.Identity {
		sources = append(sources, s.Source+" @ "+s.Loc.String())
	}
	wantSources := []string{
		" @ -",
		"AWS managed policy AWSLambdaBasicExecutionRole @ template.yaml:20",
		"policy WorkerPolicy @ -",
	}
	if diff := cmp.Diff(wantSources, sources); diff != "" {
		t.Errorf("ForRole identity sources (-want +got):\n%s", diff)
	}
	var unresolved []string
	for _, u := range rp.Unresolved {
		unresolved = append(unresolved, u.Text())
	}
	if diff := cmp.Diff([]string{"arn:aws:iam::123456789012:policy/External", "SharedPolicyArn"}, unresolved); diff != "" {
		t.Errorf("ForRole unresolved (-want +got):\n%s", diff)
	}
	got := grantStrings(Effective(rp.Identity, rp.Boundary))
	want := []string{"logs:CreateLogGroup on *", "logs:CreateLogStream on *", "logs:PutLogEvents on *", "sqs:SendMessage on *"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Effective for the role (-want +got):\n%s", diff)
	}
}
