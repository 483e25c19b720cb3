package main

import (
	"context"
	"io"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handle(ctx context.Context, event events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, event.QueryStringParameters["src"], nil) // want CODE006
	if err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 400}, nil
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 502}, nil
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return events.APIGatewayProxyResponse{StatusCode: 200, Body: string(body)}, nil
}

func main() {
	lambda.Start(handle)
}
