package rules

import (
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// S3001 finds buckets open to the public.
var S3001 = &rule.Rule{
	ID:       "S3001",
	Title:    "S3 bucket is publicly accessible",
	Severity: finding.High,
	Category: "data",
	Rationale: "A public-read ACL, a bucket policy allowing Principal `*` without a restricting condition, or " +
		"a disabled public access block exposes the bucket's objects (and with write access, lets anyone store " +
		"content you pay for and serve). Functions that write user data into such a bucket publish it.",
	Remediation: "Remove public ACLs (`AccessControl: Private`, ObjectOwnership BucketOwnerEnforced), keep all " +
		"four public access block settings on, and serve public content through CloudFront with origin access " +
		"control instead of a public bucket.",
	References: []string{
		"https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
		"https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkS3001,
}

var publicACL = map[string]finding.Severity{
	"PublicRead":        finding.High,
	"PublicReadWrite":   finding.Critical,
	"AuthenticatedRead": finding.High,
}

func checkS3001(p *rule.Pass) {
	for _, s := range p.App.Stores {
		if s.Kind != model.StoreS3 {
			continue
		}
		if sev, ok := publicACL[s.ACL.V]; ok && s.ACL.Known() {
			p.Add(rule.Report{Loc: s.ACL.Loc, Resource: s.ID, Key: "acl", Severity: rule.Sev(sev),
				Message: "bucket " + s.ID + " has the canned ACL " + s.ACL.V + websiteNote(s)})
		}
		for _, st := range s.Policy {
			if st.Allow() && anyPrincipal(st) && !restricted(st) {
				p.Add(rule.Report{Loc: st.Loc, Resource: s.ID, Key: "policy:" + joinValues(st.Action),
					Message: "bucket policy of " + s.ID + " allows " + joinValues(st.Action) + " to any principal" + websiteNote(s)})
			}
		}
		if pab := s.PublicAccess; pab != nil {
			for _, b := range []model.Bool{pab.BlockPublicAcls, pab.IgnorePublicAcls, pab.BlockPublicPolicy, pab.RestrictPublicBuckets} {
				if b.Set() && !b.V {
					p.Add(rule.Report{Loc: b.Loc, Resource: s.ID, Key: "pab", Severity: rule.Sev(finding.Medium),
						Message: "bucket " + s.ID + " turns off part of its public access block"})
					break
				}
			}
		}
	}
}

func websiteNote(s *model.Store) string {
	if s.Website {
		return " (it is configured as a website; serve it through CloudFront instead)"
	}
	return ""
}

// anyPrincipal reports whether a statement applies to everyone.
func anyPrincipal(st *model.Statement) bool {
	for _, pr := range st.Principal {
		if pr.ID.V == "*" && (pr.Type == "*" || pr.Type == "AWS") {
			return true
		}
	}
	return false
}

// restricted reports whether a statement's conditions limit who can use
// it (by network, organisation, source resource or account).
func restricted(st *model.Statement) bool {
	for _, c := range st.Condition {
		// Condition keys are case-insensitive.
		switch strings.ToLower(c.Key) {
		case "aws:sourcevpce", "aws:sourcevpc", "aws:sourceip", "aws:principalorgid", "aws:principalaccount",
			"aws:sourcearn", "aws:sourceaccount", "aws:principalarn", "aws:userid", "aws:username",
			"aws:principalorgpaths", "aws:resourceorgid", "aws:sourceorgid", "aws:sourceowner":
			return true
		}
	}
	return false
}
