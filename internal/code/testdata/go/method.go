package main

import (
	"context"
	"fmt"
	"os/exec"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

type worker struct{}

func (w *worker) handle(ctx context.Context, event events.SQSEvent) error {
	for _, r := range event.Records {
		if err := exec.CommandContext(ctx, "bash", "-c", fmt.Sprintf("process %s", r.Body)).Run(); err != nil { // want command-injection
			return err
		}
	}
	return nil
}

func (w *worker) unused(ctx context.Context, event events.SQSEvent) error {
	return exec.Command("bash", "-c", event.Records[0].Body).Run()
}

func main() {
	w := &worker{}
	lambda.Start(w.handle)
}
