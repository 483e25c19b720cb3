package rules

import (
	"sort"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// narrowerTemplates names, for each broad SAM policy template, the
// narrower templates that cover the common needs.
var narrowerTemplates = map[string]string{
	"DynamoDBCrudPolicy":             "DynamoDBReadPolicy or DynamoDBWritePolicy",
	"DynamoDBBackupFullAccessPolicy": "DynamoDBRestoreFromBackupPolicy or explicit backup actions",
	"S3CrudPolicy":                   "S3ReadPolicy or S3WritePolicy",
	"S3FullAccessPolicy":             "S3ReadPolicy or S3WritePolicy",
	"SQSFullAccessPolicy":            "SQSSendMessagePolicy or SQSPollerPolicy",
	"SNSCrudPolicy":                  "SNSPublishMessagePolicy",
	"KinesisCrudPolicy":              "KinesisStreamReadPolicy",
	"FirehoseCrudPolicy":             "FirehoseWritePolicy",
	"CodeCommitCrudPolicy":           "CodeCommitReadPolicy",
	"SESCrudPolicy":                  "SESSendBouncePolicy or explicit ses:SendEmail",
	"SESBulkTemplatedCrudPolicy":     "explicit ses:SendBulkTemplatedEmail",
	"SESBulkTemplatedCrudPolicy_v2":  "explicit ses:SendBulkTemplatedEmail",
	"SESEmailTemplateCrudPolicy":     "explicit template actions",
	"PollyFullAccessPolicy":          "explicit polly:SynthesizeSpeech",
}

// destructiveVerbs mark actions that delete data or change who can read it.
var destructiveVerbs = []string{"Delete", "PutObjectAcl", "PutBucket", "Remove", "Purge", "Restore"}

// IAM007 finds broad create-read-update-delete or full-access SAM policy
// templates.
var IAM007 = &rule.Rule{
	ID:       "IAM007",
	Title:    "Function is granted a full-access or CRUD policy template",
	Severity: finding.Low,
	Category: "iam",
	Rationale: "Templates such as DynamoDBCrudPolicy or S3FullAccessPolicy grant every data action on the " +
		"resource, including deleting data and (for S3) changing object ACLs, which can publish objects. Most " +
		"functions only read or only write; the rest of the grant is what an attacker uses after compromising " +
		"the function. Serverless-Goat's converter needs only dynamodb:PutItem and s3:PutObject but holds both " +
		"CRUD templates.",
	Remediation: "Use the narrower template that matches what the function does (read or write), or list the " +
		"exact actions; `slsguard policy` writes the minimal policy from the function's code.",
	References: []string{
		"https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-template-list.html",
		"https://github.com/OWASP/Serverless-Goat",
	},
	Formats: []string{"sam"},
	Check:   checkIAM007,
}

func checkIAM007(p *rule.Pass) {
	functionRoles(p.App, func(r *model.Role, fs []*model.Function) {
		type use struct {
			loc         model.Location
			destructive map[string]bool
		}
		uses := map[string]*use{}
		var order []string
		for _, st := range r.Statements {
			alt, ok := narrowerTemplates[st.Template]
			if !ok || !st.Allow() || alt == "" {
				continue
			}
			u := uses[st.Template]
			if u == nil {
				u = &use{loc: st.Loc, destructive: map[string]bool{}}
				uses[st.Template] = u
				order = append(order, st.Template)
			}
			for _, a := range st.Action {
				for _, v := range destructiveVerbs {
					if strings.Contains(a.V, ":"+v) {
						u.destructive[a.V] = true
					}
				}
			}
		}
		for _, name := range order {
			u := uses[name]
			var acts []string
			for a := range u.destructive {
				acts = append(acts, a)
			}
			sort.Strings(acts)
			msg := "SAM policy template " + name + " gives " + functionNames(fs) + " every data action"
			if len(acts) > 0 {
				msg += ", including " + strings.Join(acts, ", ")
			}
			msg += "; if the function only reads or writes, use " + narrowerTemplates[name]
			p.Add(rule.Report{Loc: u.loc, Resource: r.ID, Function: fs[0].ID, Key: name, Message: msg})
		}
	})
}
