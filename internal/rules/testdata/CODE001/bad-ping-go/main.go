package main

import (
	"context"
	"encoding/json"
	"os/exec"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

type pingRequest struct {
	Host  string `json:"host"`
	Count string `json:"count"`
}

func handle(ctx context.Context, event events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	var req pingRequest
	if err := json.Unmarshal([]byte(event.Body), &req); err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 400}, nil
	}
	out, err := exec.CommandContext(ctx, "sh", "-c", "ping -c "+req.Count+" "+req.Host).CombinedOutput() // want CODE001
	if err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 502}, nil
	}
	return events.APIGatewayProxyResponse{StatusCode: 200, Body: string(out)}, nil
}

func main() {
	lambda.Start(handle)
}
