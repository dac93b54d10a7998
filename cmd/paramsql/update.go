package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
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

One failing parameter does not stop the others; the exit status is non-zero
if any failed. --as-of fixes "now", so a run is reproducible.`,
		Example: `  paramsql update --project demo
  paramsql update --project demo --as-of 2026-11-20 --json signup-google-mobile`,
		RunE: func(cmd *cobra.Command, ids []string) error {
			at, err := parseAsOf(asOf)
			if err != nil {
				return err
			}
			proj, params, err := config.Load(project)
			if err != nil {
				return err
			}
			r := &pipeline.Runner{Project: proj, Params: params, AsOf: at}
			defer r.Close()
			results, err := r.Run(cmd.Context(), ids)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
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
			failed := 0
			for _, res := range results {
				if res.Status == pipeline.StatusFailed {
					failed++
				}
			}
			if failed > 0 {
				return fmt.Errorf("%d of %d parameters failed", failed, len(results))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&project, "project", ".", "project directory (holding paramsql.yaml)")
	cmd.Flags().StringVar(&asOf, "as-of", "", "the run's \"now\": RFC 3339 or YYYY-MM-DD, UTC (default: now)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per parameter")
	return cmd
}

func parseAsOf(s string) (time.Time, error) {
	if s == "" {
		return time.Now().UTC().Truncate(time.Second), nil
	}
	return parseFlagTime("--as-of", s)
}

// printSummary writes the outcome table people read after a run.
func printSummary(w io.Writer, results []*pipeline.Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PARAMETER\tSTATUS\tPRIOR\tTRIALS\tSUCCESSES\tPOSTERIOR\t95% INTERVAL\tZ\tNOTE")
	for _, r := range results {
		prior, post, ci, z := "-", "-", "-", "-"
		if r.Prior != nil {
			prior = fmt.Sprintf("%.4f ± %.4f", r.Prior.Mean, r.Prior.Stdev)
		}
		if r.Posterior != nil {
			post = fmt.Sprintf("%.4f ± %.4f", r.Posterior.Mean, r.Posterior.Stdev)
			ci = fmt.Sprintf("[%.4f, %.4f]", r.Posterior.CI95[0], r.Posterior.CI95[1])
		}
		if r.Divergence != nil {
			z = fmt.Sprintf("%+.2f", r.Divergence.Z)
			if r.Divergence.Alert {
				z += " ALERT"
			}
		}
		note := r.Reason
		if len(r.Periods) > 0 {
			note = strings.TrimSpace(fmt.Sprintf("%d periods %s", len(r.Periods), note))
		}
		if r.Pool != nil {
			note = strings.TrimSpace(fmt.Sprintf("%s pool of %d shards, pooled mean %.4f %s", r.Pool.Mode, len(r.Pool.Shards), r.Pool.Mean, note))
		}
		if r.PriorWeight > 0 {
			note = strings.TrimSpace(fmt.Sprintf("history weight %.3g (half_life) %s", r.PriorWeight, note))
		}
		if len(r.Warnings) > 0 {
			note = strings.TrimSpace(note + " " + strings.Join(r.Warnings, "; "))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\n", r.ID, r.Status, prior, r.Trials, r.Successes, post, ci, z, note)
		printShards(tw, r.Pool)
	}
	tw.Flush()
}

// printShards writes one indented row per shard of a pooled parameter
// under its parameter's row, with the shard's shrinkage as the note.
func printShards(tw io.Writer, pool *pipeline.Pool) {
	if pool == nil {
		return
	}
	for _, s := range pool.Shards {
		post, ci := "-", "-"
		if p := s.Posterior; p != nil {
			post = fmt.Sprintf("%.4f ± %.4f", p.Mean, p.Stdev)
			ci = fmt.Sprintf("[%.4f, %.4f]", p.CI95[0], p.CI95[1])
		}
		fmt.Fprintf(tw, "  %s\t\t\t%d\t%d\t%s\t%s\t\tshrinkage %.2f\n", s.Key, s.Trials, s.Successes, post, ci, s.Shrinkage)
	}
}
