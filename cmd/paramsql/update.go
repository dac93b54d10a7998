package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

func newUpdateCmd() *cobra.Command {
	var project, asOf string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "update [flags] [ID...]",
		Short: "Update the posteriors of the named parameters, or of all of them",
		Long: `Read each parameter's prior, count its observations, apply the Bayesian
update, check the data against the prior, alert, and write the posterior.

One failing parameter does not stop the others, nor does a parameter file
that does not load: it fails alone, with its file:line:col errors. The exit
status is non-zero if any parameter failed or an alert was not delivered.
--as-of fixes "now", so a run is reproducible.

On SIGINT or SIGTERM the parameter in progress is finished, the rest are
not started, the summary so far is printed and the exit status is
non-zero; a second signal stops at once.`,
		Example: `  paramsql update --project demo
  paramsql update --project demo --as-of 2026-11-20 --json signup-google-mobile`,
		RunE: func(cmd *cobra.Command, ids []string) error {
			at, err := parseAsOf(asOf)
			if err != nil {
				return err
			}
			proj, params, broken, err := config.LoadEach(project)
			if err != nil {
				return err
			}
			w, errw := cmd.OutOrStdout(), cmd.ErrOrStderr()
			ctx, stop, release := interrupts(cmd.Context(),
				"interrupted: finishing the parameter in progress, then stopping (interrupt again to stop at once)",
				"interrupted again: stopping now",
				func(msg string) { fmt.Fprintf(errw, "\nparamsql: %s\n", msg) })
			defer release()
			progress := newProgress(w, errw, asJSON)
			r := &pipeline.Runner{Project: proj, Params: params, Broken: broken, AsOf: at, Stop: stop,
				Progress:   func(done, total int, id string) { progress.update(done, total, id) },
				OnLockWait: lockWaitNotice(errw)}
			defer r.Close()
			results, err := r.Run(ctx, ids)
			progress.clear()
			if err != nil {
				// The run stopped before counting; the broken files it
				// found are still worth a line each.
				if len(results) > 0 && !asJSON {
					printSummary(w, results)
				}
				return err
			}
			if asJSON {
				enc := json.NewEncoder(w)
				enc.SetEscapeHTML(false)
				for _, res := range results {
					if err := enc.Encode(res); err != nil {
						return err
					}
				}
			} else {
				printSummary(w, results)
			}
			return outcome(results)
		},
	}
	cmd.Flags().StringVar(&project, "project", ".", "project directory (holding paramsql.yaml)")
	cmd.Flags().StringVar(&asOf, "as-of", "", "the run's \"now\": RFC 3339 or YYYY-MM-DD, UTC (default: now)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per parameter")
	return cmd
}

// outcome is the error, and so the exit status, of a run's results.
func outcome(results []*pipeline.Result) error {
	failed, interrupted := 0, 0
	for _, res := range results {
		switch {
		case res.Status == pipeline.StatusInterrupted:
			interrupted++
		case res.Failed():
			failed++
		}
	}
	switch {
	case interrupted > 0 && failed > 0:
		return fmt.Errorf("interrupted: %d of %d parameters not run, %d failed", interrupted, len(results), failed)
	case interrupted > 0:
		return fmt.Errorf("interrupted: %d of %d parameters not run", interrupted, len(results))
	case failed > 0:
		return fmt.Errorf("%d of %d parameters failed", failed, len(results))
	}
	return nil
}

func parseAsOf(s string) (time.Time, error) {
	if s == "" {
		return time.Now().UTC().Truncate(time.Second), nil
	}
	return parseFlagTime("--as-of", s)
}
