package cfn

import (
	"github.com/slsguard/slsguard/internal/model"
)

func (b *builder) newStore(r *resource, kind model.StoreKind, name *val) *model.Store {
	s := &model.Store{ID: r.id, Kind: kind, Type: r.typ, Loc: r.loc, Name: name.str(), Region: b.app.Region}
	if s.Name.Origin == model.Unset {
		s.Name = model.String{V: r.id, Loc: r.loc, Origin: model.Defaulted}
	}
	b.stores[r.id] = s
	b.app.Stores = append(b.app.Stores, s)
	return s
}

func (b *builder) s3Bucket(r *resource) {
	p := b.properties(r)
	s := b.newStore(r, model.StoreS3, p.get("BucketName"))
	s.ACL = p.get("AccessControl").str()
	if pab := p.get("PublicAccessBlockConfiguration"); pab != nil {
		s.PublicAccess = &model.PublicAccessBlock{
			Loc:                   pab.loc,
			BlockPublicAcls:       boolOf(pab.get("BlockPublicAcls")),
			IgnorePublicAcls:      boolOf(pab.get("IgnorePublicAcls")),
			BlockPublicPolicy:     boolOf(pab.get("BlockPublicPolicy")),
			RestrictPublicBuckets: boolOf(pab.get("RestrictPublicBuckets")),
		}
	}
	s.Website = p.get("WebsiteConfiguration") != nil
	// S3 has encrypted every new object since January 2023.
	s.Encrypted = model.Bool{V: true, Loc: r.loc, Origin: model.Defaulted}
	for _, rule := range p.path("BucketEncryption", "ServerSideEncryptionConfiguration").items() {
		s.KMSKey = rule.path("ServerSideEncryptionByDefault", "KMSMasterKeyID").str()
	}
}

// s3Notifications turns bucket notification configurations into triggers
// once functions exist.
func (b *builder) s3Notifications() {
	for _, r := range b.res {
		if r.typ != "AWS::S3::Bucket" {
			continue
		}
		p := b.properties(r)
		for _, lc := range p.path("NotificationConfiguration", "LambdaConfigurations").items() {
			f := b.function(lc.get("Function").str())
			if f == nil {
				continue
			}
			b.addTrigger(f, &model.Trigger{ID: r.id + ":" + f.ID, Kind: model.TriggerS3, Loc: lc.loc,
				Source: model.String{V: r.id, Loc: r.loc, Origin: model.Explicit, RefTarget: r.id}})
		}
	}
}

func (b *builder) dynamoTable(r *resource) {
	p := b.properties(r)
	s := b.newStore(r, model.StoreDynamoDB, p.get("TableName"))
	b.dynamoEncryption(s, p.get("SSESpecification"), r.loc)
}

func (b *builder) dynamoEncryption(s *model.Store, sse *val, loc model.Location) {
	// DynamoDB always encrypts at rest; SSEEnabled chooses a KMS key
	// (AWS managed or customer managed) over the AWS owned key.
	s.Encrypted = model.Bool{V: true, Loc: loc, Origin: model.Defaulted}
	if sse != nil && sse.get("SSEEnabled").text() == "true" {
		s.KMSKey = sse.get("KMSMasterKeyId").str()
		if s.KMSKey.Origin == model.Unset {
			s.KMSKey = model.String{V: "alias/aws/dynamodb", Loc: sse.loc, Origin: model.Defaulted}
		}
	}
}

func (b *builder) simpleTable(r *resource) {
	p := b.properties(r)
	s := b.newStore(r, model.StoreDynamoDB, p.get("TableName"))
	b.dynamoEncryption(s, p.get("SSESpecification"), r.loc)
}

func (b *builder) sqsQueue(r *resource) {
	p := b.properties(r)
	s := b.newStore(r, model.StoreSQS, p.get("QueueName"))
	s.KMSKey = p.get("KmsMasterKeyId").str()
	managed := boolOf(p.get("SqsManagedSseEnabled"))
	switch {
	case s.KMSKey.Origin != model.Unset:
		s.Encrypted = model.Bool{V: true, Loc: s.KMSKey.Loc, Origin: model.Explicit}
	case managed.Origin != model.Unset:
		s.Encrypted = managed
	default:
		// SSE-SQS has been on by default for new queues since 2022.
		s.Encrypted = model.Bool{V: true, Loc: r.loc, Origin: model.Defaulted}
	}
}

func (b *builder) snsTopic(r *resource) {
	p := b.properties(r)
	s := b.newStore(r, model.StoreSNS, p.get("TopicName"))
	s.KMSKey = p.get("KmsMasterKeyId").str()
	s.Encrypted = model.Bool{V: s.KMSKey.Origin != model.Unset, Loc: r.loc, Origin: model.Defaulted}
	if s.KMSKey.Origin != model.Unset {
		s.Encrypted.Origin = model.Explicit
	}
	for _, sub := range p.get("Subscription").items() {
		if sub.get("Protocol").text() != "lambda" {
			continue
		}
		// Topics are built before functions: link once they exist.
		b.afterFunctions = append(b.afterFunctions, func() {
			if f := b.function(sub.get("Endpoint").str()); f != nil {
				b.addTrigger(f, &model.Trigger{ID: r.id + ":" + f.ID, Kind: model.TriggerSNS, Loc: sub.loc,
					Source: model.String{V: r.id, Loc: r.loc, Origin: model.Explicit, RefTarget: r.id}})
			}
		})
	}
}

func (b *builder) kinesisStream(r *resource) {
	p := b.properties(r)
	s := b.newStore(r, model.StoreKinesis, p.get("Name"))
	enc := p.get("StreamEncryption")
	s.Encrypted = model.Bool{V: enc != nil, Loc: r.loc, Origin: model.Defaulted}
	if enc != nil {
		s.Encrypted = model.Bool{V: enc.get("EncryptionType").text() == "KMS", Loc: enc.loc, Origin: model.Explicit}
		s.KMSKey = enc.get("KeyId").str()
	}
}

func (b *builder) kmsKey(r *resource) {
	p := b.properties(r)
	s := b.newStore(r, model.StoreKMS, nil)
	s.KeyRotation = boolOf(p.get("EnableKeyRotation"))
	s.Policy = b.statements(p.get("KeyPolicy"), "key policy")
}

func (b *builder) secret(r *resource) {
	p := b.properties(r)
	s := b.newStore(r, model.StoreSecret, p.get("Name"))
	s.KMSKey = p.get("KmsKeyId").str()
	s.Encrypted = model.Bool{V: true, Loc: r.loc, Origin: model.Defaulted}
	s.Value = p.get("SecretString").str()
}

func (b *builder) ssmParameter(r *resource) {
	p := b.properties(r)
	s := b.newStore(r, model.StoreSSM, p.get("Name"))
	// CloudFormation cannot create SecureString parameters: a String
	// parameter's value is stored and shown in plain text.
	s.Encrypted = model.Bool{V: false, Loc: r.loc, Origin: model.Defaulted}
	s.Value = p.get("Value").str()
}

func (b *builder) logGroup(r *resource) {
	p := b.properties(r)
	s := b.newStore(r, model.StoreLogGroup, p.get("LogGroupName"))
	s.Retention = p.get("RetentionInDays").intValue()
	s.KMSKey = p.get("KmsKeyId").str()
}

func (v *val) intValue() model.Int { return intOf(v) }

// storePolicy adds a resource policy's statements to the stores it names.
func (b *builder) storePolicy(refs []*val, doc *val, source string) {
	stmts := b.statements(doc, source)
	for _, ref := range refs {
		rs := ref.str()
		s, ok := b.stores[rs.RefTarget]
		if !ok {
			for _, id := range sortedIDs(b.stores) {
				if b.stores[id].Name.V == rs.V && rs.V != "" {
					s, ok = b.stores[id], true
				}
			}
		}
		if ok {
			s.Policy = append(s.Policy, stmts...)
		}
	}
}

func (b *builder) bucketPolicy(r *resource) {
	p := b.properties(r)
	b.storePolicy([]*val{p.get("Bucket")}, p.get("PolicyDocument"), "bucket policy "+r.id)
}

func (b *builder) queuePolicy(r *resource) {
	p := b.properties(r)
	b.storePolicy(p.get("Queues").items(), p.get("PolicyDocument"), "queue policy "+r.id)
}

func (b *builder) topicPolicy(r *resource) {
	p := b.properties(r)
	b.storePolicy(p.get("Topics").items(), p.get("PolicyDocument"), "topic policy "+r.id)
}

func (b *builder) eventsRule(r *resource) {
	p := b.properties(r)
	kind := model.TriggerEventBridge
	src := p.get("EventPattern").str()
	if se := p.get("ScheduleExpression"); se != nil {
		kind, src = model.TriggerSchedule, se.str()
	}
	for _, t := range p.get("Targets").items() {
		if f := b.function(t.get("Arn").str()); f != nil {
			b.addTrigger(f, &model.Trigger{ID: r.id + ":" + f.ID, Kind: kind, Loc: t.loc, Source: src})
		}
	}
}

func (b *builder) snsSubscription(r *resource) {
	p := b.properties(r)
	if p.get("Protocol").text() != "lambda" {
		return
	}
	if f := b.function(p.get("Endpoint").str()); f != nil {
		b.addTrigger(f, &model.Trigger{ID: r.id, Kind: model.TriggerSNS, Loc: r.loc, Source: p.get("TopicArn").str()})
	}
}
