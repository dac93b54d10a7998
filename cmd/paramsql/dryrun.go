package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/connect"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

// dryRunTimeout bounds the dry runs of one command: they answer in about
// a second on BigQuery.
const dryRunTimeout = 2 * time.Minute

// validateDryRuns dry-runs, on BigQuery, each parameter on a bigquery
// connection, prints what each would scan, and returns the number of
// parameters whose dry run failed or was refused.
func validateDryRuns(out, errw io.Writer, proj *config.Project, params []*config.Param) int {
	ctx, cancel := context.WithTimeout(context.Background(), dryRunTimeout)
	defer cancel()
	r := &pipeline.Runner{Project: proj, Params: params, AsOf: time.Now().UTC()}
	defer r.Close()
	bad := 0
	for _, d := range r.DryRunParams(ctx) {
		if d.Err != nil {
			fmt.Fprintf(errw, "%s: bigquery dry run on connection %q: %v\n", d.Param.File, d.Connection, d.Err)
			bad++
			continue
		}
		fmt.Fprintf(out, "%s: bigquery dry run: %s, would scan %s\n", d.Param.File, d.StatementType, formatBytes(d.Bytes))
	}
	return bad
}

// compileDryRun dry-runs st on the project's default connection, which
// must be a bigquery one.
func compileDryRun(proj *config.Project, st dialects.Statement) (*connect.BigQueryDryRun, error) {
	ctx, cancel := context.WithTimeout(context.Background(), dryRunTimeout)
	defer cancel()
	r := &pipeline.Runner{Project: proj, AsOf: time.Now().UTC()}
	defer r.Close()
	return r.DryRunStatement(ctx, proj.DefaultConnection, st)
}

// formatBytes gives a byte count as BigQuery's console does, with the
// exact count after it.
func formatBytes(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB"}
	f, u := float64(n), 0
	for f >= 1024 && u < len(units)-1 {
		f /= 1024
		u++
	}
	if u == 0 {
		return fmt.Sprintf("%d B", n)
	}
	return fmt.Sprintf("%.1f %s (%d bytes)", f, units[u], n)
}
