package sls

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/model"
)

// roleSummary describes each function's role: "fn -> role [implicit]
// actions | managed", leaving out the log permissions every generated
// role has.
func roleSummary(app *model.App) []string {
	var out []string
	for _, f := range app.Functions {
		r := f.Role
		if r == nil {
			out = append(out, f.ID+" -> none")
			continue
		}
		var actions, managed []string
		for _, st := range r.Statements {
			for _, a := range st.Action {
				if !strings.HasPrefix(a.V, "logs:") {
					actions = append(actions, st.Effect.V+":"+a.V)
				}
			}
		}
		for _, m := range r.ManagedPolicies {
			managed = append(managed, managedName(m.V))
		}
		line := fmt.Sprintf("%s -> %s", f.ID, r.ID)
		if r.Implicit {
			line += " implicit"
		}
		if r.External {
			line += " external"
		}
		out = append(out, line+" "+strings.Join(actions, ",")+" | "+strings.Join(managed, ","))
	}
	sort.Strings(out)
	return out
}

func managedName(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func TestIAM(t *testing.T) {
	two := "functions:\n  a:\n    handler: a.h\n  b:\n    handler: b.h\n"
	tests := []struct {
		name     string
		provider string
		fns      string
		want     []string
	}{
		{
			name:     "v3 iam.role",
			provider: "  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: [s3:GetObject]\n          Resource: '*'\n      managedPolicies:\n        - arn:aws:iam::aws:policy/ReadOnlyAccess\n",
			fns:      two,
			want: []string{
				"a -> IamRoleLambdaExecution Allow:s3:GetObject | ReadOnlyAccess",
				"b -> IamRoleLambdaExecution Allow:s3:GetObject | ReadOnlyAccess",
			},
		},
		{
			name:     "legacy iamRoleStatements",
			provider: "  iamRoleStatements:\n    - Effect: Allow\n      Action: sqs:SendMessage\n      Resource: '*'\n  iamManagedPolicies:\n    - arn:aws:iam::aws:policy/AmazonSQSFullAccess\n",
			fns:      two,
			want: []string{
				"a -> IamRoleLambdaExecution Allow:sqs:SendMessage | AmazonSQSFullAccess",
				"b -> IamRoleLambdaExecution Allow:sqs:SendMessage | AmazonSQSFullAccess",
			},
		},
		{
			name:     "provider role ARN",
			provider: "  iam:\n    role: arn:aws:iam::123456789012:role/shared\n",
			fns:      two,
			want:     []string{"a -> shared external  | ", "b -> shared external  | "},
		},
		{
			name:     "legacy provider role logical ID",
			provider: "  role: CustomRole\n",
			fns:      two + "resources:\n  Resources:\n    CustomRole:\n      Type: AWS::IAM::Role\n      Properties:\n        Policies:\n          - PolicyName: p\n            PolicyDocument:\n              Statement:\n                - Effect: Allow\n                  Action: kms:Decrypt\n                  Resource: '*'\n",
			want:     []string{"a -> CustomRole Allow:kms:Decrypt | ", "b -> CustomRole Allow:kms:Decrypt | "},
		},
		{
			name:     "provider role intrinsic",
			provider: "  iam:\n    role: !GetAtt CustomRole.Arn\n",
			fns:      "functions:\n  a:\n    handler: a.h\nresources:\n  Resources:\n    CustomRole:\n      Type: AWS::IAM::Role\n",
			want:     []string{"a -> CustomRole  | "},
		},
		{
			name:     "function role",
			provider: "",
			fns:      "functions:\n  a:\n    handler: a.h\n    role: arn:aws:iam::123456789012:role/own\n  b:\n    handler: b.h\n",
			want:     []string{"a -> own external  | ", "b -> IamRoleLambdaExecution  | "},
		},
		{
			name:     "per-function roles",
			provider: "  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: s3:ListBucket\n          Resource: '*'\n",
			fns: "functions:\n  a:\n    handler: a.h\n    iamRoleStatements:\n      - Effect: Allow\n        Action: dynamodb:GetItem\n        Resource: '*'\n" +
				"  b:\n    handler: b.h\n    iamRoleStatementsInherit: true\n    iam:\n      role:\n        statements:\n          - Effect: Deny\n            Action: dynamodb:DeleteTable\n            Resource: '*'\n" +
				"        managedPolicies:\n          - arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess\n",
			want: []string{
				"a -> AIamRoleLambdaExecution implicit Allow:dynamodb:GetItem | ",
				"b -> BIamRoleLambdaExecution implicit Deny:dynamodb:DeleteTable,Allow:s3:ListBucket | CloudWatchReadOnlyAccess",
			},
		},
		{
			name:     "event permissions and VPC",
			provider: "  vpc:\n    subnetIds: [s1]\n    securityGroupIds: [g1]\n",
			fns:      "functions:\n  a:\n    handler: a.h\n    events:\n      - sqs: arn:aws:sqs:us-east-1:1:q\n",
			want:     []string{"a -> IamRoleLambdaExecution Allow:sqs:ReceiveMessage,Allow:sqs:DeleteMessage,Allow:sqs:GetQueueAttributes | AWSLambdaVPCAccessExecutionRole"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := head + tt.provider + tt.fns
			app := load(t, src, Options{})
			if diff := cmp.Diff(tt.want, roleSummary(app)); diff != "" {
				t.Errorf("roles of\n%s\n(-want +got):\n%s", src, diff)
			}
		})
	}
}
