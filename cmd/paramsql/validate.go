package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

func newValidateCmd() *cobra.Command {
	var project string
	cmd := &cobra.Command{
		Use:   "validate [--project DIR | DIR]",
		Short: "Check the project file and every parameter file, without running anything",
		Long: `Check paramsql.yaml and params/*.yaml: strict decoding (unknown fields,
types, enums), references that compile for their connection's dialect, filters
that agree with the reference, raw queries that are one read-only SELECT whose
result columns match result_mapping. Every problem is reported as
file:line:col.

The project is --project DIR, as for every other command, or DIR.

Parameters on a bigquery connection then get a BigQuery dry run, which
runs and bills nothing: it prints the bytes each statement would scan, and
fails a raw query that BigQuery does not see as one SELECT.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			switch {
			case len(args) == 1 && cmd.Flags().Changed("project") && args[0] != project:
				return fmt.Errorf("two projects given: --project %s and %s; give one", project, args[0])
			case len(args) == 1:
				dir = args[0]
			case cmd.Flags().Changed("project"):
				dir = project
			}
			proj, params, err := config.Load(dir)
			if err != nil {
				return err
			}
			findings := pipeline.Validate(proj, params)
			errs := 0
			for _, f := range findings {
				fmt.Fprintln(cmd.ErrOrStderr(), f)
				if !f.Warning {
					errs++
				}
			}
			if errs == 0 {
				errs += validateDryRuns(cmd.OutOrStdout(), cmd.ErrOrStderr(), proj, params)
			}
			if errs > 0 {
				return fmt.Errorf("%d problem(s) in %s", errs, dir)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %d parameter file(s) valid\n", dir, len(params))
			return nil
		},
	}
	cmd.Flags().StringVar(&project, "project", ".", "project directory (holding paramsql.yaml)")
	return cmd
}
