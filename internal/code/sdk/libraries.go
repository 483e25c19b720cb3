package sdk

import (
	"slices"
	"strings"
)

// libraries are packages that call AWS APIs on the code's behalf (object
// mappers, middleware that fetches parameters, request signers): the calls
// they make are not in the function's own code, so the services they use
// cannot be judged from it. "*" stands for any service.
var libraries = map[string][]string{
	// JavaScript and TypeScript
	"dynamoose": {"dynamodb"}, "dynamodb-toolbox": {"dynamodb"}, "electrodb": {"dynamodb"},
	"@aws/dynamodb-data-mapper": {"dynamodb"}, "@shelf/dynamodb-parallel-scan": {"dynamodb"},
	"@middy/ssm": {"ssm"}, "@middy/secrets-manager": {"secretsmanager"}, "@middy/sqs-partial-batch-failure": {"sqs"},
	"@middy/sqs-delete-on-failure": {"sqs"}, "@middy/rds-signer": {"rds-db"}, "@middy/s3-object-response": {"s3-object-lambda"},
	"@aws-lambda-powertools/parameters":  {"ssm", "secretsmanager", "appconfig", "dynamodb"},
	"@aws-lambda-powertools/idempotency": {"dynamodb"}, "aws4": {"*"}, "aws4-axios": {"*"}, "@smithy/signature-v4": {"*"},
	"@aws-sdk/signature-v4": {"*"}, "@opensearch-project/opensearch": {"es", "aoss"}, "aws-elasticsearch-connector": {"es"},
	"serverless-mysql": {"rds-db"}, "data-api-client": {"rds-data", "secretsmanager"}, "s3-zip": {"s3"},
	"@aws-lambda-powertools/batch": {"sqs"}, "sqs-consumer": {"sqs"}, "sqs-producer": {"sqs"},
	// Python
	"pynamodb": {"dynamodb"}, "dynamorm": {"dynamodb"}, "aws_lambda_powertools.utilities.parameters": {"ssm", "secretsmanager", "appconfig", "dynamodb"},
	"aws_lambda_powertools.utilities.idempotency": {"dynamodb"}, "requests_aws4auth": {"*"}, "aws_requests_auth": {"*"},
	"opensearchpy": {"es", "aoss"}, "smart_open": {"s3"}, "s3fs": {"s3"}, "awswrangler": {"*"}, "boto": {"*"},
	"aiobotocore": {"*"}, "aioboto3": {"*"}, "botocore.auth": {"*"}, "chalice": {},
	// Go
	"github.com/aws/aws-sdk-go/aws/signer/v4": {"*"}, "github.com/aws/aws-sdk-go-v2/aws/signer/v4": {"*"},
	"github.com/guregu/dynamo": {"dynamodb"}, "github.com/olivere/elastic": {"es"}, "github.com/elastic/go-elasticsearch": {"es"},
	"github.com/opensearch-project/opensearch-go": {"es", "aoss"}, "elasticsearch": {"es"}, "@elastic/elasticsearch": {"es"}, "github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue": {},
}

// Library is a package the code imports that calls AWS APIs itself.
type Library struct {
	Name string `json:"name"`
	File string `json:"file"`
	// Services are the IAM prefixes it may call; "*" means any.
	Services []string `json:"services"`
}

// librariesOf returns the AWS-calling libraries among a file's imports.
func librariesOf(file string, modules []string) []Library {
	var out []Library
	for _, m := range modules {
		for name, svcs := range libraries {
			if len(svcs) == 0 || !(m == name || strings.HasPrefix(m, name+"/") || strings.HasPrefix(m, name+".")) {
				continue
			}
			if !slices.ContainsFunc(out, func(l Library) bool { return l.Name == name }) {
				out = append(out, Library{Name: name, File: file, Services: svcs})
			}
		}
	}
	slices.SortFunc(out, func(a, b Library) int { return strings.Compare(a.Name, b.Name) })
	return out
}
