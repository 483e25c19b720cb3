package main

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

var db *sql.DB

func invoices(ctx context.Context, customer, status string, limit int) (*sql.Rows, error) {
	q := fmt.Sprintf("SELECT id, total FROM invoices WHERE customer = $1 AND status = $2 LIMIT %d", limit)
	return db.QueryContext(ctx, q, customer, status)
}

func handle(ctx context.Context, event events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	limit, err := strconv.Atoi(event.QueryStringParameters["limit"])
	if err != nil {
		limit = 50
	}
	rows, err := invoices(ctx, event.QueryStringParameters["customer"], event.QueryStringParameters["status"], limit)
	if err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 500}, nil
	}
	defer rows.Close()
	return events.APIGatewayProxyResponse{StatusCode: 200}, nil
}

func main() {
	lambda.Start(handle)
}
