package main

import (
	"context"
	"database/sql"
	"fmt"
	"os/exec"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

type app struct {
	db *sql.DB
}

func (a *app) handle(ctx context.Context, event events.SQSEvent) error {
	for _, r := range event.Records {
		if err := exec.CommandContext(ctx, "bash", "-c", fmt.Sprintf("process %s", r.Body)).Run(); err != nil { // want CODE001
			return err
		}
	}
	return nil
}

func main() {
	a := &app{}
	lambda.Start(a.handle)
}
