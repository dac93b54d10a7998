package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/runtime/bayes"
	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/connect"
)

// observation is what a parameter's source counted over its window.
type observation struct {
	Trials, Successes int64
	// Immature counts the units of a within() reference whose conversion
	// window ends at or after the cut-off: in neither Trials nor
	// Successes.
	Immature   int64
	Periods    []periodCount // set for time series
	Timeseries bool
	Reference  string // the canonical reference, when compiled
	SQLHash    string
	Shards     []bayes.Shard // set for a pooled, sharded reference
}

type periodCount struct {
	Date              time.Time
	Trials, Successes int64
}

// job is one parameter on its way through a run.
type job struct {
	param  *config.Param
	prior  resolvedPrior
	start  time.Time
	end    time.Time
	query  *compiler.Query // set when the observations are compiled
	obs    *observation
	err    error
	result *Result
	// fellBack is set when the observations failed and fallback_value is
	// the posterior: the row records it but no later prior starts there.
	fellBack bool
	// alertRun is the run that already sent the alert, and
	// alertFailures the deliveries that failed, for the stored reason.
	alertRun      string
	alertFailures []string
	// recordDelivery is set when this run delivered an alert an earlier
	// run of the same window end failed to: its stored row replaces that
	// run's (see write), which a rerun's row would otherwise not.
	recordDelivery bool
	// lag is what the lag-histogram statement counted, and lagErr why it
	// could not (bayesian_update.maturity: fit or model; see maturity.go).
	lag    *lagObservation
	lagErr error
	// sibling is the job's share of its sibling group's joint update.
	sibling *siblingShare
}

func hashSQL(sql string) string {
	h := sha256.Sum256([]byte(sql))
	return hex.EncodeToString(h[:8])
}

// window resolves the observation window relative to the run's as-of time.
// After a posterior_history prior it starts at that posterior's end, so no
// event is counted twice.
func (r *Runner) window(j *job) error {
	startExpr, endExpr := r.Project.Window.Start, r.Project.Window.End
	if o := j.param.ObservationSource; o != nil {
		if v, ok := o.Parameters["start_date"]; ok {
			startExpr = v
		}
		if v, ok := o.Parameters["end_date"]; ok {
			endExpr = v
		}
	}
	start, err := config.ResolveTime(startExpr, r.AsOf)
	if err != nil {
		return fmt.Errorf("window start: %w", err)
	}
	end, err := config.ResolveTime(endExpr, r.AsOf)
	if err != nil {
		return fmt.Errorf("window end: %w", err)
	}
	if h := j.prior.HistoryEnd; h != nil && h.After(start) {
		start = *h
	}
	if start.After(end) {
		start = end
	}
	j.start, j.end = start, end
	return nil
}

// batchKey groups compiled parameters that can share one statement: the
// same connection, the same window and the same timeout (a statement is
// bounded by one timeout, and a parameter should not fail by another's).
type batchKey struct {
	conn       string
	start, end time.Time
	timeout    time.Duration
}

// observeCompiled counts every compiled parameter, one batch statement per
// connection and window, so the events are scanned as few times as possible.
func (r *Runner) observeCompiled(ctx context.Context, jobs []*job) {
	groups := map[batchKey][]*job{}
	var keys []batchKey
	for _, j := range jobs {
		k := batchKey{j.param.ConnectionName(r.Project), j.start, j.end, observationTimeout(j.param)}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], j)
	}
	for _, k := range keys {
		group := groups[k]
		if !k.start.Before(k.end) {
			for _, j := range group {
				j.obs = &observation{Reference: j.query.String(), Timeseries: j.query.By != compiler.PeriodNone}
			}
			continue
		}
		if group = r.observeUnbatched(ctx, k, group); len(group) == 0 {
			continue
		}
		if err := r.observeBatch(ctx, k, group); err != nil {
			r.observeAlone(ctx, k, group, err)
		}
	}
}

// observeError is a failure to count a parameter's observations: its
// connection, its events table or its query. fallback_value stands in for
// the posterior when one is given.
type observeError struct{ error }

func (e observeError) Unwrap() error { return e.error }

// queryError is a batch statement that the engine ran and refused, as
// opposed to a connection or rendering failure.
type queryError struct{ error }

func (e queryError) Unwrap() error { return e.error }

// observeAlone handles a failed batch. One reference can fail a whole
// batch (a context column the table lacks, say), so when the engine
// refused the statement, each reference is counted on its own and only
// the bad ones fail. A failure that would only repeat (the connection,
// a timeout, a cancelled run) fails the group at once.
func (r *Runner) observeAlone(ctx context.Context, k batchKey, group []*job, err error) {
	var qe queryError
	byRef := map[string][]*job{}
	var refs []string
	for _, j := range group {
		ref := j.query.String()
		if _, ok := byRef[ref]; !ok {
			refs = append(refs, ref)
		}
		byRef[ref] = append(byRef[ref], j)
	}
	if len(refs) < 2 || !errors.As(err, &qe) || errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
		for _, j := range group {
			if j.err == nil {
				j.err = observeError{err}
			}
		}
		return
	}
	for _, ref := range refs {
		if err := r.observeBatch(ctx, k, byRef[ref]); err != nil {
			for _, j := range byRef[ref] {
				if j.err == nil {
					j.err = observeError{err}
				}
			}
		}
	}
}

func (r *Runner) observeBatch(ctx context.Context, k batchKey, group []*job) error {
	db, err := r.conn(ctx, k.conn)
	if err != nil {
		return err
	}
	var qs []*compiler.Query
	seen := map[string]bool{}
	for _, j := range group {
		if s := j.query.String(); !seen[s] {
			seen[s] = true
			qs = append(qs, j.query)
		}
	}
	opts := compiler.Options{Schema: r.Project.Schema, Graph: r.Project.Graph}
	b, err := compiler.CompileBatch(qs, opts)
	if err != nil {
		return err
	}
	st, err := dialects.RenderBatch(b, db.Dialect())
	if err != nil {
		return err
	}
	args, err := st.Bind(compiler.ObservedWindowValues(k.start, k.end, r.observeUntil(k.end)))
	if err != nil {
		return err
	}
	res, err := db.QueryReadOnly(r.observeTimeout(ctx, group), st.SQL, args...)
	if err != nil {
		return queryError{fmt.Errorf("observation batch of %d on connection %q: %w", len(qs), k.conn, err)}
	}
	shardKeys := map[string][]string{}
	for _, q := range qs {
		shardKeys[q.String()] = q.ShardKeys()
	}
	counts, err := splitBatch(res, shardKeys)
	if err != nil {
		return err
	}
	hash := hashSQL(st.SQL)
	for _, j := range group {
		j.obs = observationOf(j, counts[j.query.String()], hash)
	}
	return nil
}

// observationOf sums a compiled reference's result rows into its job's
// observation.
func observationOf(j *job, rows []batchRow, hash string) *observation {
	o := &observation{Reference: j.query.String(), SQLHash: hash, Timeseries: j.query.By != compiler.PeriodNone}
	for _, row := range rows {
		if row.sharded {
			if j.param.Pooled() {
				o.Shards = append(o.Shards, bayes.Shard{Key: row.shard, Trials: row.trials, Successes: row.successes})
				o.Trials += row.trials
				o.Successes += row.successes
				o.Immature += row.immature
			}
			continue
		}
		if o.Timeseries {
			o.Periods = append(o.Periods, periodCount{row.period, row.trials, row.successes})
		}
		o.Trials += row.trials
		o.Successes += row.successes
		o.Immature += row.immature
	}
	return o
}

// observeUntil is the observation cut-off of within() references: the
// run's as-of, so a window that ended before it sees the to-events since,
// and never before the window's end.
func (r *Runner) observeUntil(end time.Time) time.Time {
	if r.AsOf.After(end) {
		return r.AsOf
	}
	return end
}

// observeTimeout bounds a statement by the shortest timeout any of its
// parameters asks for.
func (r *Runner) observeTimeout(ctx context.Context, group []*job) context.Context {
	var d time.Duration
	for _, j := range group {
		if t := observationTimeout(j.param); t > 0 && (d == 0 || t < d) {
			d = t
		}
	}
	if d == 0 {
		return ctx
	}
	// The connection starts the clock when the call begins, so the error
	// names the configured timeout, not what was left of a deadline.
	return connect.WithTimeout(ctx, d)
}

// observationTimeout is a parameter's observation_source.timeout; zero
// means the connection's.
func observationTimeout(p *config.Param) time.Duration {
	if o := p.ObservationSource; o != nil {
		return o.Timeout
	}
	return 0
}

type batchRow struct {
	period            time.Time
	sharded           bool
	shard             string // "key=value,..." of the shard columns set
	trials, successes int64
	immature          int64 // units whose within() window ends after the cut-off
}

// addShard marks the row a shard's and adds key's value to its name:
// "key=value", or "key IS NULL" for attribution(entry)'s row of units
// whose anchor has no value.
func (br *batchRow) addShard(key string, v any) {
	br.sharded = true
	if br.shard != "" {
		br.shard += ","
	}
	if v == nil {
		br.shard += key + " IS NULL"
	} else {
		br.shard += fmt.Sprintf("%s=%v", key, v)
	}
}

// splitBatch reads a batch result (ref, shard and period columns, trials,
// successes, and immature when a reference has within()) into rows per
// reference. Column names are matched without
// regard to case: Snowflake reports the unquoted aliases as REF, TRIALS
// and SUCCESSES. A NULL in a column of one of the reference's shardKeys
// is attribution(entry)'s row of units whose anchor has no value, named
// "key IS NULL" as singleRows names it; in another column it only pads.
func splitBatch(res *connect.Result, shardKeys map[string][]string) (map[string][]batchRow, error) {
	n := len(res.Columns)
	immatureAt := -1
	if n > 3 && strings.EqualFold(res.Columns[n-1], "immature") {
		immatureAt, n = n-1, n-1
	}
	if n < 3 || !strings.EqualFold(res.Columns[0], "ref") || !strings.EqualFold(res.Columns[n-2], "trials") || !strings.EqualFold(res.Columns[n-1], "successes") {
		return nil, fmt.Errorf("unexpected batch columns %v", res.Columns)
	}
	out := map[string][]batchRow{}
	for _, row := range res.Rows {
		ref, _ := row[0].(string)
		var br batchRow
		for i := 1; i < n-2; i++ {
			switch v := row[i].(type) {
			case nil:
				if slices.ContainsFunc(shardKeys[ref], func(k string) bool { return strings.EqualFold(k, res.Columns[i]) }) {
					br.addShard(res.Columns[i], nil)
				}
			case time.Time:
				br.period = v.UTC()
			default:
				br.addShard(res.Columns[i], v)
			}
		}
		var ok1, ok2 bool
		br.trials, ok1 = toInt(row[n-2])
		br.successes, ok2 = toInt(row[n-1])
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("batch counts of %s are %T and %T", ref, row[n-2], row[n-1])
		}
		if immatureAt >= 0 {
			if br.immature, ok1 = toInt(row[immatureAt]); !ok1 {
				return nil, fmt.Errorf("batch immature count of %s is %T", ref, row[immatureAt])
			}
		}
		out[ref] = append(out[ref], br)
	}
	for ref := range out {
		rows := out[ref]
		sort.SliceStable(rows, func(a, b int) bool { return rows[a].period.Before(rows[b].period) })
	}
	return out, nil
}

// observeRaw runs a parameter's own query or template.
func (r *Runner) observeRaw(ctx context.Context, j *job) error {
	o := j.param.ObservationSource
	db, err := r.conn(ctx, j.param.ConnectionName(r.Project))
	if err != nil {
		return err
	}
	query, params, err := r.rawSQL(j, db.Dialect())
	if err != nil {
		return fmt.Errorf("%s: %w", j.param.File, err)
	}
	if o.Timeout > 0 {
		ctx = connect.WithTimeout(ctx, o.Timeout)
	}
	res, err := r.rawQuery(ctx, db, query, params)
	if err != nil {
		return fmt.Errorf("observation query on connection %q: %w", j.param.ConnectionName(r.Project), err)
	}
	obs, err := mapResult(res, o, j.param.ContextFilter)
	if err != nil {
		return fmt.Errorf("%s: %w", j.param.File, err)
	}
	obs.SQLHash = hashSQL(query)
	obs.Reference = rawReference(j.param)
	j.obs = obs
	return nil
}

// rawSQL is a parameter's own query, its template rendered for d, and
// the values its :name parameters take: the window, the source's
// parameters and the context filter.
func (r *Runner) rawSQL(j *job, d dialects.Dialect) (string, map[string]any, error) {
	o := j.param.ObservationSource
	query := o.Query
	if o.QueryTemplate != "" {
		var err error
		query, err = renderTemplate(o.QueryTemplate, d, r.templateValues(j.param))
		if err != nil {
			return "", nil, fmt.Errorf("query_template: %w", err)
		}
	}
	params := map[string]any{"start_date": j.start, "end_date": j.end}
	for k, v := range o.Parameters {
		if k == "start_date" || k == "end_date" {
			continue
		}
		params[k] = v
	}
	for k, v := range j.param.ContextFilter {
		if _, ok := params[k]; !ok {
			params[k] = v
		}
	}
	return query, params, nil
}

// rawQuery checks that a user's query is one read-only SELECT, binds its
// :name parameters through the driver, and runs it read-only.
func (r *Runner) rawQuery(ctx context.Context, db *connect.DB, query string, params map[string]any) (*connect.Result, error) {
	sql, args, err := bindRaw(db.Dialect(), query, params)
	if err != nil {
		return nil, err
	}
	return db.QueryReadOnly(ctx, sql, args...)
}

// bindRaw replaces a user's query's :name parameters with d's
// placeholders, checks that the bound text is one read-only SELECT, and
// returns it with the values of params in placeholder order.
func bindRaw(d dialects.Dialect, query string, params map[string]any) (string, []any, error) {
	// The bound text is what is validated (and what QueryReadOnly checks
	// again): :name is no SQL, and the MySQL grammar the mysql dialect
	// must parse refuses it.
	sql, names, err := dialects.BindNamed(d, query)
	if err != nil {
		return "", nil, err
	}
	if err := connect.ValidateSelectFor(d, sql); err != nil {
		return "", nil, err
	}
	args := make([]any, len(names))
	for i, n := range names {
		v, ok := params[n]
		if !ok {
			return "", nil, fmt.Errorf("query uses :%s, which no parameter gives", n)
		}
		args[i] = v
	}
	return sql, args, nil
}

// mapResult reads trials and successes (and dates, for a time series) by
// the result_mapping column names. With result_mapping.context, the query
// returns one row per context shard: only the rows whose shard columns
// hold the parameter's context_filter values count.
func mapResult(res *connect.Result, o *config.ObservationSource, filter map[string]string) (*observation, error) {
	m := config.ResultMapping{}
	if o.ResultMapping != nil {
		m = *o.ResultMapping
	}
	if m.Trials == "" {
		m.Trials = "trials"
	}
	if m.Successes == "" {
		m.Successes = "successes"
	}
	col := func(name string) (int, error) {
		for i, c := range res.Columns {
			if strings.EqualFold(c, name) {
				return i, nil
			}
		}
		return 0, fmt.Errorf("the query returns no column %q (it returns %s); fix result_mapping or the query", name, strings.Join(res.Columns, ", "))
	}
	ti, err := col(m.Trials)
	if err != nil {
		return nil, err
	}
	si, err := col(m.Successes)
	if err != nil {
		return nil, err
	}
	obs := &observation{Timeseries: o.ResultType == config.ResultTimeseries}
	di := -1
	if obs.Timeseries {
		if di, err = col(m.Date); err != nil {
			return nil, err
		}
	}
	type shardCol struct {
		i    int
		want string
	}
	var shard []shardCol
	for _, k := range sortedKeys(m.Context) {
		want, ok := filter[k]
		if !ok {
			continue // not filtered on: every value counts
		}
		i, err := col(m.Context[k])
		if err != nil {
			return nil, err
		}
		shard = append(shard, shardCol{i, want})
	}
rows:
	for _, row := range res.Rows {
		for _, c := range shard {
			if v := row[c.i]; v == nil || fmt.Sprint(v) != c.want {
				continue rows
			}
		}
		t, ok1 := toInt(orZero(row[ti]))
		s, ok2 := toInt(orZero(row[si]))
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("trials and successes must be integers, got %T and %T", row[ti], row[si])
		}
		if s > t || s < 0 {
			return nil, fmt.Errorf("the query returned %d successes out of %d trials", s, t)
		}
		obs.Trials += t
		obs.Successes += s
		if di >= 0 {
			d, ok := row[di].(time.Time)
			if !ok {
				return nil, fmt.Errorf("column %q holds %T, want a date", m.Date, row[di])
			}
			obs.Periods = append(obs.Periods, periodCount{d.UTC(), t, s})
		}
	}
	if len(res.Rows) > 1 && !obs.Timeseries && len(m.Context) == 0 {
		return nil, errors.New("the query returned several rows; set result_type: timeseries, or aggregate to one row")
	}
	return obs, nil
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func orZero(v any) any {
	if v == nil {
		return int64(0)
	}
	return v
}

// rawReference names what a raw query observes in the history: the
// parameter's canonical reference when it has one, else the kind of query.
func rawReference(p *config.Param) string {
	if p.EdgeReference != "" {
		if q, err := compiler.ParseQuery(p.EdgeReference); err == nil {
			return q.String()
		}
	}
	if p.ObservationSource.QueryTemplate != "" {
		return "query_template"
	}
	return "query"
}
