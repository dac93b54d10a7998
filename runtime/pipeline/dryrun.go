package pipeline

import (
	"context"
	"fmt"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/connect"
)

// DryRunResult is a BigQuery dry run of the statement a parameter's update
// would run.
type DryRunResult struct {
	// Param is the parameter.
	Param *config.Param
	// Connection names the BigQuery connection.
	Connection string
	// StatementType and Bytes are what BigQuery reported: the kind of
	// statement and the bytes it would scan (and bill).
	StatementType string
	Bytes         int64
	// Err is why there is no report, or why the statement is refused (a
	// raw query that is no SELECT).
	Err error
}

// DryRunParams dry-runs, on BigQuery, the statement each parameter on a
// bigquery connection would run at r.AsOf: its compiled reference, or its
// raw query with its parameters bound as update binds them. Parameters on
// other engines are left out. A dry run costs nothing and runs nothing.
// Close the Runner afterwards.
func (r *Runner) DryRunParams(ctx context.Context) []DryRunResult {
	var out []DryRunResult
	for _, p := range r.Params {
		name := p.ConnectionName(r.Project)
		c, ok := r.Project.Connections[name]
		if !ok || connect.DialectOf(string(c.Driver)) != "bigquery" {
			continue
		}
		res := DryRunResult{Param: p, Connection: name}
		res.StatementType, res.Bytes, res.Err = r.dryRunParam(ctx, p, name)
		out = append(out, res)
	}
	return out
}

func (r *Runner) dryRunParam(ctx context.Context, p *config.Param, conn string) (string, int64, error) {
	j := &job{param: p}
	if err := r.window(j); err != nil {
		return "", 0, err
	}
	db, err := r.conn(ctx, conn)
	if err != nil {
		return "", 0, err
	}
	var sql string
	var args []any
	raw := p.ObservationReference() == ""
	if !raw {
		q, err := compiler.ParseQuery(p.ObservationReference())
		if err != nil {
			return "", 0, err
		}
		applyConversionWindow(q, p, r.Project)
		st, err := dialects.Compile(q, db.Dialect(), compiler.Options{Schema: r.Project.Schema, Graph: r.Project.Graph})
		if err != nil {
			return "", 0, err
		}
		if args, err = st.Bind(compiler.ObservedWindowValues(j.start, j.end, r.observeUntil(j.end))); err != nil {
			return "", 0, err
		}
		sql = st.SQL
	} else {
		if p.ObservationSource == nil {
			return "", 0, fmt.Errorf("nothing to observe")
		}
		// Bound as observeRaw binds it.
		query, params, err := r.rawSQL(j, db.Dialect())
		if err != nil {
			return "", 0, err
		}
		if sql, args, err = bindRaw(db.Dialect(), query, params); err != nil {
			return "", 0, err
		}
	}
	dr, err := db.DryRun(ctx, sql, args...)
	if err != nil {
		return "", 0, err
	}
	if raw && dr.StatementType != "SELECT" {
		return dr.StatementType, dr.TotalBytesProcessed, fmt.Errorf("%w: BigQuery's dry run says it is a %s statement", connect.ErrNotReadOnly, dr.StatementType)
	}
	return dr.StatementType, dr.TotalBytesProcessed, nil
}

// DryRunStatement dry-runs st on the project's connection conn, which
// must be a bigquery one, with its window parameters bound to the
// project's window at r.AsOf. Close the Runner afterwards.
func (r *Runner) DryRunStatement(ctx context.Context, conn string, st dialects.Statement) (*connect.BigQueryDryRun, error) {
	j := &job{param: &config.Param{}}
	if err := r.window(j); err != nil {
		return nil, err
	}
	args, err := st.Bind(compiler.ObservedWindowValues(j.start, j.end, r.observeUntil(j.end)))
	if err != nil {
		return nil, err
	}
	db, err := r.conn(ctx, conn)
	if err != nil {
		return nil, err
	}
	return db.DryRun(ctx, st.SQL, args...)
}
