package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

func newRenderCmd() *cobra.Command {
	var project, asOf string
	cmd := &cobra.Command{
		Use:   "render [flags] ID",
		Short: "Print the SQL a parameter's update runs, with its bound values",
		Long: `Print the statement an update of parameter ID sends to count its
observations: its edge reference compiled for the connection's dialect, its
raw query, or its query_template rendered, exactly as sent with its
placeholders, followed by the value bound to each, written as the dialect's
literal. Nothing is connected to. The window is the configured one at
--as-of; after a posterior_history prior an update starts it at the previous
posterior's window end instead.`,
		Example: `  paramsql render --project demo --as-of 2026-11-20 signup-google-mobile`,
		Args:    oneArg("a parameter id", "paramsql render signup-google-mobile"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return renderParam(cmd, project, asOf, args[0])
		},
	}
	cmd.Flags().StringVar(&project, "project", ".", "project directory (holding paramsql.yaml)")
	cmd.Flags().StringVar(&asOf, "as-of", "", "the run's \"now\": RFC 3339 or YYYY-MM-DD, UTC (default: now)")
	return cmd
}

// renderParam prints the statement of parameter id, for render and
// compile --param.
func renderParam(cmd *cobra.Command, project, asOf, id string) error {
	at, err := parseAsOf(asOf)
	if err != nil {
		return err
	}
	proj, params, broken, err := config.LoadEach(project)
	if err != nil {
		return err
	}
	r := &pipeline.Runner{Project: proj, Params: params, Broken: broken, AsOf: at}
	st, err := r.Render(id)
	if err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "-- %s (%s): %s on connection %s (%s)\n", st.ID, st.File, st.Source, st.Connection, st.Dialect)
	fmt.Fprintf(w, "-- window [%s, %s)\n", st.WindowStart.Format(time.RFC3339), st.WindowEnd.Format(time.RFC3339))
	fmt.Fprintf(w, "%s;\n", strings.TrimRight(st.SQL, "; \n"))
	printValues(w, st.Values)
	if st.Lag != nil {
		fmt.Fprintf(w, "\n-- and the lag histogram (bayesian_update.maturity):\n%s;\n", st.Lag.SQL)
		printValues(w, st.Lag.Values)
	}
	if st.Siblings != nil {
		fmt.Fprintf(w, "\n-- and the exclusive split of its sibling group:\n%s;\n", st.Siblings.SQL)
		printValues(w, st.Siblings.Values)
	}
	return nil
}

// printValues lists a statement's bound values as comments.
func printValues(w io.Writer, values []pipeline.BoundValue) {
	if len(values) == 0 {
		return
	}
	fmt.Fprintln(w, "-- bound values, in placeholder order:")
	for i, v := range values {
		fmt.Fprintf(w, "--   %d. %s = %s\n", i+1, v.Name, v.Literal)
	}
}
