// Command slsguard finds security problems in serverless applications.
package main

import (
	"os"

	"github.com/slsguard/slsguard/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
