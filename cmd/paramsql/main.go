// Command paramsql compiles edge references into SQL and keeps Bayesian
// estimates of conversion rates up to date from raw event data.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/paramsql/paramsql/compiler"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line and returns the exit status, so tests can
// drive the whole tool in-process.
func run(args []string, stdout, stderr io.Writer) int {
	return runWithInput(args, os.Stdin, stdout, stderr)
}

// runWithInput is run with standard input given.
func runWithInput(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	if err := root.Execute(); err != nil {
		printError(stderr, err)
		return 1
	}
	return 0
}

// printError shows a reference error with the reference echoed and a caret
// under the spot; other errors as they are.
func printError(w io.Writer, err error) {
	var perr *compiler.Error
	if errors.As(err, &perr) {
		fmt.Fprintf(w, "paramsql: %s\n", perr.Detail())
		return
	}
	fmt.Fprintf(w, "paramsql: %v\n", err)
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "paramsql",
		Short:         "Compile edge references to SQL and update Bayesian parameter estimates",
		Version:       versionString(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetVersionTemplate("paramsql {{.Version}}\n")
	root.AddCommand(newCompileCmd(), newFmtCmd(), newRenderCmd(), newUpdateCmd(), newRunCmd(), newHistoryCmd(), newValidateCmd(), newDemoCmd(), newReportCmd())
	return root
}
