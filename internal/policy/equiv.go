package policy

import (
	"regexp"
	"strings"

	"github.com/slsguard/slsguard/internal/iam"
	"github.com/slsguard/slsguard/internal/model"
)

// A template names the same resource in several ways: a topic is ${Topic}
// (its Ref), ${Topic.TopicArn} or arn:...:${Topic.TopicName} as SAM's
// policy templates write it. Matching a need with a grant tries every
// spelling, and reads pseudo parameters (${AWS::Region}) in grants as
// wildcards, since a grant written with the literal partition or account
// covers the same resources once deployed.

var (
	pseudo = strings.NewReplacer("${AWS::Partition}", "*", "${AWS::Region}", "*", "${AWS::AccountId}", "*")
)

// spellings lists, per resource type, the spellings of one resource's
// ARN; %s is the logical ID.
var spellings = map[string][]string{
	"AWS::SNS::Topic":                      {"${%s}", "${%s.TopicArn}", partition + "sns:" + regionAcct + "${%s.TopicName}"},
	"AWS::SQS::Queue":                      {"${%s.Arn}", partition + "sqs:" + regionAcct + "${%s.QueueName}"},
	"AWS::DynamoDB::Table":                 {"${%s.Arn}", partition + "dynamodb:" + regionAcct + "table/${%s}"},
	"AWS::Serverless::SimpleTable":         {"${%s.Arn}", partition + "dynamodb:" + regionAcct + "table/${%s}"},
	"AWS::S3::Bucket":                      {"${%s.Arn}", partition + "s3:::${%s}"},
	"AWS::Lambda::Function":                {"${%s.Arn}", partition + "lambda:" + regionAcct + "function:${%s}"},
	"AWS::Serverless::Function":            {"${%s.Arn}", partition + "lambda:" + regionAcct + "function:${%s}"},
	"AWS::Kinesis::Stream":                 {"${%s.Arn}", partition + "kinesis:" + regionAcct + "stream/${%s}"},
	"AWS::StepFunctions::StateMachine":     {"${%s}", "${%s.Arn}", partition + "states:" + regionAcct + "stateMachine:${%s.Name}"},
	"AWS::Serverless::StateMachine":        {"${%s}", "${%s.Arn}", partition + "states:" + regionAcct + "stateMachine:${%s.Name}"},
	"AWS::SecretsManager::Secret":          {"${%s}", "${%s.Id}"},
	"AWS::Events::EventBus":                {"${%s.Arn}", partition + "events:" + regionAcct + "event-bus/${%s}"},
	"AWS::KinesisFirehose::DeliveryStream": {"${%s.Arn}", partition + "firehose:" + regionAcct + "deliverystream/${%s}"},

	"aws_dynamodb_table": {"${the arn of %s}", partition + "dynamodb:" + regionAcct + "table/${the name of %s}",
		partition + "dynamodb:" + regionAcct + "table/${the id of %s}"},
	"aws_s3_bucket":             {"${the arn of %s}", partition + "s3:::${the bucket of %s}", partition + "s3:::${the id of %s}"},
	"aws_sqs_queue":             {"${the arn of %s}", partition + "sqs:" + regionAcct + "${the name of %s}"},
	"aws_sns_topic":             {"${the arn of %s}", "${the id of %s}", partition + "sns:" + regionAcct + "${the name of %s}"},
	"aws_lambda_function":       {"${the arn of %s}", partition + "lambda:" + regionAcct + "function:${the function_name of %s}"},
	"aws_kinesis_stream":        {"${the arn of %s}", partition + "kinesis:" + regionAcct + "stream/${the name of %s}"},
	"aws_secretsmanager_secret": {"${the arn of %s}", "${the id of %s}"},
	"aws_sfn_state_machine":     {"${the arn of %s}", "${the id of %s}"},
}

// tfAttr matches the Terraform loader's spelling of an unresolved
// attribute, "${the arn of aws_s3_bucket.b}".
var tfAttr = regexp.MustCompile(`\$\{the ([A-Za-z0-9_]+) of ([^}]+)\}`)

// Display writes a resource pattern as a user writes it: Terraform
// references as ${aws_s3_bucket.b.arn}.
func Display(res string) string {
	return tfAttr.ReplaceAllString(res, "$${$2.$1}")
}

// nameTokens are the spellings that stand for a resource's name.
var nameTokens = []string{"${%s}", "${%s.TopicName}", "${%s.QueueName}", "${%s.Name}", "${the name of %s}",
	"${the bucket of %s}", "${the id of %s}", "${the function_name of %s}"}

// variants returns the spellings of a resource pattern, including the
// literal name of a resource whose name the template gives.
func variants(app *model.App, res string) []string {
	out := []string{res}
	for _, id := range referenced(app, res) {
		sp := spellings[resourceType(app, id)]
		for _, s := range sp {
			s = strings.ReplaceAll(s, "%s", id)
			rest, ok := strings.CutPrefix(res, s)
			if !ok || rest != "" && rest[0] != '/' && rest[0] != ':' {
				continue
			}
			name := storeName(app, id)
			for _, o := range sp {
				if name != "" && strings.HasPrefix(o, "arn:") {
					named := o
					for _, tok := range nameTokens {
						named = strings.ReplaceAll(named, tok, name)
					}
					if !strings.Contains(named, "%s") {
						out = append(out, named+rest)
					}
				}
				if o = strings.ReplaceAll(o, "%s", id) + rest; o != res {
					out = append(out, o)
				}
			}
			return out
		}
	}
	return out
}

// resourceMatch reports whether a grant's resource pattern covers a need's
// resource under any of their spellings.
func resourceMatch(app *model.App, grant, need string) bool {
	if grant == "*" || need == "*" {
		return true
	}
	for _, g := range variants(app, grant) {
		for _, n := range variants(app, need) {
			g2, n2 := alignPseudo(g, n)
			if iam.MatchARN(g2, n2) {
				return true
			}
		}
	}
	return false
}

// alignPseudo makes the partition, region and account of two ARNs agree
// where either side is a pseudo parameter (${AWS::Region}) or a
// wildcard: those stand for the deployment's values.
func alignPseudo(grant, need string) (string, string) {
	gs, ns := splitARN(grant), splitARN(need)
	if len(gs) < 6 || len(ns) < 6 {
		return pseudo.Replace(grant), need
	}
	for _, i := range []int{1, 3, 4} {
		switch {
		case strings.HasPrefix(gs[i], "${AWS::") || gs[i] == "*":
			gs[i] = ns[i]
		case strings.HasPrefix(ns[i], "${AWS::"):
			ns[i] = gs[i]
		}
	}
	return strings.Join(gs, ":"), strings.Join(ns, ":")
}

// splitARN splits an ARN into its six parts, leaving the colons of
// ${AWS::Region} placeholders alone.
func splitARN(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s) && len(out) < 5; i++ {
		switch {
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == ':' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
