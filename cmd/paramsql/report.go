package main

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/connect"
	"github.com/paramsql/paramsql/runtime/report"
	"github.com/paramsql/paramsql/runtime/store"
)

func newReportCmd() *cobra.Command {
	var project, out string
	cmd := &cobra.Command{
		Use:   "report [flags] [ID...]",
		Short: "Write a static HTML report of the stored posteriors",
		Long: `Write an HTML report of the posterior history: an index of every parameter
(alerts first) and one page per parameter with its prior and posterior,
its posterior over time, its periods and shards, and the SQL that ran.

The charts are SVG inside the pages: the report needs no server, no script
and no network, and prints. It only reads the posterior store.`,
		Example: `  paramsql report --project demo
  paramsql report --project demo --out /tmp/report signup-google-mobile`,
		RunE: func(cmd *cobra.Command, ids []string) error {
			proj, params, err := config.Load(project)
			if err != nil {
				return err
			}
			ps := proj.PosteriorStore
			c, ok := proj.Connections[ps.Connection]
			if !ok {
				return fmt.Errorf("posterior_store: no connection %q in the project", ps.Connection)
			}
			db, err := connect.Open(cmd.Context(), connect.Config{Name: ps.Connection, Driver: string(c.Driver), DSN: c.DSN, Timeout: c.Timeout})
			if err != nil {
				return err
			}
			defer db.Close()
			rep, err := report.Build(cmd.Context(), proj, params, ids, store.NewSQLStore(db, ps.Table), time.Now())
			if err != nil {
				return err
			}
			if out == "" {
				out = filepath.Join(project, "report")
			}
			if err := report.Write(rep, out); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "report of %d parameters: %s\n", len(rep.Params), filepath.Join(out, report.IndexFile))
			return nil
		},
	}
	cmd.Flags().StringVar(&project, "project", ".", "project directory (holding paramsql.yaml)")
	cmd.Flags().StringVar(&out, "out", "", "output directory (default: PROJECT/report)")
	return cmd
}
