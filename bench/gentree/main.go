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
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gentree: -out is required")
		os.Exit(2)
	}
	if err := testgen.WriteSAMTree(*out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "gentree:", err)
		os.Exit(1)
	}
}
