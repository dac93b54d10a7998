package main

import (
	"bufio"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/paramsql/paramsql/compiler"
)

func newFmtCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "fmt REF... | fmt -",
		Short: "Print the canonical form of edge references",
		Long: `Print the canonical form of each reference. With - the references are
read from standard input, one per line (blank lines are skipped); a line
that does not parse is reported with its line number and the others are
still printed.`,
		Example: `  paramsql fmt "e.signup.visited(pricing,homepage).context(device:mobile,channel:google).p.mean"
  # e.signup.visited(homepage,pricing).context(channel='google',device='mobile').p.mean
  cut -f2 refs.tsv | paramsql fmt -`,
		Args: atLeastOneArg("an edge reference, or - to read them from standard input", `paramsql fmt "e.signup.visited(pricing,homepage)"`),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 && args[0] == "-" {
				return fmtStdin(cmd)
			}
			for i, src := range args {
				q, err := compiler.ParseQuery(src)
				if err != nil {
					return argumentError(err, i, len(args))
				}
				fmt.Fprintln(cmd.OutOrStdout(), q.String())
			}
			return nil
		},
	}
}

// fmtStdin formats one reference per line of standard input.
func fmtStdin(cmd *cobra.Command) error {
	sc := bufio.NewScanner(cmd.InOrStdin())
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	bad, line := 0, 0
	for sc.Scan() {
		line++
		text := sc.Text()
		src := strings.TrimSpace(text)
		if src == "" {
			continue
		}
		q, err := compiler.ParseQuery(src)
		if err != nil {
			bad++
			var perr *compiler.Error
			if errors.As(err, &perr) {
				// The column counts in the line as read, indentation
				// included.
				lead := utf8.RuneCountInString(text[:len(text)-len(strings.TrimLeftFunc(text, unicode.IsSpace))])
				fmt.Fprintf(cmd.ErrOrStderr(), "paramsql: %s\n", perr.At("<stdin>", line, lead+1).Detail())
			} else {
				fmt.Fprintf(cmd.ErrOrStderr(), "paramsql: <stdin>:%d: %v\n", line, err)
			}
			continue
		}
		fmt.Fprintln(cmd.OutOrStdout(), q.String())
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading standard input: %w", err)
	}
	if bad > 0 {
		return fmt.Errorf("%d of the references on standard input did not parse", bad)
	}
	return nil
}
