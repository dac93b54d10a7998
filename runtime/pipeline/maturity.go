package pipeline

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/runtime/bayes"
	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/connect"
	"github.com/paramsql/paramsql/runtime/store"
)

// LagResult is a parameter's fitted time to convert, as --json prints it
// under "lag" (bayesian_update.maturity: fit or model).
type LagResult struct {
	// Mode is fit or model.
	Mode string `json:"mode"`
	// MedianSeconds and T95Seconds are the fitted lag's 50% and 95%
	// quantiles; ShiftSeconds its dead time.
	MedianSeconds float64 `json:"median_seconds"`
	T95Seconds    float64 `json:"t95_seconds"`
	ShiftSeconds  float64 `json:"shift_seconds"`
	// Mu and Sigma are the Normal parameters of log(lag − shift), in log
	// hours.
	Mu    float64 `json:"mu"`
	Sigma float64 `json:"sigma"`
	// InWindow is the share of eventual conversions within() catches.
	InWindow float64 `json:"in_window"`
	// Conversions is how many mature conversions the fit read.
	Conversions int64 `json:"conversions"`
	// Cohorts are the immature trials by age, youngest first.
	Cohorts []CohortResult `json:"cohorts,omitempty"`
	// EffectiveTrials is, under maturity: model, the trials the update
	// counted: the mature ones plus each immature one times its
	// completeness.
	EffectiveTrials float64 `json:"effective_trials,omitempty"`
}

// CohortResult is the immature trials of one age bucket: anchored between
// AgeFromSeconds and AgeUpToSeconds before the cut-off.
type CohortResult struct {
	AgeFromSeconds int64 `json:"age_from_seconds"`
	AgeUpToSeconds int64 `json:"age_upto_seconds"`
	Trials         int64 `json:"trials"`
	// Successes are those that converted by the cut-off.
	Successes int64 `json:"successes"`
	// Completeness is the share of the cohort's within-window conversions
	// expected by its age (at the bucket's geometric middle).
	Completeness float64 `json:"completeness"`
}

// lagObservation is what the lag-histogram statement counted for one
// parameter: units by (age bucket, lag bucket) upper edges in seconds, 0
// for none.
type lagObservation struct {
	edges  []int64
	window time.Duration
	cells  map[[2]int64]int64
}

// observeLags runs the lag-histogram statement for the compiled jobs that
// ask for it (bayesian_update.maturity: fit or model), one statement per
// connection and window, as observeCompiled groups them. A failure does
// not fail the parameter: its update goes on without the lag, and says so.
func (r *Runner) observeLags(ctx context.Context, jobs []*job) {
	groups := map[batchKey][]*job{}
	var keys []batchKey
	for _, j := range jobs {
		if j.err != nil || j.obs == nil || !j.param.FitsLag() || j.query.Within == nil || !j.start.Before(j.end) {
			continue
		}
		k := batchKey{j.param.ConnectionName(r.Project), j.start, j.end, observationTimeout(j.param)}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], j)
	}
	for _, k := range keys {
		if err := r.observeLagGroup(ctx, k, groups[k]); err != nil {
			for _, j := range groups[k] {
				j.lagErr = err
			}
		}
	}
}

func (r *Runner) observeLagGroup(ctx context.Context, k batchKey, group []*job) error {
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
	st, h, err := dialects.CompileLagHistograms(qs, db.Dialect(), opts)
	if err != nil {
		return err
	}
	args, err := st.Bind(compiler.ObservedWindowValues(k.start, k.end, r.observeUntil(k.end)))
	if err != nil {
		return err
	}
	res, err := db.QueryReadOnly(r.observeTimeout(ctx, group), st.SQL, args...)
	if err != nil {
		return fmt.Errorf("lag histogram of %d reference(s) on connection %q: %w", len(qs), k.conn, err)
	}
	byRef, err := splitLagRows(res)
	if err != nil {
		return err
	}
	for _, j := range group {
		for i, lr := range h.Refs {
			if lr.Ref != j.query.String() {
				continue
			}
			lo := &lagObservation{window: time.Duration(qs[i].Within.Seconds()) * time.Second, cells: byRef[lr.Ref]}
			for _, b := range lr.Buckets {
				lo.edges = append(lo.edges, b.UpTo)
			}
			if lo.cells == nil {
				lo.cells = map[[2]int64]int64{}
			}
			j.lag = lo
		}
	}
	return nil
}

// splitLagRows reads (ref, age_upto, lag_upto, units) rows into cells per
// reference. Names are matched without regard to case, for Snowflake.
func splitLagRows(res *connect.Result) (map[string]map[[2]int64]int64, error) {
	want := []string{"ref", "age_upto", "lag_upto", "units"}
	if len(res.Columns) != len(want) {
		return nil, fmt.Errorf("unexpected lag histogram columns %v", res.Columns)
	}
	for i, c := range want {
		if !strings.EqualFold(res.Columns[i], c) {
			return nil, fmt.Errorf("unexpected lag histogram columns %v", res.Columns)
		}
	}
	out := map[string]map[[2]int64]int64{}
	for _, row := range res.Rows {
		ref, _ := row[0].(string)
		age, ok1 := toInt(orZero(row[1]))
		lag, ok2 := toInt(orZero(row[2]))
		n, ok3 := toInt(row[3])
		if !ok1 || !ok2 || !ok3 {
			return nil, fmt.Errorf("lag histogram row of %s holds %T, %T, %T", ref, row[1], row[2], row[3])
		}
		if out[ref] == nil {
			out[ref] = map[[2]int64]int64{}
		}
		out[ref][[2]int64{age, lag}] += n
	}
	return out, nil
}

// applyMaturity fits the job's time to convert and reports it; under
// maturity: model it returns the posterior that counts the immature
// trials weighted by completeness (bayes.MaturityWeighted) instead of
// post. Without a usable lag it returns post and says why in a warning.
func applyMaturity(j *job, post bayes.Posterior) bayes.Posterior {
	p := j.param
	if !p.FitsLag() {
		return post
	}
	res := j.result
	mode := p.BayesianUpdate.Maturity
	warn := func(format string, args ...any) bayes.Posterior {
		res.Warnings = append(res.Warnings, fmt.Sprintf("maturity: %s: ", mode)+fmt.Sprintf(format, args...))
		return post
	}
	switch {
	case j.lagErr != nil:
		return warn("the lag histogram failed (%v); immature trials are left out", j.lagErr)
	case j.query == nil || j.query.Within == nil:
		return warn("the reference has no within() nor conversion_window, so every trial is mature")
	case j.lag == nil:
		return post // an empty window: nothing observed
	}
	lo := j.lag
	fit, err := bayes.FitLag(lo.bins(), lo.window)
	if err != nil {
		return warn("the lag fit failed (%v); immature trials are left out", err)
	}
	secs := func(d time.Duration) float64 { return d.Seconds() }
	lr := &LagResult{
		Mode: string(mode), MedianSeconds: secs(fit.Median), T95Seconds: secs(fit.T95), ShiftSeconds: secs(fit.Shift),
		Mu: fit.Mu, Sigma: fit.Sigma, InWindow: fit.InWindow, Conversions: fit.Conversions,
	}
	cohorts := []bayes.Cohort{{Age: lo.window, Trials: res.Trials, Successes: res.Successes}}
	for _, c := range lo.cohorts() {
		age := c.representativeAge()
		cr := CohortResult{AgeFromSeconds: c.from, AgeUpToSeconds: c.upTo, Trials: c.trials, Successes: c.successes, Completeness: fit.Completeness(age)}
		lr.Cohorts = append(lr.Cohorts, cr)
		cohorts = append(cohorts, bayes.Cohort{Age: age, Trials: c.trials, Successes: c.successes})
	}
	res.Lag = lr
	if mode != config.MaturityModel {
		return post
	}
	if j.sibling != nil {
		// The joint update's marginal keeps the siblings' shares below 1;
		// weighting one edge alone would break that.
		return warn("a sibling edge is updated jointly, which does not weight immature trials yet; they are left out")
	}
	weighted, nEff, err := bayes.MaturityWeighted(j.prior.Prior, cohorts, fit)
	if err != nil {
		return warn("the weighted update failed (%v); immature trials are left out", err)
	}
	lr.EffectiveTrials = nEff
	return weighted
}

// bins is the mature conversions' histogram, every bucket included.
func (lo *lagObservation) bins() []bayes.LagBin {
	var out []bayes.LagBin
	from := int64(0)
	for _, e := range lo.edges {
		out = append(out, bayes.LagBin{From: time.Duration(from) * time.Second, To: time.Duration(e) * time.Second, Count: lo.cells[[2]int64{0, e}]})
		from = e
	}
	return out
}

// ageCohort is the immature trials of one age bucket (from, upTo] in
// seconds.
type ageCohort struct {
	from, upTo        int64
	trials, successes int64
}

// representativeAge is the bucket's geometric middle, or half its upper
// edge for the first bucket: the buckets are spaced evenly in log time.
func (c ageCohort) representativeAge() time.Duration {
	s := float64(c.upTo) / 2
	if c.from > 0 {
		s = math.Sqrt(float64(c.from) * float64(c.upTo))
	}
	return time.Duration(s * float64(time.Second))
}

// cohorts lists the non-empty age buckets, youngest first.
func (lo *lagObservation) cohorts() []ageCohort {
	var out []ageCohort
	from := int64(0)
	for _, age := range lo.edges {
		c := ageCohort{from: from, upTo: age}
		from = age
		for cell, n := range lo.cells {
			if cell[0] != age {
				continue
			}
			c.trials += n
			if cell[1] != 0 {
				c.successes += n
			}
		}
		if c.trials > 0 {
			out = append(out, c)
		}
	}
	return out
}

// HistoryLag is the stored part of a LagResult, as `history --json`
// prints it under "lag".
type HistoryLag struct {
	MedianSeconds   float64 `json:"median_seconds"`
	T95Seconds      float64 `json:"t95_seconds"`
	EffectiveTrials float64 `json:"effective_trials,omitempty"`
}

// setLag stores a result's lag fit in its row; nil clears it.
func setLag(row *store.Row, l *LagResult) {
	row.LagMedian, row.LagT95, row.EffectiveTrials = nil, nil, nil
	if l == nil {
		return
	}
	row.LagMedian, row.LagT95 = f(l.MedianSeconds), f(l.T95Seconds)
	if l.EffectiveTrials > 0 {
		row.EffectiveTrials = f(l.EffectiveTrials)
	}
}

// historyLag reads a stored row's lag fit, nil when it has none.
func historyLag(row store.Row) *HistoryLag {
	if row.LagMedian == nil || row.LagT95 == nil {
		return nil
	}
	return &HistoryLag{MedianSeconds: *row.LagMedian, T95Seconds: *row.LagT95, EffectiveTrials: val(row.EffectiveTrials)}
}

// renderLag is the lag-histogram statement of a maturity parameter, as
// `paramsql render` shows it; nil when the parameter runs none.
func (r *Runner) renderLag(p *config.Param, q *compiler.Query, d dialects.Dialect, values map[string]any) (*ExtraStatement, error) {
	if !p.FitsLag() || q.Within == nil {
		return nil, nil
	}
	st, _, err := dialects.CompileLagHistograms([]*compiler.Query{q}, d, compiler.Options{Schema: r.Project.Schema, Graph: r.Project.Graph})
	if err != nil {
		return nil, err
	}
	return boundStatement(st, d, values), nil
}
