package pipeline

import (
	"context"
	"fmt"
	"time"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/runtime/connect"
)

// observeUnbatched counts, each with its own statement, the jobs whose
// reference the batch plan does not count (compiler.Batchable), and
// returns the others for the batch. Jobs with the same reference share
// one statement.
func (r *Runner) observeUnbatched(ctx context.Context, k batchKey, group []*job) []*job {
	var rest []*job
	byRef := map[string][]*job{}
	var refs []string
	for _, j := range group {
		if compiler.Batchable(j.query) == nil {
			rest = append(rest, j)
			continue
		}
		ref := j.query.String()
		if _, ok := byRef[ref]; !ok {
			refs = append(refs, ref)
		}
		byRef[ref] = append(byRef[ref], j)
	}
	for _, ref := range refs {
		jobs := byRef[ref]
		rows, hash, err := r.observeSingle(ctx, k, jobs)
		for _, j := range jobs {
			if err != nil {
				j.err = observeError{err}
				continue
			}
			j.obs = observationOf(j, rows, hash)
		}
	}
	return rest
}

// observeSingle runs the single-reference statement of the jobs' one
// reference and returns its rows and the statement's hash.
func (r *Runner) observeSingle(ctx context.Context, k batchKey, jobs []*job) ([]batchRow, string, error) {
	db, err := r.conn(ctx, k.conn)
	if err != nil {
		return nil, "", err
	}
	q := jobs[0].query
	st, err := dialects.Compile(q, db.Dialect(), compiler.Options{Schema: r.Project.Schema, Graph: r.Project.Graph})
	if err != nil {
		return nil, "", err
	}
	args, err := st.Bind(compiler.ObservedWindowValues(k.start, k.end, r.observeUntil(k.end)))
	if err != nil {
		return nil, "", err
	}
	res, err := db.QueryReadOnly(r.observeTimeout(ctx, jobs), st.SQL, args...)
	if err != nil {
		return nil, "", fmt.Errorf("observation of %s on connection %q: %w", q, k.conn, err)
	}
	rows, err := singleRows(res, q)
	if err != nil {
		return nil, "", err
	}
	return rows, hashSQL(st.SQL), nil
}

// singleRows reads the result of one reference's statement: its shard
// columns, period, trials, successes and, with within(), immature. A NULL
// shard value is attribution(entry)'s row of units whose anchor has no
// value; it is named "key IS NULL".
func singleRows(res *connect.Result, q *compiler.Query) ([]batchRow, error) {
	keys := q.ShardKeys()
	want := len(keys) + 2
	if q.By != compiler.PeriodNone {
		want++
	}
	if q.Within != nil {
		want++
	}
	if len(res.Columns) != want {
		return nil, fmt.Errorf("%s: unexpected columns %v", q, res.Columns)
	}
	var out []batchRow
	for _, row := range res.Rows {
		var br batchRow
		i := 0
		for ; i < len(keys); i++ {
			br.addShard(keys[i], row[i])
		}
		if q.By != compiler.PeriodNone {
			p, ok := row[i].(time.Time)
			if !ok {
				return nil, fmt.Errorf("%s: period is %T", q, row[i])
			}
			br.period = p.UTC()
			i++
		}
		var ok1, ok2 bool
		br.trials, ok1 = toInt(row[i])
		br.successes, ok2 = toInt(row[i+1])
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%s: counts are %T and %T", q, row[i], row[i+1])
		}
		if q.Within != nil {
			if br.immature, ok1 = toInt(row[i+2]); !ok1 {
				return nil, fmt.Errorf("%s: immature count is %T", q, row[i+2])
			}
		}
		out = append(out, br)
	}
	return out, nil
}
