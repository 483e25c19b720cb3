package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// DATA001 finds data stores and channels that do not encrypt at rest.
var DATA001 = &rule.Rule{
	ID:       "DATA001",
	Title:    "Data store or channel is not encrypted at rest with a key you control",
	Severity: finding.Medium,
	Category: "data",
	Rationale: "SNS topics and Kinesis streams store messages unencrypted unless told otherwise, and an SQS " +
		"queue whose SSE is turned off does too. DynamoDB always encrypts, but with an AWS owned key by " +
		"default: no key policy decides who may decrypt and no CloudTrail record shows its use.",
	Remediation: "SNS: set `KmsMasterKeyId`. Kinesis: `StreamEncryption: {EncryptionType: KMS, KeyId: ...}`. " +
		"SQS: remove `SqsManagedSseEnabled: false` or set `KmsMasterKeyId`. DynamoDB: " +
		"`SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: ...}` for a customer-managed key.",
	References: []string{
		"https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
		"https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html",
		"https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
		"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html",
	},
	Formats: []string{"sam", "cloudformation", "serverless", "terraform"},
	Check:   checkDATA001,
}

func checkDATA001(p *rule.Pass) {
	for _, s := range p.App.Stores {
		switch s.Kind {
		case model.StoreSNS, model.StoreKinesis, model.StoreSQS:
			if s.Encrypted.V || !s.Encrypted.Known() {
				continue
			}
			p.Add(rule.Report{Loc: locOr(s.Encrypted.Loc, s.Loc), Resource: s.ID, Key: "sse",
				Message: string(s.Kind) + " " + s.ID + " is not encrypted at rest"})
		case model.StoreDynamoDB:
			if s.KMSKey.Origin != model.Unset {
				continue
			}
			p.Add(rule.Report{Loc: s.Loc, Resource: s.ID, Key: "sse", Severity: rule.Sev(finding.Low),
				Message: "DynamoDB table " + s.ID + " is encrypted only with an AWS owned key"})
		}
	}
}
