// Package cli implements slsguard's command line: it turns flags into
// options, calls the library packages, prints, and picks exit codes. It is
// the only package that writes to the terminal.
package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// Exit codes.
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitUsage    = 2
)

// errFindings makes a command exit with ExitFindings after printing its
// report.
var errFindings = errors.New("findings at or above the failure threshold")

// usageError marks a misuse of the command line.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// env is what every command needs from the process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// isTerminal reports whether stdout is an interactive terminal.
	isTerminal bool
}

// Run runs slsguard with args (without the program name) and returns the
// process exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, isTerminal: isTerminal(stdout)}
	root := &cobra.Command{
		Use:           "slsguard",
		Short:         "Security for serverless applications, from the repository to runtime",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newScanCmd(e),
		newRulesCmd(e),
		newVersionCmd(e),
		newInitCmd(e),
		newLogsCmd(e),
		newDBCmd(e), newDepsCmd(e),
		newSBOMCmd(e),
		newWatchCmd(e), newLambdaCmd(e),
		newPolicyCmd(e),
	)
	err := root.Execute()
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, errFindings):
		return ExitFindings
	}
	// Usage errors, inputs that could not be loaded at all, and failures
	// to write a report all mean the run did not do its job.
	fmt.Fprintln(stderr, "slsguard:", err)
	return ExitUsage
}
