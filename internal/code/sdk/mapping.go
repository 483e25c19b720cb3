package sdk

import (
	"slices"
	"strings"

	"github.com/slsguard/slsguard/internal/iam"
)

// servicePrefixes maps SDK service names, lowercased and without dashes or
// underscores (the v2 class S3, the v3 package client-cloudwatch-logs, the
// boto3 name cognito-idp, the Go package cloudwatchlogs), to IAM service
// prefixes where the two differ. Names not listed are used as they are when
// the catalog knows them.
var servicePrefixes = map[string]string{
	"stepfunctions": "states", "sfn": "states", "cloudwatchlogs": "logs", "eventbridge": "events",
	"cloudwatchevents": "events", "kinesisfirehose": "firehose", "sesv2": "ses",
	"cognitoidentityserviceprovider": "cognito-idp", "cognitoidentityprovider": "cognito-idp",
	"cognitoidp": "cognito-idp", "cognitoidentity": "cognito-identity", "apigatewaymanagementapi": "execute-api",
	"iotdata": "iot", "iotdataplane": "iot", "sagemakerruntime": "sagemaker", "bedrockruntime": "bedrock",
	"bedrockagentruntime": "bedrock", "dynamodbstreams": "dynamodb", "timestreamwrite": "timestream",
	"timestreamquery": "timestream", "location": "geo", "pinpoint": "mobiletargeting", "rdsdataservice": "rds-data",
	"rdsdata": "rds-data", "opensearch": "es", "elasticsearch": "es", "elasticsearchservice": "es",
	"cloudwatch": "cloudwatch", "xray": "xray", "schedulers": "scheduler", "kinesisvideomedia": "kinesisvideo",
	"configservice": "config", "applicationautoscaling": "application-autoscaling", "ecrpublic": "ecr-public",
	"lexruntime": "lex", "lexruntimev2": "lex", "marketplacemetering": "aws-marketplace",
	"textractservice": "textract", "transcribeservice": "transcribe", "acmpca": "acm-pca", "elbv2": "elasticloadbalancing",
	"elasticloadbalancingv2": "elasticloadbalancing", "elb": "elasticloadbalancing",
}

// ServicePrefix returns the IAM service prefix of an SDK service name, or
// "" when the catalog has no such service.
func ServicePrefix(sdkName string) string {
	k := strings.ToLower(strings.NewReplacer("-", "", "_", "", " ", "").Replace(sdkName))
	if p, ok := servicePrefixes[k]; ok {
		return p
	}
	if iam.KnownService(k) {
		return k
	}
	return ""
}

// exceptions lists the operations whose permission is not service:Operation.
// An empty list means the operation needs no permission.
var exceptions = map[string][]string{
	"s3:ListObjectsV2":                   {"s3:ListBucket"},
	"s3:ListObjects":                     {"s3:ListBucket"},
	"s3:ListObjectVersions":              {"s3:ListBucketVersions"},
	"s3:HeadObject":                      {"s3:GetObject"},
	"s3:HeadBucket":                      {"s3:ListBucket"},
	"s3:SelectObjectContent":             {"s3:GetObject"},
	"s3:Upload":                          {"s3:PutObject"},
	"s3:UploadFile":                      {"s3:PutObject"},
	"s3:UploadFileobj":                   {"s3:PutObject"},
	"s3:DownloadFile":                    {"s3:GetObject"},
	"s3:DownloadFileobj":                 {"s3:GetObject"},
	"s3:Copy":                            {"s3:GetObject", "s3:PutObject"},
	"s3:CopyObject":                      {"s3:GetObject", "s3:PutObject"},
	"s3:DeleteObjects":                   {"s3:DeleteObject"},
	"s3:CreateMultipartUpload":           {"s3:PutObject"},
	"s3:UploadPart":                      {"s3:PutObject"},
	"s3:UploadPartCopy":                  {"s3:GetObject", "s3:PutObject"},
	"s3:CompleteMultipartUpload":         {"s3:PutObject"},
	"s3:ListParts":                       {"s3:ListMultipartUploadParts"},
	"s3:CreatePresignedPost":             {"s3:PutObject"},
	"s3:GeneratePresignedPost":           {"s3:PutObject"},
	"s3:GetBucketLocation":               {"s3:GetBucketLocation"},
	"dynamodb:TransactWriteItems":        {"dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"},
	"dynamodb:TransactGetItems":          {"dynamodb:GetItem"},
	"dynamodb:TransactGet":               {"dynamodb:GetItem"},
	"dynamodb:ExecuteStatement":          {"dynamodb:PartiQLSelect", "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete"},
	"dynamodb:BatchExecuteStatement":     {"dynamodb:PartiQLSelect", "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete"},
	"dynamodb:ExecuteTransaction":        {"dynamodb:PartiQLSelect", "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete"},
	"sqs:SendMessageBatch":               {"sqs:SendMessage"},
	"sqs:DeleteMessageBatch":             {"sqs:DeleteMessage"},
	"sqs:ChangeMessageVisibilityBatch":   {"sqs:ChangeMessageVisibility"},
	"lambda:Invoke":                      {"lambda:InvokeFunction"},
	"lambda:InvokeWithResponseStream":    {"lambda:InvokeFunction"},
	"lambda:InvokeAsync":                 {"lambda:InvokeFunction"},
	"execute-api:PostToConnection":       {"execute-api:ManageConnections"},
	"execute-api:GetConnection":          {"execute-api:ManageConnections"},
	"execute-api:DeleteConnection":       {"execute-api:ManageConnections"},
	"iot:Publish":                        {"iot:Publish"},
	"sts:GetCallerIdentity":              {},
	"sagemaker:InvokeEndpoint":           {"sagemaker:InvokeEndpoint"},
	"bedrock:InvokeModel":                {"bedrock:InvokeModel"},
	"bedrock:Converse":                   {"bedrock:InvokeModel"},
	"bedrock:ConverseStream":             {"bedrock:InvokeModelWithResponseStream"},
	"ses:SendBulkEmail":                  {"ses:SendBulkEmail"},
	"firehose:PutRecordBatch":            {"firehose:PutRecordBatch"},
	"cognito-idp:InitiateAuth":           {},
	"cognito-idp:SignUp":                 {},
	"cognito-idp:ConfirmSignUp":          {},
	"cognito-idp:RespondToAuthChallenge": {},
	"cognito-idp:ForgotPassword":         {},
	"cognito-idp:ConfirmForgotPassword":  {},
}

// documentOps maps DynamoDB document client methods (v2 DocumentClient,
// v3 lib-dynamodb) to the low-level operations they wrap.
var documentOps = map[string]string{
	"Put": "PutItem", "Get": "GetItem", "Update": "UpdateItem", "Delete": "DeleteItem", "Query": "Query",
	"Scan": "Scan", "BatchGet": "BatchGetItem", "BatchWrite": "BatchWriteItem", "TransactWrite": "TransactWriteItems",
	"TransactGet": "TransactGetItems", "ExecuteStatement": "ExecuteStatement", "BatchExecuteStatement": "BatchExecuteStatement",
	"ExecuteTransaction": "ExecuteTransaction",
}

// transactItemOps maps the members of a TransactItems entry to actions.
var transactItemOps = map[string]string{
	"Put": "dynamodb:PutItem", "Update": "dynamodb:UpdateItem", "Delete": "dynamodb:DeleteItem",
	"ConditionCheck": "dynamodb:ConditionCheckItem", "Get": "dynamodb:GetItem",
}

// notOperations are client methods that are not API operations: request
// plumbing, waiters, configuration.
var notOperations = map[string]bool{
	"promise": true, "on": true, "send": true, "abort": true, "createReadStream": true, "eachPage": true,
	"waitFor": true, "destroy": true, "config": true, "makeRequest": true, "makeUnauthenticatedRequest": true,
	"middlewareStack": true, "setupRequestListeners": true, "get_waiter": true, "can_paginate": true, "close": true,
	"meta": true, "exceptions": true, "getSignedUrlPromise": true, "createSet": true, "wrap": true, "then": true,
	"catch": true, "finally": true, "emit": true, "defineService": true, "get_available_subresources": true,
	"batch_writer": true, "load": true, "reload": true, "wait_until_exists": true, "wait_until_not_exists": true,
}

// resolveOp maps one operation of a service to IAM actions. doc selects
// DynamoDB document client naming. It returns the actions, a note, and a
// reason when the operation could not be mapped.
func resolveOp(service, op string, doc bool) (actions []string, note, unresolved string) {
	if service == "" {
		return nil, "", "unknown client"
	}
	name := pascal(op)
	if doc {
		if low, ok := documentOps[name]; ok {
			name = low
		}
	}
	key := service + ":" + name
	if acts, ok := exceptions[key]; ok {
		if len(acts) == 0 {
			return nil, "needs no IAM permission", ""
		}
		return validate(acts)
	}
	if a, ok := iam.LookupAction(key); ok {
		return []string{a.String()}, "", ""
	}
	return nil, "", "no IAM action " + key + " in the catalog"
}

// validate keeps the actions the catalog knows, in their catalog spelling.
func validate(acts []string) ([]string, string, string) {
	var out []string
	var missing []string
	for _, s := range acts {
		if a, ok := iam.LookupAction(s); ok {
			out = append(out, a.String())
		} else {
			missing = append(missing, s)
		}
	}
	if len(out) == 0 {
		return nil, "", "no IAM action " + strings.Join(missing, ", ") + " in the catalog"
	}
	slices.Sort(out)
	return slices.Compact(out), "", ""
}

// finish completes a call's actions from its parameters: an ACL on an
// upload also needs s3:PutObjectAcl, and a transaction needs the actions of
// its items.
func finish(c *Call, transactOps []string) {
	if c.Unresolved != "" {
		return
	}
	if c.Service == "s3" && strings.HasPrefix(pascal(c.Operation), "Upload") {
		// Multipart parts need only s3:PutObject; an upload that fails
		// is aborted, which is best effort.
		c.Note = joinNote(c.Note, "a failed multipart upload is cleaned up only with s3:AbortMultipartUpload")
	}
	if c.Service == "s3" && slices.Contains(c.Actions, "s3:PutObject") {
		for _, p := range c.Params {
			if p.Name == "ACL" {
				c.Actions = append(c.Actions, "s3:PutObjectAcl")
				c.Note = joinNote(c.Note, "the ACL parameter also needs s3:PutObjectAcl")
				break
			}
		}
	}
	if c.Service == "dynamodb" && strings.HasPrefix(pascal(c.Operation), "Transact") && strings.Contains(c.Operation+pascal(c.Operation), "Write") {
		c.Actions = nil
		if len(transactOps) == 0 {
			transactOps = []string{"dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"}
			c.Note = joinNote(c.Note, "the transaction's items are not written in the call: every write action is assumed")
		}
		c.Actions = append(c.Actions, transactOps...)
	}
	impliedS3(c)
	for _, p := range c.Params {
		if p.Name == "WithDecryption" && (p.Literal == "true" || p.Literal == "True") {
			c.Note = joinNote(c.Note, "a SecureString under a customer managed KMS key also needs kms:Decrypt on that key")
		}
	}
	slices.Sort(c.Actions)
	c.Actions = slices.Compact(c.Actions)
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// Actions maps an API operation of a service (IAM prefix, PascalCase or
// as an SDK spells it) to the IAM actions it needs. unresolved says why
// there are none; both are empty for operations that need no permission.
func Actions(service, operation string) (actions []string, unresolved string) {
	acts, _, why := resolveOp(service, operation, false)
	return acts, why
}

// s3Readers are services that read (and write) S3 objects named in a
// request with the caller's permissions.
var s3Readers = map[string]bool{"rekognition": true, "textract": true, "transcribe": true, "comprehend": true, "comprehendmedical": true}

// impliedS3 adds the S3 access a call makes through another service: the
// caller needs s3:GetObject on the media it names and s3:PutObject on the
// bucket it asks the output to be written to.
func impliedS3(c *Call) {
	if !s3Readers[c.Service] {
		return
	}
	for _, p := range c.Params {
		switch p.Name {
		case "Bucket", "MediaFileUri":
			c.Actions = append(c.Actions, "s3:GetObject")
			c.Note = joinNote(c.Note, c.Service+" reads the S3 object with the caller's permissions")
		case "OutputBucketName":
			c.Actions = append(c.Actions, "s3:PutObject")
			c.Note = joinNote(c.Note, c.Service+" writes its output with the caller's permissions")
		}
	}
}

// paramServices names the service a parameter identifies: a call with a
// Bucket parameter on a client the analysis cannot see is an S3 call.
var paramServices = map[string]string{
	"Bucket": "s3", "TableName": "dynamodb", "QueueUrl": "sqs", "TopicArn": "sns", "SecretId": "secretsmanager",
	"StateMachineArn": "states", "DeliveryStreamName": "firehose", "StreamName": "kinesis",
}

// inferClient guesses the client of a call on an unknown receiver from its
// parameters: the guess stands only when the operation is one of that
// service's.
func inferClient(op string, params []Param) (*client, string) {
	for _, p := range params {
		svc, ok := paramServices[p.Name]
		if !ok {
			continue
		}
		if _, _, why := resolveOp(svc, op, false); why == "" {
			return &client{service: svc}, p.Name
		}
		if _, _, why := resolveOp(svc, op, true); why == "" && svc == "dynamodb" {
			return &client{service: svc, doc: true}, p.Name
		}
	}
	return nil, ""
}
