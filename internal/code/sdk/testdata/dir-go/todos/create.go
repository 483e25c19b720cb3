package main

import (
	"context"
	"os"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

func create(ctx context.Context, db *dynamodb.Client) error {
	_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws(os.Getenv("TABLE"))})
	return err
}

func aws(s string) *string { return &s }
