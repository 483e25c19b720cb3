package policy

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAnalyzeApp(t *testing.T) {
	a := analyzeFunction(t, filepath.Join("testdata", "app"), "Notify")
	if a.Status != Analysed {
		t.Fatalf("status = %s, want %s", a.Status, Analysed)
	}
	var got []string
	for _, s := range a.Minimal() {
		got = append(got, strings.Join(s.Actions, ",")+" on "+strings.Join(s.Resources, ","))
	}
	table := "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Orders}"
	logs := "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${AWS::StackName}-Notify-*"
	want := []string{
		"dynamodb:GetItem,dynamodb:PutItem on " + table,
		"logs:CreateLogGroup,logs:CreateLogStream on " + logs + ":*",
		"logs:PutLogEvents on " + logs + ":log-stream:*",
		"sns:Publish on ${Topic}",
		"sqs:DeleteMessage,sqs:GetQueueAttributes,sqs:ReceiveMessage on ${Jobs.Arn}",
		"xray:PutTelemetryRecords,xray:PutTraceSegments on *",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("minimal policy (-want +got):\n%s", diff)
	}
	var missing []string
	for _, m := range a.Missing {
		missing = append(missing, m.Action+" on "+m.Resource)
	}
	if diff := cmp.Diff([]string{"dynamodb:PutItem on " + table}, missing); diff != "" {
		t.Errorf("missing (-want +got):\n%s", diff)
	}
	unused := strings.Join(a.UnusedActionNames(), " ")
	for _, act := range []string{"dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem"} {
		if !strings.Contains(unused, act) {
			t.Errorf("%s not unused: %s", act, unused)
		}
	}
	for _, act := range []string{"dynamodb:GetItem", "sns:Publish"} {
		if strings.Contains(unused, act) {
			t.Errorf("%s reported unused: %s", act, unused)
		}
	}
	if a.OverPermission <= 0 || a.OverPermission >= 1 || a.UnusedActions >= a.Granted {
		t.Errorf("over-permission %v (%d of %d)", a.OverPermission, a.UnusedActions, a.Granted)
	}
}

func TestRender(t *testing.T) {
	a := analyzeFunction(t, filepath.Join("testdata", "app"), "Notify")
	tests := []struct {
		format string
		want   []string
	}{
		{"json", []string{`"Version": "2012-10-17"`, `"sns:Publish"`, `"function": "Notify"`}},
		{"sam", []string{"Notify:\n  Properties:\n    Policies:\n", "      - SNSPublishMessagePolicy:\n          TopicName: !GetAtt Topic.TopicName\n",
			"- !Sub 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Orders}'"}},
		{"serverless", []string{"provider:\n  iam:\n    role:\n      statements:\n", "- logs:PutLogEvents"}},
		{"terraform", []string{`data "aws_iam_policy_document" "notify"`, `"arn:${data.aws_partition.current.partition}:dynamodb:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:table/${Orders}"`}},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := Render(&b, tt.format, []*Analysis{a}); err != nil {
			t.Fatalf("Render(%s): %v", tt.format, err)
		}
		for _, w := range tt.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("Render(%s) lacks %q:\n%s", tt.format, w, b.String())
			}
		}
		if tt.format == "sam" && strings.Contains(b.String(), "logs:") {
			t.Errorf("Render(sam) writes the runtime's logging, which SAM adds itself:\n%s", b.String())
		}
	}
	if err := Render(&bytes.Buffer{}, "yaml", nil); err == nil {
		t.Error("Render(yaml) succeeded, want an error")
	}
}

func TestCloudTrail(t *testing.T) {
	fh, err := os.Open(filepath.Join("testdata", "trail.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	act, err := ReadActivity(fh, "trail.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(act) != 1 {
		t.Fatalf("sessions = %v, want one", act)
	}
	app, root := loadApp(t, filepath.Join("testdata", "app"))
	_ = root
	f := app.Functions[0]
	fa := FunctionActivity(f, act)
	if fa == nil {
		t.Fatal("no activity for Notify's session app-Notify-XYZ")
	}
	a := AnalyzeObserved(app, f, "", fa, false)
	var needs, missing []string
	for _, n := range a.Needs {
		needs = append(needs, n.Action+" on "+n.Resource)
	}
	for _, n := range a.Missing {
		missing = append(missing, n.Action+" on "+n.Resource)
	}
	wantNeeds := []string{
		"dynamodb:GetItem on arn:aws:dynamodb:eu-west-1:123456789012:table/app-Orders-1X",
		"sns:Publish on arn:aws:sns:eu-west-1:123456789012:app-Topic-1A",
	}
	if diff := cmp.Diff(wantNeeds, needs); diff != "" {
		t.Errorf("needs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"dynamodb:PutItem on arn:aws:dynamodb:eu-west-1:123456789012:table/app-Orders-1X"}, missing); diff != "" {
		t.Errorf("missing (-want +got):\n%s", diff)
	}
	unused := strings.Join(a.UnusedActionNames(), " ")
	if strings.Contains(unused, "dynamodb:GetItem") || strings.Contains(unused, "sns:Publish") || !strings.Contains(unused, "dynamodb:Scan") {
		t.Errorf("unused = %s", unused)
	}
}

func TestTerraform(t *testing.T) {
	a := analyzeFunction(t, filepath.Join("testdata", "tfapp"), "fn")
	if a.Status != Analysed {
		t.Fatalf("status = %s", a.Status)
	}
	if len(a.Missing) != 0 {
		t.Errorf("missing = %v, want none: dynamodb:* on the table covers the put", a.Missing)
	}
	unused := strings.Join(a.UnusedActionNames(), " ")
	if strings.Contains(unused, "dynamodb:PutItem") || !strings.Contains(unused, "dynamodb:DeleteTable") {
		t.Errorf("unused = %s", unused)
	}
	var b bytes.Buffer
	if err := Render(&b, "terraform", []*Analysis{a}); err != nil {
		t.Fatal(err)
	}
	want := "    actions   = [\"dynamodb:PutItem\"]\n    resources = [\"${aws_dynamodb_table.orders.arn}\"]\n"
	if !strings.Contains(b.String(), want) {
		t.Errorf("terraform output lacks %q:\n%s", want, b.String())
	}
}
