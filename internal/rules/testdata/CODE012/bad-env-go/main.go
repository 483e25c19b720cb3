package main

import (
	"context"
	"os"
	"os/exec"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handle(ctx context.Context, event events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	if event.QueryStringParameters["raw"] != "" {
		out, _ := exec.CommandContext(ctx, "printenv").Output() // want CODE012
		return events.APIGatewayProxyResponse{StatusCode: 200, Body: string(out)}, nil
	}
	return events.APIGatewayProxyResponse{StatusCode: 200, Body: strings.Join(os.Environ(), "\n")}, nil // want CODE012
}

func main() {
	lambda.Start(handle)
}
