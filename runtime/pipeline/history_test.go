package pipeline_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/internal/events"
	"github.com/paramsql/paramsql/internal/testdb"
	"github.com/paramsql/paramsql/runtime/bayes"
	"github.com/paramsql/paramsql/runtime/pipeline"
	"github.com/paramsql/paramsql/runtime/store"
)

// TestPosteriorHistoryCountsNoEvidenceTwice runs a posterior_history
// parameter three times: at T, again at T (nothing new: skipped, the
// posterior stands), and at T2 after events arrived: only [T, T2) is
// observed, on top of the posterior of T.
func TestPosteriorHistoryCountsNoEvidenceTwice(t *testing.T) {
	for _, tc := range []struct {
		name, ref string
		// upsert adds a sql destination on the store with
		// conflict_resolution update.
		upsert bool
	}{
		{name: "reference", ref: "e.signup.context(channel='google')"},
		{name: "within", ref: "e.checkout.within(2h)"},
		{name: "reference with upsert", ref: "e.signup", upsert: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			all := testEvents()
			// Only the events before T exist at the first run; the rest
			// arrive before the run at T2.
			early := before(all, asOf)
			var late []events.Event
			for _, ev := range all {
				if !ev.CreatedAt.Before(asOf) {
					late = append(late, ev)
				}
			}
			p := duckProject(t, early)
			dest := ""
			if tc.upsert {
				dest = "posterior_destination:\n  destinations:\n    - { type: sql, conflict_resolution: update }\n"
			}
			p.write(t, p.duckYAML(""), `id: chained
edge_reference: "`+tc.ref+`"
prior_source: { type: posterior_history }
bayesian_update:
  prior: { alpha: 3, beta: 7 }
`+dest)
			proj, params := p.load(t)
			week := asOf.Add(-7 * 24 * time.Hour)

			// Run 1 at T: the static prior starts the chain.
			first := must(t, run(t, pipeline.Runner{}, proj, params, asOf), "chained")
			c1 := oracleCount(t, all, proj, tc.ref, week, asOf)
			if first.Status != pipeline.StatusUpdated || countsOf(first) != c1 {
				t.Fatalf("run 1: %s %d/%d (%s), want updated %d/%d", first.Status, first.Successes, first.Trials, first.Reason, c1.Successes, c1.Trials)
			}
			post1 := conjugate(3, 7, c1)
			checkPosterior(t, "run 1", first.Posterior, post1)

			// Run 2 at the same T: the previous posterior is the prior and
			// no time has passed, so nothing is observed and it stands.
			again := must(t, run(t, pipeline.Runner{}, proj, params, asOf), "chained")
			if again.Status != pipeline.StatusSkipped {
				t.Errorf("run 2 at the same as-of: status %s (%s), want skipped", again.Status, again.Reason)
			}
			if again.Trials != 0 || again.Successes != 0 {
				t.Errorf("run 2 observed %d/%d again", again.Successes, again.Trials)
			}
			checkPosterior(t, "run 2", again.Posterior, post1)
			if again.Prior == nil || !cmp.Equal(again.Prior.Alpha, post1.Alpha, approx) || !cmp.Equal(again.Prior.Beta, post1.Beta, approx) {
				t.Errorf("run 2 prior %+v, want run 1's posterior Beta(%v, %v)", again.Prior, post1.Alpha, post1.Beta)
			}
			rows := history(t, proj, "chained")
			if n := statuses(rows)[store.StatusUpdated]; n != 1 {
				t.Errorf("after two runs at T the history holds %d updated rows, want 1 (%v)", n, statuses(rows))
			}

			// New events arrive; run 3 at T2 observes [T, T2) only.
			testdb.LoadEvents(t, p.eventsDB, testdb.DuckDB, "late_events", late)
			if _, err := p.eventsDB.Exec("INSERT INTO events SELECT * FROM late_events"); err != nil {
				t.Fatal(err)
			}
			third := must(t, run(t, pipeline.Runner{}, proj, params, asOf2), "chained")
			c2 := oracleCount(t, all, proj, tc.ref, asOf, asOf2)
			if c2.Trials == 0 {
				t.Fatal("no trials in [T, T2): the case proves nothing")
			}
			if third.Status != pipeline.StatusUpdated {
				t.Fatalf("run 3: status %s (%s)", third.Status, third.Reason)
			}
			if diff := cmp.Diff(c2, countsOf(third)); diff != "" {
				t.Errorf("run 3 counts differ from the oracle over [T, T2) (-want +got):\n%s", diff)
			}
			// The default window would have started at T2-7d, before T:
			// the chain moves it to T so no event counts twice.
			if !third.WindowStart.Equal(asOf) || !third.WindowEnd.Equal(asOf2) {
				t.Errorf("run 3 window [%v, %v), want [%v, %v)", third.WindowStart, third.WindowEnd, asOf, asOf2)
			}
			checkPosterior(t, "run 3", third.Posterior, conjugate(post1.Alpha, post1.Beta, c2))
			t.Logf("%s: run 1 %d/%d, run 3 %d/%d", tc.ref, c1.Successes, c1.Trials, c2.Successes, c2.Trials)

			rows = history(t, proj, "chained")
			if n := statuses(rows)[store.StatusUpdated]; n != 2 {
				t.Errorf("history holds %d updated rows, want 2 (%v)", n, statuses(rows))
			}
			last := rows[len(rows)-1]
			if last.Status != store.StatusUpdated || !last.WindowEnd.Equal(asOf2) || !cmp.Equal(deref(last.PosteriorAlpha), third.Posterior.Alpha, approx) {
				t.Errorf("newest row %s ending %v with alpha %v, want updated ending %v with alpha %v", last.Status, last.WindowEnd, deref(last.PosteriorAlpha), asOf2, third.Posterior.Alpha)
			}
		})
	}
}

// TestPosteriorHistoryTimeseries: a by(day) parameter stores an overall
// row and one row per day; the next run's prior is the overall posterior,
// not the posterior of the last day alone.
func TestPosteriorHistoryTimeseries(t *testing.T) {
	all := testEvents()
	p := duckProject(t, all)
	const ref = "e.signup.by(day)"
	p.write(t, p.duckYAML(""), `id: daily
edge_reference: "`+ref+`"
prior_source: { type: posterior_history }
observation_source: { result_type: timeseries }
bayesian_update:
  prior: { alpha: 3, beta: 7 }
`)
	proj, params := p.load(t)
	first := must(t, run(t, pipeline.Runner{}, proj, params, asOf), "daily")
	c1 := oracleCount(t, all, proj, ref, asOf.Add(-7*24*time.Hour), asOf)
	if first.Status != pipeline.StatusUpdated || countsOf(first) != c1 || len(first.Periods) < 2 {
		t.Fatalf("run 1: %s %d/%d in %d periods (%s), want updated %d/%d in several", first.Status, first.Successes, first.Trials, len(first.Periods), first.Reason, c1.Successes, c1.Trials)
	}
	post1 := conjugate(3, 7, c1)
	second := must(t, run(t, pipeline.Runner{}, proj, params, asOf2), "daily")
	if second.Prior == nil || !cmp.Equal(second.Prior.Alpha, post1.Alpha, approx) || !cmp.Equal(second.Prior.Beta, post1.Beta, approx) {
		t.Errorf("run 2 starts from %+v, want run 1's overall posterior Beta(%v, %v)", second.Prior, post1.Alpha, post1.Beta)
	}
	c2 := oracleCount(t, all, proj, ref, asOf, asOf2)
	if diff := cmp.Diff(c2, countsOf(second)); diff != "" {
		t.Errorf("run 2 counts (-want +got):\n%s", diff)
	}
	checkPosterior(t, "run 2", second.Posterior, conjugate(post1.Alpha, post1.Beta, c2))
}

// TestPosteriorHistoryQuery: a posterior_history source with its own
// query (the seed's form) reads the previous posterior from the user's
// table; when the query returns window_end, observations start there.
func TestPosteriorHistoryQuery(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	lastEnd := asOf.Add(-30 * time.Hour)
	if _, err := p.eventsDB.Exec(`CREATE TABLE my_posteriors (param_id VARCHAR, alpha DOUBLE, beta DOUBLE, window_end TIMESTAMP)`); err != nil {
		t.Fatal(err)
	}
	if _, err := p.eventsDB.Exec(`INSERT INTO my_posteriors VALUES ('with-end', 30, 70, ?), ('with-end', 1, 1, ?)`, lastEnd, lastEnd.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	param := func(id, query string) string {
		return fmt.Sprintf("id: %s\nedge_reference: e.signup\nprior_source:\n  type: posterior_history\n  connection: warehouse\n  query: %q\nbayesian_update: { prior: { alpha: 2, beta: 2 } }\n", id, query)
	}
	p.write(t, p.duckYAML(""),
		param("with-end", "SELECT alpha, beta, window_end FROM my_posteriors WHERE param_id = 'with-end' ORDER BY window_end DESC LIMIT 1"),
		param("moments", "SELECT 0.3 AS mean, 0.05 AS stdev"),
		param("none-yet", "SELECT alpha, beta FROM my_posteriors WHERE param_id = 'none-yet'"),
	)
	proj, params := p.load(t)
	res := run(t, pipeline.Runner{}, proj, params, asOf)
	week := asOf.Add(-7 * 24 * time.Hour)
	a, b, err := bayes.BetaFromMoments(0.3, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id     string
		a, b   float64
		start  time.Time
		source string
	}{
		{"with-end", 30, 70, lastEnd, "posterior_history query"},
		{"moments", a, b, week, "posterior_history query"},
		{"none-yet", 2, 2, week, "static (no posterior history yet)"},
	} {
		got := must(t, res, c.id)
		if got.Status != pipeline.StatusUpdated {
			t.Errorf("%s: %s (%s)", c.id, got.Status, got.Reason)
			continue
		}
		if got.PriorSource != c.source || got.Prior == nil || !cmp.Equal([2]float64{got.Prior.Alpha, got.Prior.Beta}, [2]float64{c.a, c.b}, approx) {
			t.Errorf("%s: prior %+v from %q, want Beta(%v, %v) from %q", c.id, got.Prior, got.PriorSource, c.a, c.b, c.source)
		}
		if !got.WindowStart.Equal(c.start) {
			t.Errorf("%s: window starts %v, want %v", c.id, got.WindowStart, c.start)
		}
		want := oracleCount(t, evs, proj, "e.signup", c.start, asOf)
		if diff := cmp.Diff(want, countsOf(got)); diff != "" {
			t.Errorf("%s: counts (-oracle +got):\n%s", c.id, diff)
		}
		checkPosterior(t, c.id, got.Posterior, conjugate(c.a, c.b, want))
	}
}
