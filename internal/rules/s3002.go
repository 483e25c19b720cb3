package rules

import (
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// S3002 finds buckets that accept requests over plain HTTP.
var S3002 = &rule.Rule{
	ID:       "S3002",
	Title:    "S3 bucket does not require TLS",
	Severity: finding.Low,
	Category: "data",
	Rationale: "S3 accepts plain-HTTP requests unless the bucket policy denies them. Data and credentials sent " +
		"without TLS can be read or altered on the way.",
	Remediation: "Add a bucket policy statement that denies `s3:*` to `*` when `aws:SecureTransport` is `false`.",
	References: []string{
		"https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit",
		"https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkS3002,
}

func checkS3002(p *rule.Pass) {
	for _, s := range p.App.Stores {
		if s.Kind != model.StoreS3 || tlsOnly(s.Policy) {
			continue
		}
		p.Add(rule.Report{Loc: s.Loc, Resource: s.ID, Key: "tls",
			Message: "bucket " + s.ID + " has no policy statement denying requests without TLS (aws:SecureTransport)"})
	}
}

func tlsOnly(stmts []*model.Statement) bool {
	for _, st := range stmts {
		if st.Effect.V != "Deny" {
			continue
		}
		for _, c := range st.Condition {
			if strings.EqualFold(c.Key, "aws:SecureTransport") {
				for _, v := range c.Values {
					if strings.EqualFold(v.V, "false") {
						return true
					}
				}
			}
			if strings.EqualFold(c.Key, "s3:TlsVersion") && strings.HasPrefix(c.Operator, "NumericLessThan") {
				return true
			}
		}
	}
	return false
}
