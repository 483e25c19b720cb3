package policy

import (
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

// RuntimeNeeds returns what Lambda needs for the function's configuration:
// writing its logs, network interfaces in a VPC, traces when tracing is
// active, polling its queue or stream triggers, and sending to its
// dead-letter target.
func RuntimeNeeds(app *model.App, f *model.Function) []Need {
	logGroup := partition + "logs:" + regionAcct + "log-group:/aws/lambda/" + functionName(app, f)
	out := []Need{
		{Action: "logs:CreateLogGroup", Resource: logGroup + ":*", Why: []string{"runtime: logging"}},
		{Action: "logs:CreateLogStream", Resource: logGroup + ":*", Why: []string{"runtime: logging"}},
		{Action: "logs:PutLogEvents", Resource: logGroup + ":log-stream:*", Why: []string{"runtime: logging"}},
	}
	add := func(why, res string, acts ...string) {
		for _, a := range acts {
			out = append(out, Need{Action: a, Resource: res, Why: []string{"runtime: " + why}})
		}
	}
	if f.VPC != nil {
		add("VPC networking", "*", "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
			"ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses")
	}
	if strings.EqualFold(f.Tracing.V, "Active") {
		add("X-Ray tracing", "*", "xray:PutTraceSegments", "xray:PutTelemetryRecords")
	}
	for _, t := range f.Triggers {
		switch t.Kind {
		case model.TriggerSQS:
			add("SQS trigger", sourceARN(app, t.Source, "Arn"), "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes")
		case model.TriggerKinesis:
			add("Kinesis trigger", sourceARN(app, t.Source, "Arn"), "kinesis:GetRecords", "kinesis:GetShardIterator",
				"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:ListStreams")
		case model.TriggerDynamoDB:
			add("DynamoDB stream trigger", sourceARN(app, t.Source, "StreamArn"), "dynamodb:GetRecords",
				"dynamodb:GetShardIterator", "dynamodb:DescribeStream", "dynamodb:ListStreams")
		}
	}
	if dl := f.DeadLetter; dl.V != "" || dl.RefTarget != "" {
		res := sourceARN(app, dl, "Arn")
		if strings.Contains(dl.V, ":sns:") || strings.Contains(resourceType(app, dl.RefTarget), "SNS") {
			add("dead-letter topic", res, "sns:Publish")
		} else {
			add("dead-letter queue", res, "sqs:SendMessage")
		}
	}
	return mergeNeeds(out)
}

// functionName is the function's name for its log group: the name the
// template gives, else the pattern of the names SAM and CloudFormation
// generate (stack-LogicalId-suffix).
func functionName(app *model.App, f *model.Function) string {
	if f.Name.Set() && f.Name.V != "" && !strings.Contains(f.Name.V, "${") {
		return f.Name.V
	}
	if app.Format == "terraform" || app.Format == "serverless" {
		return "*"
	}
	return "${AWS::StackName}-" + f.ID + "-*"
}

// sourceARN is the ARN of an event source: a literal ARN, or the template
// resource it references (its attribute attr), else "*".
func sourceARN(app *model.App, v model.String, attr string) string {
	switch {
	case strings.HasPrefix(v.V, "arn:"):
		return v.V
	case v.RefTarget != "" && app.Format == "terraform":
		a := "arn"
		if attr == "StreamArn" {
			a = "stream_arn"
		}
		return "${the " + a + " of " + v.RefTarget + "}"
	case v.RefTarget != "":
		return "${" + v.RefTarget + "." + attr + "}"
	}
	return "*"
}
