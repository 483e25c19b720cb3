package main

import (
	"context"
	"os"
	"path/filepath"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handle(ctx context.Context, event events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	name := filepath.Base(event.QueryStringParameters["template"])
	data, err := os.ReadFile(filepath.Join("/opt/templates", name+".html"))
	if err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 404}, nil
	}
	return events.APIGatewayProxyResponse{StatusCode: 200, Body: string(data)}, nil
}

func main() {
	lambda.Start(handle)
}
