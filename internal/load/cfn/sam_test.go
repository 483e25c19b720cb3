package cfn

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/model"
)

const samApp = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Timeout: 10
    Environment:
      Variables:
        STAGE: prod
        SHARED: global
  Api:
    Auth:
      DefaultAuthorizer: Cognito
      Authorizers:
        Cognito:
          UserPoolArn: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/x
Resources:
  Orders:
    Type: AWS::Serverless::SimpleTable
  Writer:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      CodeUri: src/writer/
      Timeout: 20
      Environment:
        Variables:
          SHARED: local
          TABLE: !Ref Orders
      Policies:
        - DynamoDBWritePolicy:
            TableName: !Ref Orders
        - AmazonS3ReadOnlyAccess
        - Statement:
            - Effect: Allow
              Action: sqs:SendMessage
              Resource: '*'
      Events:
        Post:
          Type: Api
          Properties:
            Path: /orders
            Method: post
        Open:
          Type: Api
          Properties:
            Path: /health
            Method: get
            Auth:
              Authorizer: NONE
        Queue:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
  Jobs:
    Type: AWS::SQS::Queue
  Shared:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
  A:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.handler
      Role: !GetAtt Shared.Arn
  B:
    Type: AWS::Serverless::Function
    Properties:
      Handler: b.handler
      Role: !Sub arn:aws:iam::${AWS::AccountId}:role/Shared
`

func loadSAM(t *testing.T) *model.App {
	t.Helper()
	app, probs, err := Load("app.yaml", []byte(samApp), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Errorf("problem: %v", p)
	}
	return app
}

func fn(app *model.App, id string) *model.Function {
	for _, f := range app.Functions {
		if f.ID == id {
			return f
		}
	}
	return nil
}

func TestGlobalsMerged(t *testing.T) {
	f := fn(loadSAM(t), "Writer")
	if f.Runtime.V != "python3.12" || f.Runtime.Loc.Line != 5 {
		t.Errorf("Runtime = %q at line %d, want python3.12 from Globals at line 5", f.Runtime.V, f.Runtime.Loc.Line)
	}
	if f.Timeout.V != 20 {
		t.Errorf("Timeout = %d, want the function's own 20", f.Timeout.V)
	}
	env := map[string]string{}
	for _, e := range f.Env {
		env[e.Name.V] = e.Value.V
	}
	want := map[string]string{"STAGE": "prod", "SHARED": "local", "TABLE": "${Orders}"}
	if diff := cmp.Diff(want, env); diff != "" {
		t.Errorf("environment (-want +got):\n%s", diff)
	}
}

func TestImplicitAPIAndAuth(t *testing.T) {
	app := loadSAM(t)
	if len(app.APIs) != 1 || app.APIs[0].ID != "ServerlessRestApi" || !app.APIs[0].Implicit {
		t.Fatalf("APIs = %+v, want the implicit ServerlessRestApi", app.APIs)
	}
	got := map[string]string{}
	for _, r := range app.APIs[0].Routes {
		got[r.Method.V+" "+r.Path.V] = r.Auth.V + "/" + r.Auth.Origin.String()
	}
	want := map[string]string{"POST /orders": "Cognito/default", "GET /health": "NONE/explicit"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("route auth (-want +got):\n%s", diff)
	}
}

func TestPoliciesThreeForms(t *testing.T) {
	f := fn(loadSAM(t), "Writer")
	if f.Role == nil || !f.Role.Implicit || f.Role.ID != "WriterRole" {
		t.Fatalf("role = %+v, want SAM's generated WriterRole", f.Role)
	}
	var managed []string
	for _, m := range f.Role.ManagedPolicies {
		managed = append(managed, m.V)
	}
	sort.Strings(managed)
	want := []string{"AWSLambdaBasicExecutionRole", "AWSLambdaSQSQueueExecutionRole", "AmazonS3ReadOnlyAccess"}
	if diff := cmp.Diff(want, managed); diff != "" {
		t.Errorf("managed policies (-want +got):\n%s", diff)
	}
	var actions []string
	var tableRes string
	for _, st := range f.Role.Statements {
		for _, a := range st.Action {
			actions = append(actions, a.V)
		}
		if st.Template == "DynamoDBWritePolicy" && len(st.Resource) > 0 {
			tableRes = st.Resource[0].V
		}
	}
	for _, a := range []string{"dynamodb:PutItem", "dynamodb:UpdateItem", "sqs:SendMessage"} {
		if !contains(actions, a) {
			t.Errorf("actions %v lack %s", actions, a)
		}
	}
	if contains(actions, "dynamodb:DeleteTable") {
		t.Errorf("DynamoDBWritePolicy expanded to DeleteTable")
	}
	if !strings.HasSuffix(tableRes, ":table/${Orders}") {
		t.Errorf("DynamoDBWritePolicy resource = %q, want the ARN of table Orders", tableRes)
	}
}

func TestTriggers(t *testing.T) {
	f := fn(loadSAM(t), "Writer")
	var kinds []string
	for _, tr := range f.Triggers {
		kinds = append(kinds, string(tr.Kind)+":"+tr.Source.V)
	}
	want := []string{"api-rest:POST /orders", "api-rest:GET /health", "sqs:${Jobs.Arn}"}
	if diff := cmp.Diff(want, kinds); diff != "" {
		t.Errorf("triggers (-want +got):\n%s", diff)
	}
}

func TestSharedRoleResolved(t *testing.T) {
	app := loadSAM(t)
	a, b := fn(app, "A"), fn(app, "B")
	if a.Role == nil || a.Role != b.Role || a.Role.ID != "Shared" {
		t.Errorf("A.Role = %v, B.Role = %v, want both the Shared role (GetAtt and an ARN built with Sub)", a.Role, b.Role)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestPlainCloudFormationTriggers(t *testing.T) {
	src := `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      Role: arn:aws:iam::123456789012:role/r
  TG:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets: [{Id: !GetAtt Fn.Arn}]
  Rule:
    Type: AWS::IoT::TopicRule
    Properties:
      TopicRulePayload:
        Sql: SELECT * FROM 'sensors/#'
        Actions: [{Lambda: {FunctionArn: !GetAtt Fn.Arn}}]
  Pool:
    Type: AWS::Cognito::UserPool
    Properties:
      LambdaConfig:
        PreSignUp: !GetAtt Fn.Arn
  Sub:
    Type: AWS::Logs::SubscriptionFilter
    Properties:
      LogGroupName: /app
      FilterPattern: ""
      DestinationArn: !GetAtt Fn.Arn
  Repo:
    Type: AWS::CodeCommit::Repository
    Properties:
      RepositoryName: r
      Triggers: [{Name: t, DestinationArn: !GetAtt Fn.Arn, Events: [all]}]
  Q:
    Type: AWS::SQS::Queue
  ESM:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: !GetAtt Q.Arn
  Sched:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(1 hour)
      Targets: [{Id: t, Arn: !GetAtt Fn.Arn}]
`
	app, probs, err := Load("t.yaml", []byte(src), Options{})
	if err != nil || len(probs) > 0 {
		t.Fatalf("Load: %v %v", err, probs)
	}
	var kinds []string
	for _, tr := range app.Functions[0].Triggers {
		kinds = append(kinds, string(tr.Kind))
	}
	want := []string{"alb", "iot", "cognito", "cloudwatch-logs", "codecommit", "sqs", "schedule"}
	if diff := cmp.Diff(want, kinds); diff != "" {
		t.Errorf("triggers (-want +got):\n%s", diff)
	}
}
