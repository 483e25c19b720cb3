package main

import (
	"context"
	"os"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// putter is what the handler needs of a DynamoDB client.
type putter interface {
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
}

func save(ctx context.Context, db putter) error {
	table := os.Getenv("TABLE")
	_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &table})
	return err
}
