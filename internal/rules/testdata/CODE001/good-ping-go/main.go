package main

import (
	"context"
	"encoding/json"
	"os/exec"
	"strconv"

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
	n, err := strconv.Atoi(req.Count)
	if err != nil || n < 1 || n > 5 {
		return events.APIGatewayProxyResponse{StatusCode: 400}, nil
	}
	out, err := exec.CommandContext(ctx, "ping", "-c", strconv.Itoa(n), "--", req.Host).CombinedOutput()
	if err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 502}, nil
	}
	return events.APIGatewayProxyResponse{StatusCode: 200, Body: string(out)}, nil
}

func main() {
	lambda.Start(handle)
}
