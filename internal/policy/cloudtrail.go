package policy

import (
	"fmt"
	"io"
	"strings"

	"github.com/valyala/fastjson"

	"github.com/slsguard/slsguard/internal/code/sdk"
	"github.com/slsguard/slsguard/internal/iam"
	"github.com/slsguard/slsguard/internal/logs/cloudtrail"
	"github.com/slsguard/slsguard/internal/model"
)

// Session names one role session: the role's name and the session name,
// which Lambda sets to the function's name.
type Session struct {
	Role, Name string
}

// Activity is what one role session did, by action and resource.
type Activity struct {
	Needs []Need
	// Denied are the calls AWS refused: grants the function lacks.
	Denied []Need
}

// eventSources maps CloudTrail event sources whose prefix differs from
// the IAM service prefix.
var eventSources = map[string]string{"monitoring": "cloudwatch", "email": "ses", "streams.dynamodb": "dynamodb"}

// requestResources are the requestParameters fields that name the
// resource, per service.
var requestResources = map[string][]string{
	"s3": {"bucketName"}, "dynamodb": {"tableName"}, "sqs": {"queueUrl"}, "sns": {"topicArn"},
	"lambda": {"functionName"}, "secretsmanager": {"secretId"}, "ssm": {"name"}, "states": {"stateMachineArn"},
	"kinesis": {"streamName"}, "firehose": {"deliveryStreamName"},
}

// ReadActivity reads CloudTrail records and returns, per assumed-role
// session, the actions it used and was denied. Only sessions of the form
// arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION are kept.
func ReadActivity(r io.Reader, file string) (map[Session]*Activity, error) {
	out := map[Session]*Activity{}
	var p fastjson.Parser
	_, err := cloudtrail.Read(r, file, cloudtrail.Options{Workers: 1, Want: func(string, string) bool { return true }}, func(rec *cloudtrail.Record) {
		s, ok := sessionOf(rec.Identity.ARN)
		if !ok {
			return
		}
		svc := strings.TrimSuffix(rec.EventSource, ".amazonaws.com")
		if alt, ok := eventSources[svc]; ok {
			svc = alt
		}
		acts, _ := sdk.Actions(svc, rec.EventName)
		if len(acts) == 0 {
			return
		}
		res := observedResource(&p, svc, rec)
		a := out[s]
		if a == nil {
			a = &Activity{}
			out[s] = a
		}
		why := fmt.Sprintf("CloudTrail %s %s", rec.EventName, rec.EventTime)
		for _, act := range acts {
			n := Need{Action: act, Resource: resourceFor(act, svc, res, rec), Why: []string{why}}
			if strings.Contains(rec.ErrorCode, "AccessDenied") || rec.ErrorCode == "UnauthorizedOperation" {
				a.Denied = append(a.Denied, n)
			} else if rec.ErrorCode == "" {
				a.Needs = append(a.Needs, n)
			}
		}
	})
	for _, a := range out {
		a.Needs, a.Denied = mergeNeeds(a.Needs), mergeNeeds(a.Denied)
		for i := range a.Needs {
			a.Needs[i].Why = a.Needs[i].Why[:1] // the first call stands for all
		}
	}
	if err != nil {
		return out, fmt.Errorf("read %s: %w", file, err)
	}
	return out, nil
}

func sessionOf(arn string) (Session, bool) {
	i := strings.Index(arn, ":assumed-role/")
	if i < 0 || !strings.HasPrefix(arn, "arn:") {
		return Session{}, false
	}
	role, name, ok := strings.Cut(arn[i+len(":assumed-role/"):], "/")
	if !ok || role == "" || name == "" {
		return Session{}, false
	}
	return Session{Role: role, Name: name}, true
}

// observedResource reads the resource name from the request parameters.
func observedResource(p *fastjson.Parser, svc string, rec *cloudtrail.Record) string {
	if len(rec.Params) == 0 {
		return ""
	}
	v, err := p.ParseBytes(rec.Params)
	if err != nil {
		return ""
	}
	for _, k := range requestResources[svc] {
		if s := v.GetStringBytes(k); len(s) > 0 {
			return string(s)
		}
	}
	return ""
}

// resourceFor builds the concrete ARN an observed call acted on.
func resourceFor(action, svc, name string, rec *cloudtrail.Record) string {
	act, ok := iam.LookupAction(action)
	if name == "" || !ok || len(act.ResourceTypes) == 0 {
		return "*"
	}
	if strings.HasPrefix(name, "arn:") {
		return name
	}
	arn := buildARN(&model.App{}, svc, act, name, "", "")
	return strings.NewReplacer("${AWS::Partition}", "aws", "${AWS::Region}", rec.Region, "${AWS::AccountId}", rec.Account).Replace(arn)
}

// FunctionActivity returns the activity of a function's role session:
// the session named like the function (its name, or the name
// CloudFormation generates from its logical ID).
func FunctionActivity(f *model.Function, act map[Session]*Activity) *Activity {
	var out *Activity
	for s, a := range act {
		if !sessionMatches(f, s.Name) {
			continue
		}
		if out == nil {
			out = &Activity{}
		}
		out.Needs = append(out.Needs, a.Needs...)
		out.Denied = append(out.Denied, a.Denied...)
	}
	if out != nil {
		out.Needs, out.Denied = mergeNeeds(out.Needs), mergeNeeds(out.Denied)
	}
	return out
}

func sessionMatches(f *model.Function, session string) bool {
	if f.Name.Set() && f.Name.V != "" && !strings.Contains(f.Name.V, "${") {
		return session == f.Name.V
	}
	return session == f.ID || strings.Contains(session, "-"+f.ID+"-")
}
