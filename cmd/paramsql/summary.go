package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/paramsql/paramsql/runtime/pipeline"
)

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
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\n", r.ID, r.StatusText(), prior, r.Trials, r.Successes, post, ci, z, summaryNote(r))
		printShards(tw, r.Pool)
		printCohorts(tw, r.Lag)
	}
	tw.Flush()
}

// summaryNote gathers what a row of the summary says besides numbers: a
// sampler's diagnostics, a time series' periods and which of them
// alerted, the reason and the warnings.
func summaryNote(r *pipeline.Result) string {
	var parts []string
	if p := r.Posterior; p != nil && p.RHat != 0 {
		parts = append(parts, fmt.Sprintf("R-hat %.3f, ESS %.0f", p.RHat, p.ESS))
	}
	if len(r.Periods) > 0 {
		s := fmt.Sprintf("%d periods", len(r.Periods))
		var alerted []string
		for _, per := range r.Periods {
			if per.Divergence != nil && per.Divergence.Alert {
				alerted = append(alerted, fmt.Sprintf("%s (z %+.2f)", per.Date.Format("2006-01-02"), per.Divergence.Z))
			}
		}
		if len(alerted) > 0 {
			s += ", alerts in " + strings.Join(alerted, ", ")
		}
		parts = append(parts, s)
	}
	if r.Pool != nil {
		parts = append(parts, fmt.Sprintf("%s pool of %d shards, pooled mean %.4f", r.Pool.Mode, len(r.Pool.Shards), r.Pool.Mean))
	}
	if s := r.Sibling; s != nil && s.None != nil {
		parts = append(parts, fmt.Sprintf("sibling group %s of %d, none of them %.4f", s.Group, len(s.Members), s.None.Mean))
	}
	if r.PriorWeight > 0 {
		parts = append(parts, fmt.Sprintf("history weight %.3g (half_life)", r.PriorWeight))
	}
	if note := lagNote(r.Lag); note != "" {
		parts = append(parts, note)
	}
	if r.Reason != "" {
		parts = append(parts, r.Reason)
	}
	parts = append(parts, r.Warnings...)
	return strings.Join(parts, "; ")
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
