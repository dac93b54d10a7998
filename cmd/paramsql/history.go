package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

func newHistoryCmd() *cobra.Command {
	var project string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "history [flags] ID",
		Short: "Print the stored posteriors of a parameter, oldest first",
		Args:  oneArg("a parameter id", "paramsql history signup-google-mobile"),
		RunE: func(cmd *cobra.Command, args []string) error {
			proj, err := config.LoadProject(project)
			if err != nil {
				return err
			}
			r := &pipeline.Runner{Project: proj, OnLockWait: lockWaitNotice(cmd.ErrOrStderr())}
			defer r.Close()
			rows, err := r.History(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(w)
				enc.SetEscapeHTML(false)
				for _, row := range rows {
					if err := enc.Encode(pipeline.NewHistoryEntry(row)); err != nil {
						return err
					}
				}
				return nil
			}
			if len(rows) == 0 {
				return noHistory(project, args[0], proj.PosteriorStore.Table)
			}
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "RUN\tSTATUS\tWINDOW\tPERIOD\tSHARD\tTRIALS\tSUCCESSES\tIMMATURE\tPOSTERIOR\t95% INTERVAL\tZ\tLAG MEDIAN/T95")
			for _, row := range rows {
				period, shard, immature, post, ci, z := "-", "-", "-", "-", "-", "-"
				switch {
				case row.Shard != "":
					shard = row.Shard
				case row.Pooling != "":
					shard = "population"
				}
				if row.Immature != nil {
					immature = fmt.Sprint(*row.Immature)
				}
				if row.Period != nil {
					period = row.Period.Format("2006-01-02")
				}
				if row.PosteriorMean != nil && row.PosteriorStdev != nil {
					post = fmt.Sprintf("%.4f ± %.4f", *row.PosteriorMean, *row.PosteriorStdev)
				}
				if row.CILow != nil && row.CIHigh != nil {
					ci = fmt.Sprintf("[%.4f, %.4f]", *row.CILow, *row.CIHigh)
				}
				if row.Z != nil {
					z = fmt.Sprintf("%+.2f", *row.Z)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s..%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\n", row.RunID, row.Status,
					row.WindowStart.Format(time.DateTime), row.WindowEnd.Format(time.DateTime), period, shard,
					deref(row.Trials), deref(row.Successes), immature, post, ci, z, lagColumn(pipeline.NewHistoryEntry(row)))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&project, "project", ".", "project directory (holding paramsql.yaml)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per row, with the names update --json uses")
	return cmd
}

func deref(v *int64) int64 {
	if v == nil {
		return 0
	}
	return *v
}

// noHistory is the error for an id with no stored rows: a typo gets the
// project's parameter ids, a parameter that never ran is said to be one.
func noHistory(project, id, table string) error {
	_, params, broken, err := config.LoadEach(project)
	if err != nil {
		return fmt.Errorf("no stored posteriors for %q in %s", id, table)
	}
	var known []string
	for _, p := range params {
		if p.ID == id {
			return fmt.Errorf("no stored posteriors for %q in %s: it has not been updated yet (run paramsql update %s)", id, table, id)
		}
		known = append(known, p.ID)
	}
	for _, b := range broken {
		if b.ID == id {
			return fmt.Errorf("no stored posteriors for %q in %s, and its parameter file does not load: %s", id, table, b.Error())
		}
		known = append(known, b.ID)
	}
	sort.Strings(known)
	return fmt.Errorf("no parameter %q in the project and no stored posteriors for it (known: %s)", id, strings.Join(known, ", "))
}
