package main

import (
	"context"
	"fmt"
	"os/exec"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handle(ctx context.Context, event events.SQSEvent) error {
	for _, r := range event.Records {
		if err := exec.CommandContext(ctx, "bash", "-c", fmt.Sprintf("process %s", r.Body)).Run(); err != nil { // want CODE001
			return err
		}
	}
	return nil
}

func main() {
	lambda.Start(handle)
}
