package main

import (
	"context"
	"fmt"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

var client *dynamodb.Client

func get(ctx context.Context, event events.APIGatewayV2HTTPRequest) (string, error) {
	id := event.PathParameters["id"]
	stmt := fmt.Sprintf("SELECT * FROM Orders WHERE id = '%s'", id)
	_, err := client.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(stmt)}) // want sql-injection

	// good: a parameter
	_, err = client.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{
		Statement:  aws.String("SELECT * FROM Orders WHERE id = ?"),
		Parameters: []types.AttributeValue{&types.AttributeValueMemberS{Value: id}},
	})
	return "", err
}

func main() { lambda.Start(get) }
