// Command gentree writes a tree of generated serverless applications for
// benchmarks (see docs/benchmarks.md).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/slsguard/slsguard/internal/testgen"
)

func main() {
	n := flag.Int("n", 1000, "number of applications")
	out := flag.String("out", "", "output directory")
	format := flag.String("format", "sam", "sam, serverless or terraform")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gentree: -out is required")
		os.Exit(2)
	}
	write := map[string]func(string, int) error{
		"sam": testgen.WriteSAMTree, "serverless": testgen.WriteServerlessTree, "terraform": testgen.WriteTerraformTree,
	}[*format]
	if write == nil {
		fmt.Fprintln(os.Stderr, "gentree: -format is sam, serverless or terraform")
		os.Exit(2)
	}
	if err := write(*out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "gentree:", err)
		os.Exit(1)
	}
}
