// Command slsguard finds security problems in serverless applications.
package main

import (
	"os"

	"github.com/slsguard/slsguard/internal/cli"
)

func main() {
	// Started by the Lambda runtime (AWS_LAMBDA_RUNTIME_API set), the binary
	// runs as a log-analysis function.
	args := cli.LambdaArgs(os.Args[1:], os.Getenv)
	os.Exit(cli.Run(args, os.Stdin, os.Stdout, os.Stderr))
}
