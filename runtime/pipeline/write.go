package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/runtime/bayes"
	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/store"
	"github.com/paramsql/paramsql/runtime/webhook"
)

// rows turns a result into the history rows written for it: one, then
// one per period of a time series, or one per shard of a pooled
// parameter.
func (r *Runner) rows(j *job, post *bayes.Posterior) []store.Row {
	res := j.result
	base := store.Row{
		RunID:       r.RunID,
		ParamID:     res.ID,
		Status:      store.Status(res.Status),
		Reason:      res.Reason,
		Reference:   res.Reference,
		SQLHash:     res.SQLHash,
		WindowStart: res.WindowStart,
		WindowEnd:   res.WindowEnd,
		Trials:      i64(res.Trials),
		Successes:   i64(res.Successes),
		Immature:    immatureCount(j),
		AsOf:        r.AsOf,
		WrittenAt:   time.Now().UTC(),
	}
	if res.PriorWeight > 0 {
		base.PriorWeight = f(res.PriorWeight)
	}
	if s := res.Sibling; s != nil && s.None != nil {
		base.SiblingGroup, base.SiblingNone = s.Group, f(s.None.Mean)
	}
	if pr := res.Prior; pr != nil {
		base.PriorAlpha, base.PriorBeta, base.PriorMean, base.PriorStdev = f(pr.Alpha), f(pr.Beta), f(pr.Mean), f(pr.Stdev)
	}
	if ps := res.Posterior; ps != nil && post != nil {
		setPosterior(&base, ps)
		base.Method = post.Method
	}
	if d := res.Divergence; d != nil {
		base.Z = f(d.Z)
		base.Alert = d.Alert
	}
	setLag(&base, res.Lag)
	out := []store.Row{base}
	for _, per := range res.Periods {
		row := base
		date := per.Date
		row.Period = &date
		row.Trials, row.Successes = i64(per.Trials), i64(per.Successes)
		row.Immature = nil // counted for the whole window only
		setLag(&row, nil)
		clearPosterior(&row)
		if per.Posterior != nil {
			setPosterior(&row, per.Posterior)
		}
		if per.Divergence != nil {
			row.Z, row.Alert = f(per.Divergence.Z), per.Divergence.Alert
		}
		out = append(out, row)
	}
	if res.Pool != nil && res.Posterior != nil {
		out = append(out, poolRows(&out[0], res.Pool)...)
	}
	return out
}

// clearPosterior unsets what a row copied from another row says of that
// row's posterior: its summary and its divergence. The sampler's r-hat
// and ESS stay; a period row's own posterior replaces them when it has
// them.
func clearPosterior(row *store.Row) {
	row.PosteriorAlpha, row.PosteriorBeta, row.PosteriorMean, row.PosteriorStdev, row.CILow, row.CIHigh = nil, nil, nil, nil, nil, nil
	row.Z, row.Alert = nil, false
}

func setPosterior(row *store.Row, ps *PosteriorSummary) {
	if ps.Alpha > 0 && ps.Beta > 0 {
		row.PosteriorAlpha, row.PosteriorBeta = f(ps.Alpha), f(ps.Beta)
	}
	row.PosteriorMean, row.PosteriorStdev = f(ps.Mean), f(ps.Stdev)
	row.CILow, row.CIHigh = f(ps.CI95[0]), f(ps.CI95[1])
	if ps.RHat != 0 {
		row.RHat, row.ESS = f(ps.RHat), f(ps.ESS)
	}
}

// immatureCount is the row's immature count: the result's when the
// parameter was observed, nil when no observation ran (a skipped or
// failed parameter), so the history does not claim a count of 0.
func immatureCount(j *job) *int64 {
	if j.obs == nil {
		return nil
	}
	return i64(j.result.Immature)
}

func f(v float64) *float64 { return &v }

func i64(v int64) *int64 { return &v }

// write records the result in the posterior store, which the next run's
// posterior_history prior reads, and in the parameter's own destinations.
// A destination that fails turns the result into a failure but does not
// stop the others.
func (r *Runner) write(ctx context.Context, j *job, post *bayes.Posterior) {
	rows := r.rows(j, post)
	upsert := false
	var conflict config.ConflictResolution
	var dests []config.Destination
	if pd := j.param.PosteriorDestination; pd != nil {
		dests = pd.Destinations
	}
	ps := r.Project.PosteriorStore
	for _, d := range dests {
		if d.Type == config.DestSQL && r.sameAsStore(d) {
			if upsertsSQL(d) {
				upsert = true
			} else if d.ConflictResolution != "" {
				conflict = d.ConflictResolution
			}
		}
	}
	stored := false // the posterior is in the store, whatever a destination does
	fail := func(where string, err error) {
		j.result.Status = StatusFailed
		msg := fmt.Sprintf("writing to %s: %v", where, err)
		if j.result.Reason != "" {
			msg = j.result.Reason + "; " + msg
		}
		j.result.Reason = msg
	}
	// Skipped and failed rows, and fallback_value standing in for failed
	// observations, are history; with upsert they would replace the
	// posterior a later run reads, so they are only appended.
	storeRows := rows
	if upsert && (j.fellBack || j.result.Status != StatusUpdated && j.result.Status != StatusFallback) {
		storeRows = nil
	}
	// A delivery that an earlier run of the window failed replaces that
	// run's row, so the history records the alert sent. (An append-only
	// ClickHouse store cannot replace it, and keeps the earlier row.)
	upsert = upsert || j.recordDelivery && len(storeRows) > 0
	if len(storeRows) > 0 {
		if st, err := r.sqlStore(ctx, ps.Connection, ps.Table); err != nil {
			fail("the posterior store", err)
		} else if skip, err := existingPosterior(ctx, st, storeRows, conflict, post != nil); err != nil {
			fail("the posterior store", err)
		} else if !skip {
			if err := writeRows(ctx, j, st, storeRows, upsert); err != nil {
				fail("the posterior store", err)
			} else {
				stored = true
			}
		}
	}
	if post == nil {
		return
	}
	for _, d := range dests {
		var err error
		switch d.Type {
		case config.DestSQL:
			if r.sameAsStore(d) {
				continue
			}
			var st *store.SQLStore
			if st, err = r.sqlStore(ctx, orDefault(d.Connection, ps.Connection), orDefault(d.Table, ps.Table)); err == nil {
				var skip bool
				if skip, err = existingPosterior(ctx, st, rows, d.ConflictResolution, true); err == nil && !skip {
					err = writeRows(ctx, j, st, rows, upsertsSQL(d))
				}
			}
		case config.DestWebhook:
			err = webhook.PostRow(ctx, r.HTTPClient, d.URL, d.Headers, rowJSON(rows[0]))
		case config.DestSheets:
			err = r.writeSheet(ctx, j, d, rows[:1+len(j.result.Periods)]) // shards have no sheet format
		default:
			err = fmt.Errorf("unknown destination type %q", d.Type)
		}
		if err != nil {
			if stored {
				// The summary says failed while history shows the row:
				// say why the two differ.
				err = fmt.Errorf("%w (the posterior itself was stored, and history shows it)", err)
			}
			fail(string(d.Type)+" destination", err)
		}
	}
}

// writeRows writes rows to a SQL table. An append-only table (ClickHouse)
// cannot upsert; its readers take the newest row for a key, so the rows
// are appended instead, with a warning, rather than the update failing.
func writeRows(ctx context.Context, j *job, st *store.SQLStore, rows []store.Row, upsert bool) error {
	err := st.Write(ctx, rows, upsert)
	if upsert && errors.Is(err, dialects.ErrPosteriorUpsertUnsupported) {
		j.result.Warnings = append(j.result.Warnings, "the posterior table is append-only (ClickHouse): the row was appended rather than upserted; the newest row is the current posterior")
		err = st.Write(ctx, rows, false)
	}
	return err
}

// upsertsSQL reports whether a sql destination replaces the row of the
// same parameter, window end and period: conflict_resolution update (the
// seed's "update if param_id + date exists"), or mode upsert or update.
func upsertsSQL(d config.Destination) bool {
	return d.ConflictResolution == config.ConflictUpdate || d.Mode == config.ModeUpsert || d.Mode == config.ModeUpdate
}

// existingPosterior applies conflict_resolution ignore and error, which
// the table's own key cannot: it includes the run id, so rows of two runs
// never collide there. When st already holds a posterior (an updated or
// fallback row) for the key of one of rows, ignore skips the write and
// error fails it. Rows without a posterior never conflict.
func existingPosterior(ctx context.Context, st *store.SQLStore, rows []store.Row, cr config.ConflictResolution, posterior bool) (skip bool, err error) {
	if !posterior || len(rows) == 0 || (cr != config.ConflictIgnore && cr != config.ConflictError) {
		return false, nil
	}
	hist, err := st.History(ctx, rows[0].ParamID)
	if err != nil {
		return false, err
	}
	for _, h := range hist {
		if h.Status != store.StatusUpdated && h.Status != store.StatusFallback {
			continue
		}
		for _, row := range rows {
			if h.WindowEnd.Equal(row.WindowEnd) && samePeriod(h.Period, row.Period) {
				if cr == config.ConflictIgnore {
					return true, nil
				}
				return false, fmt.Errorf("run %s already stored a posterior of %s for the window ending %s (conflict_resolution: error)",
					h.RunID, row.ParamID, row.WindowEnd.Format(time.RFC3339))
			}
		}
	}
	return false, nil
}

func samePeriod(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

func (r *Runner) sameAsStore(d config.Destination) bool {
	ps := r.Project.PosteriorStore
	return orDefault(d.Connection, ps.Connection) == ps.Connection && orDefault(d.Table, ps.Table) == ps.Table
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// rowJSON is the history row as a webhook receives it.
func rowJSON(row store.Row) map[string]any {
	m := map[string]any{
		"run_id": row.RunID, "param_id": row.ParamID, "status": string(row.Status), "reason": row.Reason,
		"reference": row.Reference, "sql_hash": row.SQLHash,
		"window_start": row.WindowStart.Format(time.RFC3339), "window_end": row.WindowEnd.Format(time.RFC3339),
		"trials": deref(row.Trials), "successes": deref(row.Successes), "alert": row.Alert, "method": row.Method,
		"as_of": row.AsOf.Format(time.RFC3339), "written_at": row.WrittenAt.Format(time.RFC3339),
	}
	put := func(k string, v *float64) {
		if v != nil {
			m[k] = *v
		}
	}
	put("prior_alpha", row.PriorAlpha)
	put("prior_beta", row.PriorBeta)
	put("prior_mean", row.PriorMean)
	put("prior_stdev", row.PriorStdev)
	put("posterior_alpha", row.PosteriorAlpha)
	put("posterior_beta", row.PosteriorBeta)
	put("posterior_mean", row.PosteriorMean)
	put("posterior_stdev", row.PosteriorStdev)
	put("ci_low", row.CILow)
	put("ci_high", row.CIHigh)
	put("z", row.Z)
	return m
}

func deref(v *int64) int64 {
	if v == nil {
		return 0
	}
	return *v
}
