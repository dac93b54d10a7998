// Package store keeps the history of posteriors in a SQL table: one row
// per parameter, window and period for every run, from which the next run
// reads its prior. The table and every statement on it come from package
// dialects (CreatePosteriorTable and friends); this package only binds Go
// values to them and reads rows back.
package store

import (
	"context"
	"fmt"
	"strings"
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
	// AsOf is the instant the run resolved "now" to (its --as-of); zero
	// means the time of writing.
	AsOf time.Time
	// WrittenAt is when the row was written; Write sets it to the current
	// time when it is zero. Two runs at one as-of are told apart, and
	// ordered, by it.
	WrittenAt time.Time
	// Immature is how many units of a within() reference were left out of
	// Trials because their conversion window had not ended by AsOf; nil
	// when unknown (a period's row, or a row older than the column).
	Immature *int64

	// Shard names the shard of a pooled parameter's shard row, like
	// "channel=google"; empty on every other row. A shard row's prior is
	// the population's Beta (empirical pooling) and its counts are the
	// shard's own.
	Shard string
	// Pooling is the pooling mode (empirical, hierarchical) of a pooled
	// parameter's population and shard rows, empty otherwise.
	Pooling string
	// Shrinkage is the population's weight in a shard's estimate.
	Shrinkage *float64
	// PoolMu and PoolTau are the posterior means of the logit mean and
	// spread of a hierarchical pool, on its population row.
	PoolMu, PoolTau *float64
	// LagMedian and LagT95 are the fitted time to convert, in seconds,
	// and EffectiveTrials the trials a maturity: model update counted;
	// nil when the run fitted no lag.
	LagMedian, LagT95, EffectiveTrials *float64
	// PriorWeight is the weight bayesian_update.half_life left on the
	// history's evidence in the prior; nil when it was not discounted.
	PriorWeight *float64
	// SiblingGroup names the sibling group a row's edge was updated with,
	// and SiblingNone is the posterior mean of the group's residual share.
	SiblingGroup string
	SiblingNone  *float64
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

// Ensure creates the table if it does not exist, and brings a table
// made by an older paramsql up to date, keeping its rows (see
// dialects.MigratePosteriorTable).
func (s *SQLStore) Ensure(ctx context.Context) error {
	d := s.db.Dialect()
	ddl, err := dialects.CreatePosteriorTable(d, s.table)
	if err != nil {
		return s.errorf("%w", err)
	}
	if err := s.db.Exec(ctx, ddl); err != nil {
		return s.errorf("create: %w", err)
	}
	probe, err := dialects.ProbePosteriorTable(d, s.table)
	if err != nil {
		return s.errorf("%w", err)
	}
	res, err := s.db.Query(ctx, probe)
	if err != nil {
		return s.errorf("read the columns: %w", err)
	}
	steps, err := dialects.MigratePosteriorTable(d, s.table, res.Columns)
	if err != nil {
		return s.errorf("%w", err)
	}
	for _, st := range steps {
		if err := s.db.Exec(ctx, st); err != nil {
			return s.errorf("migrate the table (%s): %w", st, err)
		}
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
// upsert, rows are appended to the history, except a row that repeats
// one already stored (same parameter, window, period and status: a rerun
// of the same update), which is left out; and a row whose key and run id
// exist fails the whole call (on engines that enforce the key). Two rows
// of one call may not share a key. Writers to one table are expected to
// hold the project lock, so nothing writes between the check for a
// repeat and the insert.
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
	stored := map[string]map[string]bool{} // run keys by param_id, for appends
	prec := dialects.PosteriorTimePrecision(d)
	now := time.Now()
	var args, delArgs, shardArgs [][]any
	shardSets := map[key]bool{} // the (param_id, window_end) of shard rows
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
		if !upsert {
			keys, ok := stored[k.paramID]
			if !ok {
				if keys, err = s.runKeys(ctx, k.paramID, prec); err != nil {
					return s.errorf("row %d: look for an earlier run: %w", i+1, err)
				}
				stored[k.paramID] = keys
			}
			if keys[runKey(vals, prec)] {
				continue // a rerun: the history has this row already
			}
		}
		args = append(args, pick(vals, cols))
		// A shard row's key goes with its set (DeletePosteriorShards), not
		// one by one.
		if set := (key{paramID: k.paramID, windowEnd: k.windowEnd}); r.Shard == "" {
			delArgs = append(delArgs, pick(vals, delCols))
		} else if !shardSets[set] {
			shardSets[set] = true
			shardArgs = append(shardArgs, []any{k.paramID, k.windowEnd})
		}
	}
	if len(args) == 0 {
		return nil
	}
	err = s.db.WithTx(ctx, func(tx *connect.Tx) error {
		if upsert {
			// A pooled run's shards replace the earlier run's as a set.
			if len(shardArgs) > 0 {
				q, err := dialects.DeletePosteriorShards(d, s.table)
				if err != nil {
					return err
				}
				for _, a := range shardArgs {
					if err := tx.Exec(q, a...); err != nil {
						return fmt.Errorf("replace the shards of %s: %w", a[0], err)
					}
				}
			}
			if err := s.deleteKeys(tx, del, delArgs); err != nil {
				return err
			}
		}
		return s.insert(tx, ins, args)
	})
	if err != nil {
		return s.errorf("write %d rows: %w", len(rows), err)
	}
	return nil
}

// deleteKeys deletes the rows of keys (one argument slice per key) that
// an upsert replaces, insertChunk keys to a statement (a time series has
// a key per period; shards are replaced as a set, in Write); del deletes
// one.
func (s *SQLStore) deleteKeys(tx *connect.Tx, del string, keys [][]any) error {
	if len(keys) == 1 {
		if err := tx.Exec(del, keys[0]...); err != nil {
			return fmt.Errorf("replace row 1: %w", err)
		}
		return nil
	}
	return execChunks(tx, keys, "replace rows", func(n int) (string, error) {
		return dialects.DeletePosteriorKeys(s.db.Dialect(), s.table, n)
	})
}

// insertChunk is how many rows one multi-row INSERT carries: 100 rows of
// the table's columns stay far below every engine's limit on a
// statement's placeholders (65,535 in PostgreSQL and MySQL).
const insertChunk = 100

// insert inserts rows (args, one slice per row) with as few statements
// as it can: a pooled run writes a row per shard, and one statement per
// row costs about a millisecond each on DuckDB. ClickHouse's driver
// already sends its prepared batch as one block.
func (s *SQLStore) insert(tx *connect.Tx, ins string, args [][]any) error {
	d := s.db.Dialect()
	if d.Name() == "clickhouse" || len(args) == 1 {
		return tx.ExecBatch(ins, args)
	}
	return execChunks(tx, args, "rows", func(n int) (string, error) {
		return dialects.InsertPosteriorRows(d, s.table, n)
	})
}

// execChunks runs rows (one argument slice per row) insertChunk rows to
// a statement, which stmt builds for a chunk's number of rows; what
// names the rows in an error.
func execChunks(tx *connect.Tx, rows [][]any, what string, stmt func(n int) (string, error)) error {
	for lo := 0; lo < len(rows); lo += insertChunk {
		hi := min(lo+insertChunk, len(rows))
		q, err := stmt(hi - lo)
		if err != nil {
			return err
		}
		var flat []any
		for _, a := range rows[lo:hi] {
			flat = append(flat, a...)
		}
		if err := tx.Exec(q, flat...); err != nil {
			return fmt.Errorf("%s %d to %d of %d: %w", what, lo+1, hi, len(rows), err)
		}
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

// History returns every row of the parameter but its shards', whatever
// its status, oldest window first (see dialects.SelectPosteriorHistory).
func (s *SQLStore) History(ctx context.Context, paramID string) ([]Row, error) {
	q, err := dialects.SelectPosteriorHistory(s.db.Dialect(), s.table)
	if err != nil {
		return nil, s.errorf("%w", err)
	}
	return s.read(ctx, q, paramID)
}

// Shards returns the shard rows of a pooled parameter, oldest window
// first, then by shard (see dialects.SelectPosteriorShards).
func (s *SQLStore) Shards(ctx context.Context, paramID string) ([]Row, error) {
	q, err := dialects.SelectPosteriorShards(s.db.Dialect(), s.table)
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

// runKey spells a row's run key (dialects.SelectPosteriorRunKeys), from
// the values of its columns, times truncated to what the table keeps.
func runKey(vals map[string]any, prec time.Duration) string {
	var b strings.Builder
	for _, c := range []string{"param_id", "window_start", "window_end", dialects.PosteriorPeriodKey, "status"} {
		switch v := vals[c].(type) {
		case time.Time:
			b.WriteString(v.UTC().Truncate(prec).Format(time.RFC3339Nano))
		default:
			fmt.Fprint(&b, v)
		}
		b.WriteByte(0)
	}
	return b.String()
}

// runKeys reads the run keys of every stored row of a parameter.
func (s *SQLStore) runKeys(ctx context.Context, paramID string, prec time.Duration) (map[string]bool, error) {
	q, cols, err := dialects.SelectPosteriorRunKeys(s.db.Dialect(), s.table)
	if err != nil {
		return nil, err
	}
	res, err := s.db.Query(ctx, q, paramID)
	if err != nil {
		return nil, err
	}
	keys := map[string]bool{}
	for _, r := range res.Rows {
		vals := map[string]any{}
		for i, c := range cols {
			vals[c] = r[i]
		}
		keys[runKey(vals, prec)] = true
	}
	return keys, nil
}
