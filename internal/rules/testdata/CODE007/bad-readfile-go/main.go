package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handle(ctx context.Context, event events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	name := event.QueryStringParameters["template"]
	data, err := os.ReadFile("/opt/templates/" + name + ".html") // want CODE007
	if err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 404}, nil
	}
	return events.APIGatewayProxyResponse{StatusCode: 200, Body: string(data)}, nil
}

func main() {
	lambda.Start(handle)
}
