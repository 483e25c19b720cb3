package zappa

import (
	"sort"

	"github.com/slsguard/slsguard/internal/model"
)

// defaultPolicy is the inline policy Zappa attaches to the execution role
// it manages (ATTACH_POLICY in zappa/core.py): every function gets it
// unless the settings name their own role or attach_policy file. It
// grants all of S3, Kinesis, SNS, SQS, DynamoDB and Route 53, which is
// why it is modelled statement by statement.
var defaultPolicy = []struct {
	actions   []string
	resources []string
}{
	{[]string{"logs:*"}, []string{"arn:aws:logs:*:*:*"}},
	{[]string{"lambda:InvokeFunction"}, []string{"*"}},
	{[]string{"xray:PutTraceSegments", "xray:PutTelemetryRecords"}, []string{"*"}},
	{[]string{"ec2:AttachNetworkInterface", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
		"ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces", "ec2:DetachNetworkInterface",
		"ec2:ModifyNetworkInterfaceAttribute", "ec2:ResetNetworkInterfaceAttribute"}, []string{"*"}},
	{[]string{"s3:*"}, []string{"arn:aws:s3:::*"}},
	{[]string{"kinesis:*"}, []string{"arn:aws:kinesis:*:*:*"}},
	{[]string{"sns:*"}, []string{"arn:aws:sns:*:*:*"}},
	{[]string{"sqs:*"}, []string{"arn:aws:sqs:*:*:*"}},
	{[]string{"dynamodb:*"}, []string{"arn:aws:dynamodb:*:*:*"}},
	{[]string{"route53:*"}, []string{"*"}},
}

// defaultTrust is Zappa's ASSUME_POLICY: the role trusts API Gateway,
// Lambda and EventBridge.
var defaultTrust = []string{"apigateway.amazonaws.com", "lambda.amazonaws.com", "events.amazonaws.com"}

const defaultPolicySource = "Zappa default execution policy (ATTACH_POLICY)"

// defaultStatements returns Zappa's default policy located at loc.
func defaultStatements(loc model.Location) []*model.Statement {
	def := func(s string) model.String { return model.String{V: s, Loc: loc, Origin: model.Defaulted} }
	out := make([]*model.Statement, 0, len(defaultPolicy))
	for _, d := range defaultPolicy {
		st := &model.Statement{Loc: loc, Source: defaultPolicySource, Effect: def("Allow")}
		for _, a := range d.actions {
			st.Action = append(st.Action, def(a))
		}
		for _, r := range d.resources {
			st.Resource = append(st.Resource, def(r))
		}
		out = append(out, st)
	}
	return out
}

func trustStatements(loc model.Location) []*model.Statement {
	def := func(s string) model.String { return model.String{V: s, Loc: loc, Origin: model.Defaulted} }
	st := &model.Statement{Loc: loc, Source: "Zappa default trust policy (ASSUME_POLICY)", Effect: def("Allow"),
		Action: []model.String{def("sts:AssumeRole")}}
	for _, s := range defaultTrust {
		st.Principal = append(st.Principal, model.Principal{Type: "Service", ID: def(s)})
	}
	return []*model.Statement{st}
}

// statements reads IAM statements: a list of statements, one statement,
// or a policy document with a Statement key.
func statements(n *node, source string) []*model.Statement {
	if n == nil {
		return nil
	}
	if s := n.get("Statement"); s != nil {
		n = s
	}
	var out []*model.Statement
	for _, it := range n.list() {
		if it.k != kMap {
			continue
		}
		st := &model.Statement{Loc: it.loc, Source: source, Sid: it.get("Sid").str(), Effect: it.get("Effect").str(),
			Action: it.get("Action").strs(), NotAction: it.get("NotAction").strs(),
			Resource: it.get("Resource").strs(), NotResource: it.get("NotResource").strs()}
		st.Principal = principals(it.get("Principal"))
		st.NotPrincipal = principals(it.get("NotPrincipal"))
		st.Condition = conditions(it.get("Condition"))
		out = append(out, st)
	}
	return out
}

func principals(n *node) []model.Principal {
	if n == nil {
		return nil
	}
	if n.scalar() {
		return []model.Principal{{Type: "*", ID: n.str()}}
	}
	var out []model.Principal
	for i, typ := range n.keys {
		for _, id := range n.vals[i].strs() {
			out = append(out, model.Principal{Type: typ, ID: id})
		}
	}
	return out
}

func conditions(n *node) []model.Condition {
	if n == nil || n.k != kMap {
		return nil
	}
	var out []model.Condition
	for i, op := range n.keys {
		keys := n.vals[i]
		if keys.k != kMap {
			continue
		}
		for j, key := range keys.keys {
			out = append(out, model.Condition{Operator: op, Key: key, Values: keys.vals[j].strs(), Loc: keys.keyLocs[j]})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Operator < out[b].Operator })
	return out
}
