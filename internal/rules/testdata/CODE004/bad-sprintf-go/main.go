package main

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

var db *sql.DB

func invoices(ctx context.Context, customer, status string) (*sql.Rows, error) {
	q := fmt.Sprintf("SELECT id, total FROM invoices WHERE customer = '%s' AND status = '%s'", customer, status)
	return db.QueryContext(ctx, q) // want CODE004
}

func handle(ctx context.Context, event events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	rows, err := invoices(ctx, event.QueryStringParameters["customer"], event.QueryStringParameters["status"])
	if err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 500}, nil
	}
	defer rows.Close()
	return events.APIGatewayProxyResponse{StatusCode: 200}, nil
}

func main() {
	lambda.Start(handle)
}
