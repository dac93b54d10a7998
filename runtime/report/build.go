package report

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/store"
)

// HistoryReader reads a parameter's stored rows, oldest window first, as
// store.SQLStore.History does.
type HistoryReader interface {
	History(ctx context.Context, paramID string) ([]store.Row, error)
}

// Build reads the history of every parameter of the project (params, as
// config.Load returns them) and makes the report of those named by ids,
// or of all of them. Every parameter is read, named or not: a page's
// forest shows its sibling shards, and the SQL of a batch is recompiled
// from all the references that shared it. now stamps the report.
func Build(ctx context.Context, proj *config.Project, params []*config.Param, ids []string, hist HistoryReader, now time.Time) (*Report, error) {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var all []*Param
	for _, p := range params {
		rows, err := hist.History(ctx, p.ID)
		if err != nil {
			return nil, fmt.Errorf("history of %s: %w (has paramsql update run on this project?)", p.ID, err)
		}
		all = append(all, buildParam(p, rows))
	}
	addForests(all)
	addSQL(proj, params, all)
	rep := &Report{Project: proj.Dir, Table: proj.PosteriorStore.Table, GeneratedAt: now.UTC()}
	for _, p := range all {
		if len(ids) == 0 || want[p.ID] {
			rep.Params = append(rep.Params, p)
			delete(want, p.ID)
		}
	}
	if len(want) > 0 {
		var missing, known []string
		for _, id := range ids {
			if want[id] {
				missing = append(missing, strconv.Quote(id))
			}
		}
		for _, p := range params {
			known = append(known, p.ID)
		}
		sort.Strings(known)
		return nil, fmt.Errorf("no parameter %s in the project (known: %s)", strings.Join(missing, ", "), strings.Join(known, ", "))
	}
	sortIndex(rep.Params)
	return rep, nil
}

// buildParam reads one parameter's rows: whole-window rows are its
// history, and the period rows of its latest run its time series.
func buildParam(p *config.Param, rows []store.Row) *Param {
	out := &Param{ID: p.ID, Name: p.Name, History: []Run{}}
	if p.Metadata != nil {
		out.Description = p.Metadata.Description
	}
	out.Reference = canonical(p.ObservationReference())
	var latest, current *store.Row
	for i := range rows {
		r := &rows[i]
		if r.Period != nil || r.Shard != "" {
			continue // a period's or a pooled shard's row, not a run's
		}
		out.History = append(out.History, runOf(r))
		latest = r
		if r.Status == store.StatusUpdated || r.Status == store.StatusFallback {
			current = r
		}
	}
	if latest != nil {
		run := runOf(latest)
		out.Latest = &run
		out.Reference = latest.Reference
		for i := range rows {
			r := &rows[i]
			if r.Period != nil && r.RunID == latest.RunID && r.WindowEnd.Equal(latest.WindowEnd) {
				out.Periods = append(out.Periods, periodOf(r))
			}
		}
	}
	if current != nil {
		run := runOf(current)
		out.Current = &run
		out.Densities = densitiesOf(current)
	}
	return out
}

// canonical is a reference's canonical form, or the text as written when
// it does not parse (the page shows what the file says).
func canonical(ref string) string {
	if ref == "" {
		return ""
	}
	q, err := compiler.ParseQuery(ref)
	if err != nil {
		return ref
	}
	return q.String()
}

func runOf(r *store.Row) Run {
	run := Run{
		RunID: r.RunID, Status: string(r.Status), Reason: r.Reason,
		WindowStart: r.WindowStart, WindowEnd: r.WindowEnd,
		Trials: r.Trials, Successes: r.Successes, Observed: observed(r.Trials, r.Successes),
		Posterior: posteriorOf(r), Z: r.Z, Alert: r.Alert, Method: r.Method, SQLHash: r.SQLHash,
	}
	return run
}

func periodOf(r *store.Row) PeriodRate {
	pr := PeriodRate{Date: *r.Period, Observed: observed(r.Trials, r.Successes), Posterior: posteriorOf(r), Z: r.Z, Alert: r.Alert}
	if r.Trials != nil {
		pr.Trials = *r.Trials
	}
	if r.Successes != nil {
		pr.Successes = *r.Successes
	}
	return pr
}

func observed(trials, successes *int64) *float64 {
	if trials == nil || successes == nil || *trials <= 0 {
		return nil
	}
	v := float64(*successes) / float64(*trials)
	return &v
}

// posteriorOf is a row's posterior mean and stored interval, nil when the
// row has none.
func posteriorOf(r *store.Row) *Interval {
	if r.PosteriorMean == nil || r.CILow == nil || r.CIHigh == nil {
		return nil
	}
	return &Interval{Mean: *r.PosteriorMean, Low: *r.CILow, High: *r.CIHigh}
}

// densitiesOf gives the prior and posterior Betas of a row. The prior's
// interval is the Beta's central 95%; the posterior's is the interval the
// run stored (for a sampled posterior it is the samples', not the Beta's).
func densitiesOf(r *store.Row) *Densities {
	d := &Densities{}
	if r.PriorAlpha != nil && r.PriorBeta != nil && *r.PriorAlpha > 0 && *r.PriorBeta > 0 {
		d.Prior = betaOf(*r.PriorAlpha, *r.PriorBeta)
	}
	if r.PosteriorAlpha != nil && r.PosteriorBeta != nil && *r.PosteriorAlpha > 0 && *r.PosteriorBeta > 0 {
		d.Posterior = betaOf(*r.PosteriorAlpha, *r.PosteriorBeta)
		if iv := posteriorOf(r); iv != nil {
			d.Posterior.Interval = *iv
		}
	}
	return d
}

func betaOf(a, b float64) *Beta {
	dist := distuv.Beta{Alpha: a, Beta: b}
	return &Beta{Alpha: a, Beta: b, Interval: Interval{Mean: dist.Mean(), Low: dist.Quantile(0.025), High: dist.Quantile(0.975)}}
}

// sortIndex orders the parameters as the index lists them: alerts first,
// then failures, then the rest, each by id.
func sortIndex(ps []*Param) {
	rank := func(p *Param) int {
		switch {
		case p.Alert():
			return 0
		case p.Status() == string(store.StatusFailed):
			return 1
		}
		return 2
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if ri, rj := rank(ps[i]), rank(ps[j]); ri != rj {
			return ri < rj
		}
		return ps[i].ID < ps[j].ID
	})
}
