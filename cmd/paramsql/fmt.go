package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/paramsql/paramsql/compiler"
)

func newFmtCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "fmt REF...",
		Short: "Print the canonical form of edge references",
		Example: `  paramsql fmt "e.signup.visited(pricing,homepage).context(device:mobile,channel:google).p.mean"
  # e.signup.visited(homepage,pricing).context(channel='google',device='mobile').p.mean`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, src := range args {
				q, err := compiler.ParseQuery(src)
				if err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), q.String())
			}
			return nil
		},
	}
}
