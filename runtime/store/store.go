// Package store keeps the history of posteriors in a SQL table: one row
// per parameter, window and period for every run, from which the next run
// reads its prior. The table and every statement on it come from package
// dialects (CreatePosteriorTable and friends); this package only binds Go
// values to them and reads rows back.
package store

import (
	"context"
	"fmt"
	"time"

	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/runtime/connect"
)

// Status says what a run did for a parameter.
type Status string

// The statuses, as the table stores them.
const (
	// StatusUpdated: the posterior was computed from new data.
	StatusUpdated Status = dialects.PosteriorUpdated
	// StatusSkipped: nothing was computed (no new data, or disabled).
	StatusSkipped Status = dialects.PosteriorSkipped
	// StatusFallback: the preferred method failed and a simpler one gave
	// the posterior; Latest still returns it.
	StatusFallback Status = dialects.PosteriorFallback
	// StatusFailed: no posterior could be computed.
	StatusFailed Status = dialects.PosteriorFailed
)

// valid reports whether s is one of the statuses, so a typo fails before
// it reaches the table (whose CHECK constraint would refuse it on most
// engines, but not ClickHouse).
func (s Status) valid() bool {
	for _, v := range dialects.PosteriorStatuses {
		if string(s) == v {
			return true
		}
	}
	return false
}

// Row is one row of the posterior table. Optional numbers are pointers,
// nil for NULL; optional texts (Reason, SQLHash, Method) are stored as
// NULL when empty, so the table says "none" rather than "".
type Row struct {
	RunID   string
	ParamID string
	Status  Status
	// Reason explains a skipped, fallback or failed row.
	Reason string
	// Reference is the canonical edge reference the row measures.
	Reference string
	// SQLHash identifies the SQL that produced the counts.
	SQLHash string
	// WindowStart and WindowEnd bound the observed data, in UTC.
	WindowStart, WindowEnd time.Time
	// Period is the day, week or month of a timeseries row (a date at
	// midnight UTC), nil otherwise.
	Period *time.Time

	// The prior (Beta(alpha, beta), with its mean and standard deviation)
	// the run started from.
	PriorAlpha, PriorBeta, PriorMean, PriorStdev *float64
	// Trials and Successes are the counts observed in the window.
	Trials, Successes *int64
	// The posterior the run computed.
	PosteriorAlpha, PosteriorBeta, PosteriorMean, PosteriorStdev *float64
	// CILow and CIHigh bound the posterior's credible interval.
	CILow, CIHigh *float64
	// Z is the shift from prior to posterior in prior standard deviations,
	// and Alert whether it was large enough to report.
	Z     *float64
	Alert bool
	// Method names how the posterior was computed (conjugate, mcmc, …).
	Method string
	// RHat and ESS are sampler diagnostics, nil for closed-form methods.
	RHat, ESS *float64
	// CreatedAt is when the row was written; Write sets it to the current
	// time when it is zero.
	CreatedAt time.Time
}

// SQLStore is the posterior table on one connection.
type SQLStore struct {
	db    *connect.DB
	table string
}

// NewSQLStore returns the store of table (which may be schema.table) on
// db. It does not touch the database; call Ensure to create the table.
func NewSQLStore(db *connect.DB, table string) *SQLStore {
	return &SQLStore{db: db, table: table}
}

func (s *SQLStore) errorf(format string, args ...any) error {
	return fmt.Errorf("posterior store %s: "+format, append([]any{s.table}, args...)...)
}

// Ensure creates the table if it does not exist. It does not alter an
// existing table.
func (s *SQLStore) Ensure(ctx context.Context) error {
	ddl, err := dialects.CreatePosteriorTable(s.db.Dialect(), s.table)
	if err != nil {
		return s.errorf("%w", err)
	}
	if err := s.db.Exec(ctx, ddl); err != nil {
		return s.errorf("create: %w", err)
	}
	return nil
}

// key is a row's place in the table's unique key.
type key struct {
	paramID   string
	windowEnd time.Time
	period    string
}

// Write stores rows, all in one transaction: if any row fails, or ctx ends
// before the commit, none is stored. With upsert, each row first replaces
// the row of the same (param_id, window_end, period), deleted in that same
// transaction, so readers never see the key missing or doubled. Without
// upsert, a row whose key exists fails the whole call (on engines that
// enforce the key). Two rows of one call may not share a key.
//
// ClickHouse keeps an append-only history: upsert fails there with
// dialects.ErrPosteriorUpsertUnsupported, and rows are inserted as one
// block, which a MergeTree table stores whole or not at all.
func (s *SQLStore) Write(ctx context.Context, rows []Row, upsert bool) error {
	if len(rows) == 0 {
		return nil
	}
	d := s.db.Dialect()
	ins, cols, err := dialects.InsertPosterior(d, s.table)
	if err != nil {
		return s.errorf("%w", err)
	}
	var del string
	var delCols []string
	if upsert {
		if del, delCols, err = dialects.DeletePosteriorKey(d, s.table); err != nil {
			return s.errorf("upsert: %w", err)
		}
	}
	prec := dialects.PosteriorTimePrecision(d)
	now := time.Now()
	args := make([][]any, len(rows))
	delArgs := make([][]any, len(rows))
	seen := map[key]int{}
	for i, r := range rows {
		vals, err := r.values(now, prec, s.db.Driver())
		if err != nil {
			return s.errorf("row %d: %w", i+1, err)
		}
		k := key{vals["param_id"].(string), vals["window_end"].(time.Time), vals[dialects.PosteriorPeriodKey].(string)}
		if j, dup := seen[k]; dup {
			return s.errorf("rows %d and %d have the same param_id, window_end and period", j+1, i+1)
		}
		seen[k] = i
		args[i] = pick(vals, cols)
		delArgs[i] = pick(vals, delCols)
	}
	err = s.db.WithTx(ctx, func(tx *connect.Tx) error {
		if upsert {
			for i, a := range delArgs {
				if err := tx.Exec(del, a...); err != nil {
					return fmt.Errorf("replace row %d: %w", i+1, err)
				}
			}
		}
		return tx.ExecBatch(ins, args)
	})
	if err != nil {
		return s.errorf("write %d rows: %w", len(rows), err)
	}
	return nil
}

// pick lists vals in the order of cols.
func pick(vals map[string]any, cols []string) []any {
	out := make([]any, len(cols))
	for i, c := range cols {
		out[i] = vals[c]
	}
	return out
}

// Latest returns the parameter's current posterior: its newest row whose
// status is updated or fallback (see dialects.SelectLatestPosterior), or
// nil, nil when it has none.
func (s *SQLStore) Latest(ctx context.Context, paramID string) (*Row, error) {
	q, err := dialects.SelectLatestPosterior(s.db.Dialect(), s.table)
	if err != nil {
		return nil, s.errorf("%w", err)
	}
	rows, err := s.read(ctx, q, paramID)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return &rows[0], nil
}

// History returns every row of the parameter, whatever its status, oldest
// window first (see dialects.SelectPosteriorHistory).
func (s *SQLStore) History(ctx context.Context, paramID string) ([]Row, error) {
	q, err := dialects.SelectPosteriorHistory(s.db.Dialect(), s.table)
	if err != nil {
		return nil, s.errorf("%w", err)
	}
	return s.read(ctx, q, paramID)
}

func (s *SQLStore) read(ctx context.Context, q, paramID string) ([]Row, error) {
	res, err := s.db.Query(ctx, q, paramID)
	if err != nil {
		return nil, s.errorf("read %s: %w", paramID, err)
	}
	var out []Row
	for i, vals := range res.Rows {
		r, err := rowFrom(res.Columns, vals)
		if err != nil {
			return nil, s.errorf("read %s, row %d: %w", paramID, i+1, err)
		}
		out = append(out, r)
	}
	return out, nil
}
