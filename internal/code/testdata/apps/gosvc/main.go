package main

import (
	"os/exec"

	"github.com/aws/aws-lambda-go/lambda"
)

type Event struct{ Cmd string }

func run(e Event) error {
	return exec.Command("bash", "-c", e.Cmd).Run()
}

func main() { lambda.Start(run) }
