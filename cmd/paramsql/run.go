package main

import (
	"fmt"
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

On SIGINT or SIGTERM it finishes the update in progress, then stops; a
second signal stops at once. The exit status is non-zero if any parameter
failed (or an alert was not delivered) while it ran. A parameter file that
does not load fails alone; the others run.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			proj, params, broken, err := config.LoadEach(project)
			if err != nil {
				return err
			}
			w, errw := cmd.OutOrStdout(), cmd.ErrOrStderr()
			ctx, stop, release := interrupts(cmd.Context(),
				"interrupted: finishing the update in progress, then stopping (interrupt again to stop at once)",
				"interrupted again: stopping now",
				func(msg string) { fmt.Fprintf(errw, "\nparamsql: %s\n", msg) })
			defer release()
			failed, runs := 0, 0
			s := &pipeline.Scheduler{
				Project:    proj,
				Params:     params,
				Broken:     broken,
				Stop:       stop,
				OnLockWait: lockWaitNotice(errw),
				OnRun: func(at time.Time, results []*pipeline.Result, err error) {
					runs++
					fmt.Fprintf(w, "run at %s\n", at.Format(time.RFC3339))
					if err != nil {
						failed++
						fmt.Fprintf(w, "  error: %v\n", err)
						if len(results) > 0 {
							printSummary(w, results)
						}
						return
					}
					printSummary(w, results)
					for _, r := range results {
						if r.Failed() {
							failed++
						}
					}
				},
			}
			if err := s.Run(ctx); err != nil {
				return err
			}
			fmt.Fprintln(w, "stopped")
			if ctx.Err() != nil {
				return fmt.Errorf("stopped at once: the update in progress was cut short")
			}
			if failed > 0 {
				return fmt.Errorf("%d parameter update(s) failed in %d run(s)", failed, runs)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&project, "project", ".", "project directory (holding paramsql.yaml)")
	return cmd
}
