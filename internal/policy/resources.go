package policy

import (
	"strings"

	"github.com/slsguard/slsguard/internal/code/sdk"
	"github.com/slsguard/slsguard/internal/iam"
	"github.com/slsguard/slsguard/internal/model"
)

// ARN is a resource pattern with the note that explains it.
type ARN struct {
	ARN  string
	Note string
	// Target is the template resource the ARN refers to, if any.
	Target string
	// Implicit is set for resources of constructs that grant their own
	// permissions.
	Implicit bool
}

// Placeholders of the account and region in generated ARNs, in
// CloudFormation's Fn::Sub syntax.
const (
	partition  = "arn:${AWS::Partition}:"
	regionAcct = "${AWS::Region}:${AWS::AccountId}:"
)

// paramsOf lists, per service, the parameters that name the resource.
var paramsOf = map[string][]string{
	"s3": {"Bucket", "MediaFileUri", "OutputBucketName"}, "dynamodb": {"TableName"}, "sqs": {"QueueUrl", "QueueName"}, "sns": {"TopicArn", "TargetArn"},
	"secretsmanager": {"SecretId"}, "ssm": {"Name", "Names", "Path"}, "lambda": {"FunctionName"},
	"states": {"StateMachineArn"}, "kinesis": {"StreamName", "StreamARN"}, "firehose": {"DeliveryStreamName"},
	"events": {"EventBusName"}, "cognito-idp": {"UserPoolId"}, "kms": {"KeyId"},
}

// Resources returns the resource patterns one action of a call acts on:
// the template resource its parameter's environment variable references,
// a literal name, or "*" with the reason.
func Resources(app *model.App, f *model.Function, c sdk.Call, action string) []ARN {
	act, ok := iam.LookupAction(action)
	if !ok || len(act.ResourceTypes) == 0 {
		return []ARN{{ARN: "*", Note: action + " does not support resource-level permissions"}}
	}
	var out []ARN
	var index string
	for _, p := range c.Params {
		if p.Name == "IndexName" {
			index = "*"
		}
	}
	for _, name := range paramsOf[act.Service] {
		for _, p := range c.Params {
			if p.Name != name {
				continue
			}
			out = append(out, resourceARN(app, f, act.Service, act, p, index))
		}
	}
	if len(out) == 0 {
		if act.Service == "events" && act.Name == "PutEvents" {
			return []ARN{{ARN: partition + "events:" + regionAcct + "event-bus/default"}}
		}
		return []ARN{{ARN: "*", Note: "the call names no resource the analysis can read"}}
	}
	return out
}

// resourceARN builds the ARN for one parameter.
func resourceARN(app *model.App, f *model.Function, service string, act iam.Action, p sdk.Param, index string) ARN {
	if p.Unknown != "" {
		return ARN{ARN: "*", Note: p.Name + " comes from " + p.Unknown + ", which the analysis does not follow"}
	}
	name, target := p.Literal, ""
	if p.Env != "" {
		v, ok := envVar(f, p.Env)
		switch {
		case !ok:
			return ARN{ARN: "*", Note: "environment variable " + p.Env + " is not set in the template"}
		case strings.HasPrefix(v.RefTarget, "construct:"):
			return ARN{ARN: "*", Implicit: true, Note: "environment variable " + p.Env + " is " + v.Text() +
				": the construct grants the function access to it"}
		case v.RefTarget != "" && resourceType(app, v.RefTarget) != "":
			target = v.RefTarget
		case v.Known() && !strings.Contains(v.V, "${"):
			name = v.V
		default:
			return ARN{ARN: "*", Note: "environment variable " + p.Env + " is " + v.Text() + ", not a resource of the template"}
		}
	}
	if strings.HasPrefix(name, "arn:") {
		return ARN{ARN: name}
	}
	if rest, ok := strings.CutPrefix(name, "s3://"); ok {
		name, _, _ = strings.Cut(rest, "/") // s3://bucket/key names the bucket
	}
	if id := storeByName(app, name); id != "" && target == "" && resourceType(app, id) != "" {
		// The code or the environment names a resource the template
		// defines with that name.
		name, target = "", id
	}
	return ARN{ARN: buildARN(app, service, act, name, target, index), Target: target}
}

func envVar(f *model.Function, name string) (model.String, bool) {
	for _, e := range f.Env {
		if e.Name.V == name {
			return e.Value, true
		}
	}
	return model.String{}, false
}

// buildARN writes the ARN of a resource named by a literal name or a
// template resource (target).
func buildARN(app *model.App, service string, act iam.Action, name, target, index string) string {
	tf := app.Format == "terraform"
	ref, arnOf := "${"+target+"}", "${"+target+".Arn}"
	if tf {
		// Spelled as the Terraform loader spells unresolved attributes.
		ref, arnOf = "${the id of "+target+"}", "${the arn of "+target+"}"
	}
	object := false
	for _, rt := range act.ResourceTypes {
		object = object || rt.Name == "object"
	}
	switch service {
	case "s3":
		b := name
		if target != "" {
			b = ref
			if tf {
				b = "${the bucket of " + target + "}"
			}
		}
		if object {
			return partition + "s3:::" + b + "/*"
		}
		return partition + "s3:::" + b
	case "dynamodb":
		t := partition + "dynamodb:" + regionAcct + "table/" + name
		if target != "" {
			t = partition + "dynamodb:" + regionAcct + "table/" + ref
			if tf {
				t = arnOf
			}
		}
		if index != "" {
			t += "/index/" + index
		}
		return t
	}
	if target != "" {
		switch service {
		case "sns", "secretsmanager", "states":
			if !tf {
				return ref // Ref of a topic, secret or state machine is its ARN
			}
		case "ssm":
			if !tf {
				return partition + "ssm:" + regionAcct + "parameter/" + ref
			}
		}
		return arnOf
	}
	return literalARN(service, name)
}

// literalARN builds the ARN of a resource the code names literally.
func literalARN(service, name string) string {
	switch service {
	case "sqs":
		// A queue URL ends with the queue name.
		return partition + "sqs:" + regionAcct + name[strings.LastIndexByte(name, '/')+1:]
	case "secretsmanager":
		return partition + "secretsmanager:" + regionAcct + "secret:" + name + "-*"
	case "ssm":
		return partition + "ssm:" + regionAcct + "parameter/" + strings.TrimPrefix(name, "/")
	case "lambda":
		return partition + "lambda:" + regionAcct + "function:" + name
	case "kinesis":
		return partition + "kinesis:" + regionAcct + "stream/" + name
	case "firehose":
		return partition + "firehose:" + regionAcct + "deliverystream/" + name
	case "events":
		return partition + "events:" + regionAcct + "event-bus/" + name
	case "sns":
		return partition + "sns:" + regionAcct + name
	case "cognito-idp":
		return partition + "cognito-idp:" + regionAcct + "userpool/" + name
	case "kms":
		return partition + "kms:" + regionAcct + "key/" + name
	}
	return "*"
}
