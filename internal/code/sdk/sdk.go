// Package sdk finds the AWS SDK calls a function's code makes and the IAM
// actions each needs.
//
// From the handler file (and the modules of the same code directory it
// imports) it reads, with syntax trees, the clients the code creates and
// the operations it calls on them: JavaScript and TypeScript with the AWS
// SDK v2 (new AWS.S3(), DocumentClient, .promise() or callbacks) and v3
// (client.send(new PutObjectCommand(...)), lib-dynamodb, lib-storage's
// Upload, paginators, getSignedUrl), Python with boto3 (clients, resources,
// sessions, Table and Object sub-resources), and Go with the SDK v2 (and
// v1) through go/ast. Each operation maps to IAM actions by naming
// convention (PutObject → s3:PutObject, put_item → dynamodb:PutItem) with an
// exceptions table for the operations whose permission has another name
// (ListObjectsV2 → s3:ListBucket, DocumentClient put → dynamodb:PutItem,
// Lambda invoke → lambda:InvokeFunction); every action is checked against
// the IAM catalog.
//
// The parameters that name the resource a call acts on (Bucket, TableName,
// QueueUrl, TopicArn, SecretId...) are kept as literals or as the
// environment variable they are read from (process.env.X, os.environ['X'],
// os.getenv("X"), os.Getenv("X")), so that the caller can tie them to the
// template's resources. Calls the analysis cannot map (a method chosen at
// run time, a client it cannot identify) are returned with Unresolved set,
// never dropped.
//
// The calls of a handler are those of its function, of the module-level
// code, and of the functions and classes these refer to; clients exported
// by modules of the code directory are followed into the handlers that
// import them, and a call on a client the analysis cannot see (a
// parameter) is tied to a service by the parameters it names (Bucket,
// TableName) when the operation is one of that service's. Imported
// libraries that call AWS themselves (pynamodb, dynamoose, Powertools
// parameters, request signers) are listed, since their calls are unseen.
//
// The API:
//
//	func Extract(dir, handler, runtime string) Result // Calls, Files, Libraries, Unfollowed, Errors
//	func ExtractFile(path string, src []byte, entry string) (FileResult, error)
//	func Actions(service, operation string) (actions []string, unresolved string)
//	func ServicePrefix(sdkName string) string
//	type Call struct { File string; Line, Column int; Service, Operation string; Actions []string; Params []Param; Note, Unresolved string }
//	type Param struct { Name, Literal, Env, Unknown string }
package sdk

import (
	"cmp"
	"slices"
	"strings"
)

// Call is one SDK call found in the code.
type Call struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	// Service is the IAM service prefix of the client ("s3", "dynamodb"),
	// "" when the client is unknown.
	Service string `json:"service"`
	// Operation is the operation as the code names it ("putObject",
	// "put_item", "PutObjectCommand").
	Operation string `json:"operation"`
	// Actions are the IAM actions the call needs, sorted.
	Actions []string `json:"actions,omitempty"`
	// Params are the parameters that name the resources the call acts on.
	Params []Param `json:"params,omitempty"`
	// Note says why an action was added or what the mapping assumes.
	Note string `json:"note,omitempty"`
	// Unresolved says why the call could not be mapped to actions.
	Unresolved string `json:"unresolved,omitempty"`
}

// Param is one resource-naming parameter of a call: its name ("Bucket",
// "TableName") and where its value comes from. Exactly one of Literal, Env
// and Unknown is set.
type Param struct {
	Name string `json:"name"`
	// Literal is a value written in the code.
	Literal string `json:"literal,omitempty"`
	// Env is the environment variable the value is read from.
	Env string `json:"env,omitempty"`
	// Unknown describes a value the analysis cannot follow.
	Unknown string `json:"unknown,omitempty"`
}

// Value returns the parameter's value for display.
func (p Param) Value() string {
	switch {
	case p.Literal != "":
		return p.Literal
	case p.Env != "":
		return "env " + p.Env
	}
	return p.Unknown
}

// resourceParams are the parameter names that identify resources.
var resourceParams = map[string]bool{
	"Bucket": true, "TableName": true, "IndexName": true, "QueueUrl": true, "QueueName": true, "TopicArn": true,
	"TargetArn": true, "SecretId": true, "Name": true, "Names": true, "Path": true, "FunctionName": true,
	"StateMachineArn": true, "StreamName": true, "StreamARN": true, "DeliveryStreamName": true,
	"EventBusName": true, "UserPoolId": true, "KeyId": true, "logGroupName": true, "LogGroupName": true,
	"RoleArn": true, "ACL": true, "WithDecryption": true, "CopySource": true, "IdentityPoolId": true,
	"MediaFileUri": true, "OutputBucketName": true,
}

// nestedParams are the parameters whose object holds resource-naming
// parameters of its own: Image: {S3Object: {Bucket}} for Rekognition.
var nestedParams = map[string]bool{
	"S3Object": true, "Image": true, "Document": true, "Video": true, "Media": true, "DocumentLocation": true,
	"InputDataConfig": true, "OutputDataConfig": true, "Destination": true, "S3Location": true,
}

// sortCalls orders calls by file, line and column.
func sortCalls(cs []Call) {
	slices.SortStableFunc(cs, func(a, b Call) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Operation, b.Operation))
	})
}

// pascal turns an operation name as a language writes it into the API's
// PascalCase: putObject, put_object and PutObjectCommand all give
// PutObject; list_objects_v2 gives ListObjectsV2.
func pascal(op string) string {
	op = strings.TrimSuffix(op, "Command")
	if !strings.Contains(op, "_") {
		if op == "" {
			return op
		}
		return strings.ToUpper(op[:1]) + op[1:]
	}
	var b strings.Builder
	for _, part := range strings.Split(op, "_") {
		if part == "" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}
