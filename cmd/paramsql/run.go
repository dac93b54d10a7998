package main

import (
	"context"
	"fmt"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

func newRunCmd() *cobra.Command {
	var project string
	cmd := &cobra.Command{
		Use:   "run [flags]",
		Short: "Keep the posteriors up to date: update each parameter as its frequency falls due",
		Long: `Run the scheduler: every parameter is updated at start, then again each
time its write_frequency (else its refresh_frequency, else 1h) has passed.
It stops cleanly on SIGINT or SIGTERM, after the update in progress.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			proj, params, err := config.Load(project)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			w := cmd.OutOrStdout()
			s := &pipeline.Scheduler{
				Project: proj,
				Params:  params,
				OnRun: func(at time.Time, results []*pipeline.Result, err error) {
					fmt.Fprintf(w, "run at %s\n", at.Format(time.RFC3339))
					if err != nil {
						fmt.Fprintf(w, "  error: %v\n", err)
						return
					}
					printSummary(w, results)
				},
			}
			err = s.Run(ctx)
			if ctx.Err() == context.Canceled {
				fmt.Fprintln(w, "stopped")
			}
			return err
		},
	}
	cmd.Flags().StringVar(&project, "project", ".", "project directory (holding paramsql.yaml)")
	return cmd
}
