package tf

import (
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

func (b *builder) newStore(in *instance, kind model.StoreKind, name model.String) *model.Store {
	s := &model.Store{ID: in.id(), Kind: kind, Type: in.r.typ, Loc: in.r.loc, Name: name, Region: b.app.Region}
	if s.Name.Origin == model.Unset {
		s.Name = model.String{V: in.r.name, Loc: in.r.loc, Origin: model.Defaulted}
	}
	b.stores[in.id()] = s
	if _, ok := b.stores[in.r.addr]; !ok {
		b.stores[in.r.addr] = s
	}
	b.app.Stores = append(b.app.Stores, s)
	return s
}

func (b *builder) s3Bucket(in *instance, p blk) {
	name := p.str("bucket")
	if name.Origin == model.Unset {
		name = p.str("bucket_prefix")
	}
	s := b.newStore(in, model.StoreS3, name)
	s.ACL = cannedACL(p.str("acl"))
	s.Website = p.block("website").exists()
	// Amazon S3 encrypts every new object since January 2023.
	s.Encrypted = model.Bool{V: true, Loc: in.r.loc, Origin: model.Defaulted}
	for _, c := range p.blocks("server_side_encryption_configuration") {
		for _, r := range c.blocks("rule") {
			s.KMSKey = r.block("apply_server_side_encryption_by_default").str("kms_master_key_id")
		}
	}
	if p.has("policy") {
		s.Policy = append(s.Policy, b.policyAttr(p, "policy", "bucket policy "+in.id())...)
	}
}

// cannedACL writes a canned ACL the way CloudFormation names it
// (public-read is PublicRead), the spelling rules compare with.
func cannedACL(s model.String) model.String {
	if s.Origin != model.Explicit || !strings.Contains(s.V, "-") && strings.ToLower(s.V) != s.V {
		return s
	}
	var out strings.Builder
	for _, part := range strings.Split(s.V, "-") {
		if part == "" {
			continue
		}
		out.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	s.V = out.String()
	return s
}

// bucketOf finds the bucket a split-out S3 configuration resource names.
func (b *builder) bucketOf(p blk) *model.Store {
	s := b.store(p.str("bucket"))
	if s == nil || s.Kind != model.StoreS3 {
		return nil
	}
	return s
}

func (b *builder) bucketACL(in *instance, p blk) {
	if s := b.bucketOf(p); s != nil {
		s.ACL = cannedACL(p.str("acl"))
	}
}

func (b *builder) publicAccessBlock(in *instance, p blk) {
	s := b.bucketOf(p)
	if s == nil {
		return
	}
	s.PublicAccess = &model.PublicAccessBlock{
		Loc:                   in.r.loc,
		BlockPublicAcls:       p.bool("block_public_acls"),
		IgnorePublicAcls:      p.bool("ignore_public_acls"),
		BlockPublicPolicy:     p.bool("block_public_policy"),
		RestrictPublicBuckets: p.bool("restrict_public_buckets"),
	}
}

func (b *builder) bucketPolicy(in *instance, p blk) {
	if s := b.bucketOf(p); s != nil {
		s.Policy = append(s.Policy, b.policyAttr(p, "policy", "bucket policy "+in.id())...)
	}
}

func (b *builder) bucketEncryption(in *instance, p blk) {
	s := b.bucketOf(p)
	if s == nil {
		return
	}
	for _, r := range p.blocks("rule") {
		s.KMSKey = r.block("apply_server_side_encryption_by_default").str("kms_master_key_id")
	}
}

func (b *builder) bucketWebsite(in *instance, p blk) {
	if s := b.bucketOf(p); s != nil {
		s.Website = true
	}
}

func (b *builder) dynamoTable(in *instance, p blk) {
	s := b.newStore(in, model.StoreDynamoDB, p.str("name"))
	s.Encrypted = model.Bool{V: true, Loc: in.r.loc, Origin: model.Defaulted}
	if sse := p.block("server_side_encryption"); sse.exists() && sse.bool("enabled").V {
		s.KMSKey = sse.str("kms_key_arn")
		if s.KMSKey.Origin == model.Unset {
			s.KMSKey = model.String{V: "alias/aws/dynamodb", Loc: sse.loc, Origin: model.Defaulted}
		}
	}
}

func (b *builder) sqsQueue(in *instance, p blk) {
	s := b.newStore(in, model.StoreSQS, p.str("name"))
	s.KMSKey = p.str("kms_master_key_id")
	managed := p.bool("sqs_managed_sse_enabled")
	switch {
	case s.KMSKey.Origin != model.Unset:
		s.Encrypted = model.Bool{V: true, Loc: s.KMSKey.Loc, Origin: model.Explicit}
	case managed.Origin != model.Unset:
		s.Encrypted = managed
	default:
		// The AWS provider creates queues with SSE-SQS since version 4.
		s.Encrypted = model.Bool{V: true, Loc: in.r.loc, Origin: model.Defaulted}
	}
	if p.has("policy") {
		s.Policy = b.policyAttr(p, "policy", "queue policy "+in.id())
	}
}

func (b *builder) snsTopic(in *instance, p blk) {
	s := b.newStore(in, model.StoreSNS, p.str("name"))
	s.KMSKey = p.str("kms_master_key_id")
	s.Encrypted = model.Bool{V: false, Loc: in.r.loc, Origin: model.Defaulted}
	if s.KMSKey.Origin != model.Unset {
		s.Encrypted = model.Bool{V: true, Loc: s.KMSKey.Loc, Origin: model.Explicit}
	}
	if p.has("policy") {
		s.Policy = b.policyAttr(p, "policy", "topic policy "+in.id())
	}
}

func (b *builder) kinesisStream(in *instance, p blk) {
	s := b.newStore(in, model.StoreKinesis, p.str("name"))
	enc := p.str("encryption_type")
	s.Encrypted = model.Bool{V: false, Loc: in.r.loc, Origin: model.Defaulted}
	if enc.Origin != model.Unset {
		s.Encrypted = model.Bool{V: enc.V == "KMS", Loc: enc.Loc, Origin: enc.Origin}
		s.KMSKey = p.str("kms_key_id")
	}
}

func (b *builder) kmsKey(in *instance, p blk) {
	s := b.newStore(in, model.StoreKMS, model.String{})
	s.KeyRotation = p.bool("enable_key_rotation")
	if p.has("policy") {
		s.Policy = b.policyAttr(p, "policy", "key policy")
	}
}

func (b *builder) secret(in *instance, p blk) {
	s := b.newStore(in, model.StoreSecret, p.str("name"))
	s.KMSKey = p.str("kms_key_id")
	s.Encrypted = model.Bool{V: true, Loc: in.r.loc, Origin: model.Defaulted}
}

// secretVersion gives a secret the literal value a configuration writes
// into the state and the plan.
func (b *builder) secretVersion(in *instance, p blk) {
	s := b.store(p.str("secret_id"))
	if s == nil || s.Kind != model.StoreSecret {
		return
	}
	if v := p.str("secret_string"); v.Origin == model.Explicit {
		s.Value = v
	}
}

func (b *builder) ssmParameter(in *instance, p blk) {
	s := b.newStore(in, model.StoreSSM, p.str("name"))
	typ := p.str("type")
	s.Encrypted = model.Bool{V: typ.V == "SecureString", Loc: typ.Loc, Origin: typ.Origin}
	if typ.Origin == model.Unset {
		s.Encrypted = model.Bool{Loc: in.r.loc, Origin: model.Defaulted}
	}
	s.KMSKey = p.str("key_id")
	s.Value = p.str("value")
}

func (b *builder) logGroup(in *instance, p blk) {
	s := b.newStore(in, model.StoreLogGroup, p.str("name"))
	// The provider's default of 0 means "never expire".
	if r := p.int("retention_in_days"); !(r.Origin == model.Explicit && r.V == 0) {
		s.Retention = r
	}
	s.KMSKey = p.str("kms_key_id")
}

func (b *builder) storePolicy(ref model.String, p blk, source string) {
	if s := b.store(ref); s != nil {
		s.Policy = append(s.Policy, b.policyAttr(p, "policy", source)...)
	}
}

func (b *builder) queuePolicy(in *instance, p blk) {
	b.storePolicy(p.str("queue_url"), p, "queue policy "+in.id())
}

func (b *builder) topicPolicy(in *instance, p blk) {
	b.storePolicy(p.str("arn"), p, "topic policy "+in.id())
}
