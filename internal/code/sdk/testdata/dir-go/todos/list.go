package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

func list(ctx context.Context, db *dynamodb.Client) error {
	_, err := db.Scan(ctx, &dynamodb.ScanInput{})
	return err
}
