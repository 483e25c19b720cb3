package tf

import (
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

// Lambda's defaults for values a configuration leaves out.
const (
	defaultTimeout = 3
	defaultMemory  = 128
)

var awsHandlers = map[string]handler{
	"aws_iam_role":                                       {phaseIdentity, (*builder).iamRole},
	"aws_iam_policy":                                     {phaseIdentity, (*builder).iamPolicy},
	"aws_s3_bucket":                                      {phaseStore, (*builder).s3Bucket},
	"aws_dynamodb_table":                                 {phaseStore, (*builder).dynamoTable},
	"aws_sqs_queue":                                      {phaseStore, (*builder).sqsQueue},
	"aws_sns_topic":                                      {phaseStore, (*builder).snsTopic},
	"aws_kinesis_stream":                                 {phaseStore, (*builder).kinesisStream},
	"aws_kms_key":                                        {phaseStore, (*builder).kmsKey},
	"aws_secretsmanager_secret":                          {phaseStore, (*builder).secret},
	"aws_ssm_parameter":                                  {phaseStore, (*builder).ssmParameter},
	"aws_cloudwatch_log_group":                           {phaseStore, (*builder).logGroup},
	"aws_api_gateway_rest_api":                           {phaseStore, (*builder).restAPI},
	"aws_apigatewayv2_api":                               {phaseStore, (*builder).v2API},
	"aws_lambda_function":                                {phaseFunction, (*builder).lambdaFunction},
	"aws_iam_role_policy":                                {phaseAttach, (*builder).rolePolicy},
	"aws_iam_role_policy_attachment":                     {phaseAttach, (*builder).rolePolicyAttachment},
	"aws_iam_policy_attachment":                          {phaseAttach, (*builder).policyAttachment},
	"aws_lambda_permission":                              {phaseAttach, (*builder).lambdaPermission},
	"aws_lambda_function_url":                            {phaseAttach, (*builder).lambdaURL},
	"aws_lambda_event_source_mapping":                    {phaseAttach, (*builder).eventSourceMapping},
	"aws_lambda_function_event_invoke_config":            {phaseAttach, (*builder).eventInvokeConfig},
	"aws_s3_bucket_notification":                         {phaseAttach, (*builder).bucketNotification},
	"aws_s3_bucket_acl":                                  {phaseAttach, (*builder).bucketACL},
	"aws_s3_bucket_public_access_block":                  {phaseAttach, (*builder).publicAccessBlock},
	"aws_s3_bucket_policy":                               {phaseAttach, (*builder).bucketPolicy},
	"aws_s3_bucket_server_side_encryption_configuration": {phaseAttach, (*builder).bucketEncryption},
	"aws_s3_bucket_website_configuration":                {phaseAttach, (*builder).bucketWebsite},
	"aws_sqs_queue_policy":                               {phaseAttach, (*builder).queuePolicy},
	"aws_sns_topic_policy":                               {phaseAttach, (*builder).topicPolicy},
	"aws_sns_topic_subscription":                         {phaseAttach, (*builder).snsSubscription},
	"aws_secretsmanager_secret_version":                  {phaseAttach, (*builder).secretVersion},
	"aws_cloudwatch_event_target":                        {phaseAttach, (*builder).eventTarget},
	"aws_scheduler_schedule":                             {phaseAttach, (*builder).schedule},
	"aws_api_gateway_rest_api_policy":                    {phaseRoute, (*builder).restAPIPolicy},
	"aws_api_gateway_method":                             {phaseRoute, (*builder).restMethod},
	"aws_api_gateway_stage":                              {phaseRoute, (*builder).restStage},
	"aws_api_gateway_deployment":                         {phaseRoute, (*builder).restDeployment},
	"aws_api_gateway_method_settings":                    {phaseRoute, (*builder).methodSettings},
	"aws_api_gateway_usage_plan":                         {phaseRoute, (*builder).usagePlan},
	"aws_api_gateway_domain_name":                        {phaseRoute, (*builder).restDomain},
	"aws_apigatewayv2_route":                             {phaseRoute, (*builder).v2Route},
	"aws_apigatewayv2_stage":                             {phaseRoute, (*builder).v2Stage},
	"aws_apigatewayv2_domain_name":                       {phaseRoute, (*builder).v2Domain},
	"aws_wafv2_web_acl_association":                      {phaseRoute, (*builder).wafAssociation},
	"aws_wafregional_web_acl_association":                {phaseRoute, (*builder).wafAssociation},
}

func (b *builder) lambdaFunction(in *instance, p blk) {
	f := &model.Function{ID: b.functionID(in), Loc: in.r.loc, Name: p.str("function_name")}
	if f.Name.Origin == model.Unset {
		f.Name = model.String{V: in.r.name, Loc: in.r.loc, Origin: model.Defaulted}
	}
	f.Runtime = p.str("runtime")
	f.Handler = p.str("handler")
	f.PackageType = p.str("package_type")
	f.Timeout = orDefault(p.int("timeout"), defaultTimeout, in.r.loc)
	f.Memory = orDefault(p.int("memory_size"), defaultMemory, in.r.loc)
	for _, e := range p.block("environment").pairs("variables") {
		f.Env = append(f.Env, model.EnvVar{Name: e.key, Value: e.val})
	}
	f.EnvKMSKey = p.str("kms_key_arn")
	f.Layers = p.strs("layers")
	f.Architectures = p.strs("architectures")
	if vpc := p.block("vpc_config"); vpc.exists() {
		if subnets := vpc.strs("subnet_ids"); len(subnets) > 0 {
			f.VPC = &model.VPC{Loc: vpc.loc, SubnetIDs: subnets, SecurityGroups: vpc.strs("security_group_ids")}
		}
	}
	// The provider writes -1 for "no reserved concurrency".
	if rc := p.int("reserved_concurrent_executions"); !(rc.Origin == model.Explicit && rc.V < 0) {
		f.ReservedConcurrency = rc
	}
	f.DeadLetter = p.block("dead_letter_config").str("target_arn")
	f.Tracing = p.block("tracing_config").str("mode")
	f.CodeSigning = p.str("code_signing_config_arn")
	f.Code = b.lambdaCode(p)
	f.Region = b.app.Region
	f.RoleRef = p.str("role")
	b.addFunction(in, f)
}

// lambdaCode names where a function's code comes from: a local archive (or
// the directory an archive_file data source zips), an S3 object or a
// container image.
func (b *builder) lambdaCode(p blk) model.String {
	switch {
	case p.has("filename"):
		code := p.str("filename")
		if strings.HasPrefix(code.RefTarget, "data.archive_file.") {
			if a, _, ok := b.m.blkOf(code.RefTarget, "archive_file"); ok {
				for _, key := range []string{"source_dir", "source_file"} {
					if src := a.str(key); src.Origin == model.Explicit {
						src.Loc = code.Loc
						return src
					}
				}
			}
		}
		return code
	case p.has("image_uri"):
		return p.str("image_uri")
	case p.has("s3_bucket"):
		s := p.str("s3_bucket")
		s.V = "s3://" + s.Text() + "/" + p.str("s3_key").Text()
		return s
	}
	return model.String{}
}

func orDefault(v model.Int, def int, loc model.Location) model.Int {
	if v.Origin == model.Unset {
		return model.Int{V: def, Loc: loc, Origin: model.Defaulted}
	}
	return v
}

func (b *builder) lambdaPermission(in *instance, p blk) {
	g := &model.Grant{
		ID:            in.id(),
		Loc:           in.r.loc,
		FunctionRef:   p.str("function_name"),
		Action:        p.str("action"),
		Principal:     p.str("principal"),
		SourceARN:     p.str("source_arn"),
		SourceAccount: p.str("source_account"),
		URLAuthType:   p.str("function_url_auth_type"),
	}
	if f := b.function(g.FunctionRef); f != nil {
		g.FunctionID = f.ID
	}
	b.app.Grants = append(b.app.Grants, g)
}

func (b *builder) lambdaURL(in *instance, p blk) {
	f := b.function(p.str("function_name"))
	if f == nil {
		return
	}
	f.URL = &model.URL{Loc: in.r.loc, AuthType: p.str("authorization_type")}
	f.URL.CORSOrigins = p.block("cors").strs("allow_origins")
	b.addTrigger(f, &model.Trigger{ID: in.id(), Kind: model.TriggerURL, Loc: in.r.loc, Source: f.URL.AuthType})
}

func (b *builder) eventSourceMapping(in *instance, p blk) {
	f := b.function(p.str("function_name"))
	if f == nil {
		return
	}
	src := p.str("event_source_arn")
	t := &model.Trigger{ID: in.id(), Kind: b.esmKind(src, p), Loc: in.r.loc, Source: src}
	if d := p.block("destination_config").block("on_failure").str("destination_arn"); d.Origin != model.Unset && f.OnFailure.Origin == model.Unset {
		f.OnFailure = d
	}
	b.addTrigger(f, t)
}

// esmKind tells the source type of an event source mapping from the
// resource it refers to or its ARN.
func (b *builder) esmKind(src model.String, p blk) model.TriggerKind {
	typ, _, _ := strings.Cut(src.RefTarget, ".")
	switch typ {
	case "aws_sqs_queue":
		return model.TriggerSQS
	case "aws_kinesis_stream":
		return model.TriggerKinesis
	case "aws_dynamodb_table":
		return model.TriggerDynamoDB
	case "aws_msk_cluster":
		return model.TriggerKafka
	case "aws_mq_broker":
		return model.TriggerMQ
	}
	s := src.V
	switch {
	case strings.Contains(s, ":sqs:"):
		return model.TriggerSQS
	case strings.Contains(s, ":kinesis:"):
		return model.TriggerKinesis
	case strings.Contains(s, ":dynamodb:"):
		return model.TriggerDynamoDB
	case strings.Contains(s, ":kafka:") || p.block("self_managed_event_source").exists():
		return model.TriggerKafka
	case strings.Contains(s, ":mq:"):
		return model.TriggerMQ
	}
	return model.TriggerOther
}

func (b *builder) eventInvokeConfig(in *instance, p blk) {
	f := b.function(p.str("function_name"))
	if f == nil {
		return
	}
	if d := p.block("destination_config").block("on_failure").str("destination"); d.Origin != model.Unset {
		f.OnFailure = d
	}
}

func (b *builder) bucketNotification(in *instance, p blk) {
	bucket := p.str("bucket")
	if s := b.store(bucket); s != nil {
		bucket = model.String{V: s.ID, Loc: bucket.Loc, Origin: model.Explicit, RefTarget: s.ID}
	}
	for _, lc := range p.blocks("lambda_function") {
		f := b.function(lc.str("lambda_function_arn"))
		if f == nil {
			continue
		}
		b.addTrigger(f, &model.Trigger{ID: in.id() + ":" + f.ID, Kind: model.TriggerS3, Loc: lc.loc, Source: bucket})
	}
}

func (b *builder) snsSubscription(in *instance, p blk) {
	if p.str("protocol").V != "lambda" {
		return
	}
	if f := b.function(p.str("endpoint")); f != nil {
		b.addTrigger(f, &model.Trigger{ID: in.id(), Kind: model.TriggerSNS, Loc: in.r.loc, Source: p.str("topic_arn")})
	}
}

// eventTarget connects an EventBridge rule to a function; the rule's
// schedule or pattern is read from the rule resource.
func (b *builder) eventTarget(in *instance, p blk) {
	f := b.function(p.str("arn"))
	if f == nil {
		return
	}
	rule := p.str("rule")
	kind, src := model.TriggerEventBridge, rule
	if rb, ok := b.eventRule(rule); ok {
		if rb.has("schedule_expression") {
			kind, src = model.TriggerSchedule, rb.str("schedule_expression")
		} else if rb.has("event_pattern") {
			src = rb.str("event_pattern")
		}
	}
	b.addTrigger(f, &model.Trigger{ID: in.id(), Kind: kind, Loc: in.r.loc, Source: src})
}

// eventRule finds the instance of the aws_cloudwatch_event_rule a target
// names: by reference, and by name among the instances of a for_each.
func (b *builder) eventRule(rule model.String) (blk, bool) {
	if p, _, ok := b.m.blkOf(rule.RefTarget, "aws_cloudwatch_event_rule"); ok {
		return p, true
	}
	base, _ := splitIndex(rule.RefTarget)
	r, ok := b.m.byAddr[base]
	if !ok || r.typ != "aws_cloudwatch_event_rule" {
		return blk{}, false
	}
	for _, in := range b.m.expand(r) {
		p := r.blk(b.m, in)
		if n := p.str("name"); n.Origin == model.Explicit && n.V == rule.V {
			return p, true
		}
	}
	return blk{}, false
}

// schedule reads an EventBridge Scheduler schedule that invokes a function.
func (b *builder) schedule(in *instance, p blk) {
	t := p.block("target")
	if f := b.function(t.str("arn")); f != nil {
		b.addTrigger(f, &model.Trigger{ID: in.id(), Kind: model.TriggerSchedule, Loc: in.r.loc, Source: p.str("schedule_expression")})
	}
}
