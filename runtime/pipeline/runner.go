package pipeline

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/connect"
	"github.com/paramsql/paramsql/runtime/store"
)

// Runner updates a project's parameters. One Runner is one run: it holds
// the run id, the as-of time and the open connections.
type Runner struct {
	Project *config.Project
	Params  []*config.Param
	// AsOf is the instant relative windows resolve against; a run with the
	// same AsOf over the same data gives the same posteriors.
	AsOf time.Time
	// RunID names the run in the history; empty means a random one.
	RunID string
	// HTTPClient is used for webhooks, Sheets and alerts; nil means a
	// client with a timeout.
	HTTPClient *http.Client
	// SheetsEndpoint replaces Google's Sheets API address, for emulators
	// and tests; empty means Google's.
	SheetsEndpoint string
	// Broken are the parameter files that failed to load (see
	// config.LoadEach). Each is reported failed with its file:line:col
	// errors when selected; nothing else is done for it.
	Broken []config.BrokenParam
	// Stop, once closed, ends the run after the parameter in progress:
	// the rest are reported interrupted and nothing of theirs is written.
	// Cancelling Run's context instead stops at once.
	Stop <-chan struct{}
	// Progress, when set, is told each parameter as its update ends.
	Progress func(done, total int, id string)
	// LockTimeout bounds the wait for the project lock that another run
	// holds; zero means lock.DefaultTimeout.
	LockTimeout time.Duration
	// OnLockWait, when set, is told once that the run is waiting for the
	// project lock, and who holds it.
	OnLockWait func(holder string)

	locked string // the project lock this runner holds a share of
	conns  map[string]*connect.DB
	sqlst  map[string]*store.SQLStore
}

// Close releases the run's connections.
func (r *Runner) Close() error {
	var first error
	for _, db := range r.conns {
		if err := db.Close(); err != nil && first == nil {
			first = err
		}
	}
	r.conns = nil
	if err := r.unlockProject(); err != nil && first == nil {
		first = err
	}
	return first
}

// conn opens a project connection once per run.
func (r *Runner) conn(ctx context.Context, name string) (*connect.DB, error) {
	if db, ok := r.conns[name]; ok {
		return db, nil
	}
	c, ok := r.Project.Connections[name]
	if !ok {
		return nil, fmt.Errorf("no connection %q in the project", name)
	}
	use := r.connectionUse(name)
	db, err := connect.Open(ctx, connect.Config{Name: name, Driver: string(c.Driver), DSN: c.DSN, Timeout: c.Timeout,
		ReadOnly: !use.written, MustExist: use.events})
	if err != nil {
		return nil, err
	}
	if r.conns == nil {
		r.conns = map[string]*connect.DB{}
	}
	r.conns[name] = db
	return db, nil
}

// store opens the project's posterior store.
func (r *Runner) store(ctx context.Context) (*store.SQLStore, error) {
	ps := r.Project.PosteriorStore
	return r.sqlStore(ctx, ps.Connection, ps.Table)
}

func (r *Runner) sqlStore(ctx context.Context, conn, table string) (*store.SQLStore, error) {
	key := conn + "\x00" + table
	if s, ok := r.sqlst[key]; ok {
		return s, nil
	}
	db, err := r.conn(ctx, conn)
	if err != nil {
		return nil, err
	}
	s := store.NewSQLStore(db, table)
	if err := s.Ensure(ctx); err != nil {
		return nil, err
	}
	if r.sqlst == nil {
		r.sqlst = map[string]*store.SQLStore{}
	}
	r.sqlst[key] = s
	return s, nil
}

// Run updates the parameters named by ids, or all of them. With an error
// the results are those of the broken files alone, if any. One failing
// parameter does not stop the others: its Result says why it failed.
func (r *Runner) Run(ctx context.Context, ids []string) ([]*Result, error) {
	if r.AsOf.IsZero() {
		r.AsOf = time.Now().UTC().Truncate(time.Second)
	}
	if r.RunID == "" {
		var b [6]byte
		_, _ = rand.Read(b[:])
		r.RunID = r.AsOf.Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
	}
	if r.HTTPClient == nil {
		r.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	params, broken, err := r.selectParams(ids)
	if err != nil {
		return nil, err
	}
	if len(ids) > 0 {
		params = r.withSiblings(params)
	}
	if err := r.lockProject(ctx); err != nil {
		return nil, err
	}
	if len(params) > 0 {
		// Every parameter writes to the store: one that cannot be opened
		// (locked by another program, unreachable, a table of another
		// shape) is said once, before any count is paid for, instead of
		// failing each parameter after its query ran.
		if _, err := r.store(ctx); err != nil {
			ps := r.Project.PosteriorStore
			// The broken files are still reported: they are the run's
			// other news, and a scheduler reports them once.
			var out []*Result
			for _, b := range broken {
				out = append(out, &Result{ID: b.ID, Status: StatusFailed, Reason: b.Error()})
			}
			return out, fmt.Errorf("the posterior store (connection %q, table %s) cannot be used, so nothing was counted: %w", ps.Connection, ps.Table, err)
		}
	}
	jobs := make([]*job, len(params))
	for i, p := range params {
		jobs[i] = &job{param: p, result: &Result{ID: p.ID}}
	}
	var compiled []*job
	for _, j := range jobs {
		if r.halted(ctx) {
			break
		}
		p := j.param
		if j.prior, j.err = r.jobPrior(ctx, p); j.err != nil {
			// The failed row still records the window it would have
			// observed: the store needs one.
			_ = r.window(j)
			continue
		}
		if j.err = r.window(j); j.err != nil {
			continue
		}
		if j.err = discountHistory(j); j.err != nil {
			continue
		}
		if ref := p.ObservationReference(); ref != "" {
			q, err := compiler.ParseQuery(ref)
			if err != nil {
				j.err = fmt.Errorf("%s: edge_reference: %w", p.File, err)
				continue
			}
			if keys := q.ShardKeys(); len(keys) > 0 && !p.Pooled() {
				j.err = fmt.Errorf("%s: edge_reference shards by %s; a parameter estimates one rate, so give each shard its own parameter with context(%s='…'), or pool the shards with bayesian_update.pooling: empirical", p.File, strings.Join(keys, ", "), keys[0])
				continue
			}
			applyConversionWindow(q, p, r.Project)
			j.query = q
			compiled = append(compiled, j)
		}
	}
	if !r.halted(ctx) {
		r.observeCompiled(ctx, compiled)
		r.observeLags(ctx, compiled)
		r.jointSiblings(ctx, jobs)
	}
	total := len(jobs) + len(broken)
	done := 0
	for _, j := range jobs {
		if r.halted(ctx) {
			j.result.Status = StatusInterrupted
			j.result.Reason = "the run was stopped before this parameter's turn; nothing was written"
			continue
		}
		if j.err == nil && j.obs == nil {
			if !j.start.Before(j.end) {
				j.obs = &observation{}
			} else if err := r.observeRaw(ctx, j); err != nil {
				j.err = observeError{err}
			}
		}
		r.finish(ctx, j)
		done++
		if r.Progress != nil {
			r.Progress(done, total, j.param.ID)
		}
	}
	out := make([]*Result, 0, total)
	for _, j := range jobs {
		out = append(out, j.result)
	}
	for _, b := range broken {
		out = append(out, &Result{ID: b.ID, Status: StatusFailed, Reason: b.Error()})
	}
	return out, nil
}

// halted reports whether the run must not start another parameter: Stop
// was closed or ctx ended.
func (r *Runner) halted(ctx context.Context) bool {
	if ctx.Err() != nil {
		return true
	}
	select {
	case <-r.Stop:
		return true
	default:
		return false
	}
}

// selectParams picks the parameters named by ids, or all of them, and
// the broken files among them.
func (r *Runner) selectParams(ids []string) ([]*config.Param, []config.BrokenParam, error) {
	if len(ids) == 0 {
		return r.Params, r.Broken, nil
	}
	byID := map[string]*config.Param{}
	brokenByID := map[string]config.BrokenParam{}
	var known []string
	for _, p := range r.Params {
		byID[p.ID] = p
		known = append(known, p.ID)
	}
	for _, b := range r.Broken {
		brokenByID[b.ID] = b
		known = append(known, b.ID)
	}
	sort.Strings(known)
	var out []*config.Param
	var broken []config.BrokenParam
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			out = append(out, p)
		} else if b, ok := brokenByID[id]; ok {
			broken = append(broken, b)
		} else {
			return nil, nil, fmt.Errorf("no parameter %q (known: %s)", id, strings.Join(known, ", "))
		}
	}
	return out, broken, nil
}

// History returns the stored rows of a parameter, oldest first; a pooled
// run's shard rows follow its population's row.
func (r *Runner) History(ctx context.Context, id string) ([]store.Row, error) {
	if err := r.lockProject(ctx); err != nil {
		return nil, err
	}
	st, err := r.store(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := st.History(ctx, id)
	if err != nil {
		return nil, err
	}
	shards, err := st.Shards(ctx, id)
	if err != nil || len(shards) == 0 {
		return rows, err
	}
	return withShards(rows, shards), nil
}

// withShards places each shard row after the population row of its run
// and window (both in store order); a shard row without one, which only a
// hand-edited table has, goes last.
func withShards(rows, shards []store.Row) []store.Row {
	type runWindow struct {
		run string
		end time.Time
	}
	byRun := map[runWindow][]store.Row{}
	for _, s := range shards {
		k := runWindow{s.RunID, s.WindowEnd.UTC()}
		byRun[k] = append(byRun[k], s)
	}
	out := make([]store.Row, 0, len(rows)+len(shards))
	for _, row := range rows {
		out = append(out, row)
		k := runWindow{row.RunID, row.WindowEnd.UTC()}
		if row.Period == nil && row.Pooling != "" {
			out = append(out, byRun[k]...)
			delete(byRun, k)
		}
	}
	for _, s := range shards {
		k := runWindow{s.RunID, s.WindowEnd.UTC()}
		if _, left := byRun[k]; left {
			out = append(out, s)
		}
	}
	return out
}
