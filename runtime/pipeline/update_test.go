package pipeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/internal/oracle"
	"github.com/paramsql/paramsql/runtime/bayes"
	"github.com/paramsql/paramsql/runtime/pipeline"
	"github.com/paramsql/paramsql/runtime/store"
)

// edgeCase is one edge-reference parameter of TestEdgeReferencesDuckDB.
type edgeCase struct {
	id, ref    string
	prior      string // the bayesian_update.prior mapping
	a, b       float64
	start, end time.Time // the window the oracle counts
	params     string    // observation_source.parameters, if any
	// immature is set for a within() reference whose window ends before
	// the as-of: the run's as-of is then its cut-off, and some units must
	// be immature.
	immature bool
}

func TestEdgeReferencesDuckDB(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	week := asOf.Add(-7 * 24 * time.Hour)
	// Beta(mean 0.4, stdev 0.1): c = 0.24/0.01 - 1 = 23.
	const mA, mB = 0.4 * 23, 0.6 * 23
	cases := []edgeCase{
		{id: "signup-all", ref: "e.signup", prior: "{ distribution: beta, alpha: 2, beta: 3 }", a: 2, b: 3},
		{id: "signup-google", ref: "e.signup.context(channel='google').p.mean", prior: "{ mean: 0.4, stdev: 0.1 }", a: mA, b: mB},
		{id: "signup-obrien", ref: "e.signup.context(channel='o''brien')", prior: "{ alpha: 1, beta: 1 }", a: 1, b: 1},
		{id: "signup-visited", ref: "e.signup.visited(pricing).context(device='mobile')", prior: "{ alpha: 5, beta: 5 }", a: 5, b: 5},
		{id: "checkout-within", ref: "e.checkout.within(1h)", prior: "{ alpha: 3, beta: 4 }", a: 3, b: 4},
		{id: "checkout-exclude", ref: "e.checkout.exclude(pricing).contextAny(channel='google',channel='facebook')", prior: "{ alpha: 3, beta: 4 }", a: 3, b: 4},
		{id: "signup-backslash", ref: `e.signup.context(device='a\b')`, prior: "{ alpha: 2, beta: 2 }", a: 2, b: 2},
		{
			id: "signup-fixed-window", ref: "e.signup", prior: "{ alpha: 2, beta: 3 }", a: 2, b: 3,
			params: "  parameters: { start_date: \"2025-01-20\", end_date: \"NOW() - INTERVAL '10 days'\" }\n",
			start:  time.Date(2025, 1, 20, 0, 0, 0, 0, time.UTC), end: asOf.Add(-10 * 24 * time.Hour),
		},
		{
			// Entries of the last day before end have not had their 3d by
			// the as-of: immature. The earlier ones see to-events after end.
			id: "checkout-within-ended", ref: "e.checkout.within(3d)", prior: "{ alpha: 3, beta: 4 }", a: 3, b: 4,
			params: "  parameters: { end_date: \"NOW() - INTERVAL '2 days'\" }\n",
			start:  week, end: asOf.Add(-2 * 24 * time.Hour), immature: true,
		},
	}
	var texts []string
	for _, c := range cases {
		texts = append(texts, fmt.Sprintf(`id: %s
edge_reference: %q
prior_source: { type: static }
observation_source:
  type: sql
%s
bayesian_update:
  prior: %s
  update_rule: conjugate
`, c.id, c.ref, c.params, c.prior))
	}
	p.write(t, p.duckYAML(""), texts...)
	proj, params := p.load(t)
	res := run(t, pipeline.Runner{}, proj, params, asOf)
	if len(res) != len(cases) {
		t.Errorf("%d results, want %d", len(res), len(cases))
	}
	for _, c := range cases {
		start, end := week, asOf
		if !c.start.IsZero() {
			start, end = c.start, c.end
		}
		got := must(t, res, c.id)
		want := oracleCount(t, evs, proj, c.ref, start, end)
		if c.immature {
			rows := oracleRowsUntil(t, evs, proj, c.ref, oracle.Window{Start: start, End: end, Until: asOf})
			want = count{rows[0].Trials, rows[0].Successes}
			if rows[0].Immature == 0 || got.Immature != rows[0].Immature {
				t.Errorf("%s: %d immature, oracle %d (want some)", c.id, got.Immature, rows[0].Immature)
			}
		}
		t.Logf("%s: %d/%d (oracle %d/%d)", c.id, got.Successes, got.Trials, want.Successes, want.Trials)
		if got.Status != pipeline.StatusUpdated {
			t.Errorf("%s: status %s (%s), want updated", c.id, got.Status, got.Reason)
			continue
		}
		if want.Trials == 0 {
			t.Errorf("%s: the oracle counts no trials: the case proves nothing", c.id)
		}
		if diff := cmp.Diff(want, countsOf(got)); diff != "" {
			t.Errorf("%s: counts differ from the oracle (-oracle +got):\n%s", c.id, diff)
		}
		if !got.WindowStart.Equal(start) || !got.WindowEnd.Equal(end) {
			t.Errorf("%s: window [%v, %v), want [%v, %v)", c.id, got.WindowStart, got.WindowEnd, start, end)
		}
		checkPosterior(t, c.id, got.Posterior, conjugate(c.a, c.b, want))
		wantPrior := betaSummary(c.a, c.b)
		if diff := cmp.Diff(pipeline.Beta{Alpha: c.a, Beta: c.b, Mean: wantPrior.Mean, Stdev: wantPrior.Stdev}, deref(got.Prior), approx); diff != "" {
			t.Errorf("%s: prior (-want +got):\n%s", c.id, diff)
		}
		// The stored row carries the same numbers.
		rows := history(t, proj, c.id)
		if len(rows) != 1 {
			t.Errorf("%s: %d stored rows, want 1", c.id, len(rows))
			continue
		}
		row := rows[0]
		if row.Status != store.StatusUpdated || deref(row.Trials) != want.Trials || deref(row.Successes) != want.Successes ||
			!cmp.Equal(deref(row.PosteriorAlpha), got.Posterior.Alpha, approx) || !cmp.Equal(deref(row.PosteriorBeta), got.Posterior.Beta, approx) {
			t.Errorf("%s: stored row %s %d/%d Beta(%v, %v), want updated %d/%d Beta(%v, %v)", c.id, row.Status,
				deref(row.Successes), deref(row.Trials), deref(row.PosteriorAlpha), deref(row.PosteriorBeta),
				want.Successes, want.Trials, got.Posterior.Alpha, got.Posterior.Beta)
		}
		// So does its immature count: the result's, 0 included, since
		// every case was observed.
		if row.Immature == nil || *row.Immature != got.Immature {
			t.Errorf("%s: stored immature %v, want %d", c.id, row.Immature, got.Immature)
		}
	}
}

// TestTimeseriesReferenceDuckDB: a by(day) reference gives one period per
// day, each counted as the oracle does and updated from the same prior,
// and the overall posterior from the sum; the store holds the overall row
// and one row per period.
func TestTimeseriesReferenceDuckDB(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	const ref = "e.signup.context(channel='google').by(day)"
	p.write(t, p.duckYAML(""), `id: signup-daily
edge_reference: "`+ref+`"
observation_source: { result_type: timeseries }
bayesian_update:
  prior: { alpha: 4, beta: 6 }
`)
	proj, params := p.load(t)
	got := must(t, run(t, pipeline.Runner{}, proj, params, asOf), "signup-daily")
	if got.Status != pipeline.StatusUpdated {
		t.Fatalf("status %s (%s)", got.Status, got.Reason)
	}
	orows := oracleRows(t, evs, proj, ref, asOf.Add(-7*24*time.Hour), asOf)
	var want []pipeline.Period
	var total count
	for _, r := range orows {
		post := conjugate(4, 6, count{r.Trials, r.Successes})
		want = append(want, pipeline.Period{Date: r.Period, Trials: r.Trials, Successes: r.Successes, Posterior: &post})
		total.Trials += r.Trials
		total.Successes += r.Successes
	}
	if len(want) < 5 {
		t.Fatalf("the oracle gives %d periods; the case needs several", len(want))
	}
	if diff := cmp.Diff(want, got.Periods, approx, cmp.FilterPath(func(p cmp.Path) bool {
		return p.Last().String() == ".Divergence"
	}, cmp.Ignore())); diff != "" {
		t.Errorf("periods differ from the oracle and the closed form (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(total, countsOf(got)); diff != "" {
		t.Errorf("overall counts (-want +got):\n%s", diff)
	}
	checkPosterior(t, "signup-daily", got.Posterior, conjugate(4, 6, total))
	rows := history(t, proj, "signup-daily")
	if len(rows) != 1+len(want) {
		t.Fatalf("%d stored rows, want 1 overall + %d periods", len(rows), len(want))
	}
	var periods []time.Time
	for _, r := range rows {
		if r.Period == nil {
			if deref(r.Trials) != total.Trials {
				t.Errorf("overall row has %d trials, want %d", deref(r.Trials), total.Trials)
			}
			continue
		}
		if r.Immature != nil {
			t.Errorf("period %v has immature %d, want none (counted per window only)", *r.Period, *r.Immature)
		}
		periods = append(periods, *r.Period)
	}
	sort.Slice(periods, func(i, j int) bool { return periods[i].Before(periods[j]) })
	var wantPeriods []time.Time
	for _, w := range want {
		wantPeriods = append(wantPeriods, w.Date)
	}
	if diff := cmp.Diff(wantPeriods, periods); diff != "" {
		t.Errorf("stored periods (-want +got):\n%s", diff)
	}
}

// TestResultJSON pins the shape `update --json` prints.
func TestResultJSON(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	p.write(t, p.duckYAML(""), `id: signup
edge_reference: e.signup
bayesian_update:
  prior: { alpha: 2, beta: 3 }
model_fit:
  thresholds: { divergence_threshold: 50, min_sample_size: 1 }
`, `id: signup-small
edge_reference: e.signup
observation_source: { min_sample_size: 1000000 }
bayesian_update:
  prior: { alpha: 2, beta: 3 }
`)
	proj, params := p.load(t)
	res := run(t, pipeline.Runner{}, proj, params, asOf)
	want := oracleCount(t, evs, proj, "e.signup", asOf.Add(-7*24*time.Hour), asOf)
	post := conjugate(2, 3, want)

	doc := decodeJSON(t, must(t, res, "signup"))
	// The numbers are the closed form's; their shape is the contract.
	wantDoc := map[string]any{
		"id":        "signup",
		"status":    "updated",
		"prior":     map[string]any{"alpha": 2.0, "beta": 3.0, "mean": 0.4, "stdev": 0.2},
		"trials":    float64(want.Trials),
		"successes": float64(want.Successes),
		"posterior": map[string]any{
			"alpha": post.Alpha, "beta": post.Beta, "mean": post.Mean, "stdev": post.Stdev,
			"ci95": []any{post.CI95[0], post.CI95[1]},
		},
		"divergence": map[string]any{"z": doc["divergence"].(map[string]any)["z"], "alert": false},
	}
	// Fields that are context rather than contract.
	for _, k := range []string{"prior_source", "reference", "window_start", "window_end", "sql_hash"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("JSON has no %q", k)
		}
		delete(doc, k)
	}
	if diff := cmp.Diff(wantDoc, doc, approx); diff != "" {
		t.Errorf("update --json object (-want +got):\n%s", diff)
	}
	if z := doc["divergence"].(map[string]any)["z"].(float64); z == 0 {
		t.Errorf("divergence z is 0; expected the distance of %d/%d from the prior mean 0.4", want.Successes, want.Trials)
	}

	// A skipped parameter says why, and has no posterior.
	small := decodeJSON(t, must(t, res, "signup-small"))
	if small["status"] != "skipped" {
		t.Errorf("signup-small: status %v, want skipped", small["status"])
	}
	if r, _ := small["reason"].(string); !strings.Contains(r, "min_sample_size") {
		t.Errorf("signup-small: reason %q does not name min_sample_size", r)
	}
	if _, ok := small["posterior"]; ok {
		t.Errorf("signup-small: a skipped update printed a posterior: %v", small["posterior"])
	}
}

func decodeJSON(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestMinSampleSize: fewer trials than min_sample_size skip the update
// with a reason; it is not a failure, and enough trials update.
func TestMinSampleSize(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	p.write(t, p.duckYAML(""), "id: placeholder\nedge_reference: e.signup\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n")
	proj, _ := p.load(t)
	n := oracleCount(t, evs, proj, "e.signup.context(channel='google')", asOf.Add(-7*24*time.Hour), asOf).Trials
	if n < 10 {
		t.Fatalf("only %d trials", n)
	}
	tests := []struct {
		name string
		min  int64
		want pipeline.Status
	}{
		{"one more than observed", n + 1, pipeline.StatusSkipped},
		{"exactly observed", n, pipeline.StatusUpdated},
		{"far below", 1, pipeline.StatusUpdated},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p.dir = t.TempDir()
			p.write(t, p.duckYAML(""), fmt.Sprintf(`id: google
edge_reference: e.signup.context(channel='google')
observation_source: { min_sample_size: %d }
bayesian_update: { prior: { alpha: 1, beta: 1 } }
`, tc.min))
			proj, params := p.load(t)
			got := must(t, run(t, pipeline.Runner{}, proj, params, asOf), "google")
			if got.Status != tc.want {
				t.Fatalf("status %s (%s), want %s", got.Status, got.Reason, tc.want)
			}
			if got.Trials != n {
				t.Errorf("trials %d, want %d (counted even when skipped)", got.Trials, n)
			}
			rows := history(t, proj, "google")
			if len(rows) != 1 || string(rows[0].Status) != string(tc.want) {
				t.Errorf("stored %v, want one %s row", statuses(rows), tc.want)
			}
			if tc.want != pipeline.StatusSkipped {
				return
			}
			wantReason := fmt.Sprintf("insufficient samples: %d trials < min_sample_size %d", n, tc.min)
			if got.Reason != wantReason || rows[0].Reason != wantReason {
				t.Errorf("reason %q (stored %q), want %q", got.Reason, rows[0].Reason, wantReason)
			}
			if got.Posterior != nil || rows[0].PosteriorAlpha != nil {
				t.Errorf("a skipped update has a posterior: %+v / %v", got.Posterior, rows[0].PosteriorAlpha)
			}
		})
	}
}

// TestSampledPosteriors: an mcmc update reports the sampler's mean,
// stdev and diagnostics, and the Beta of the same moments as its alpha
// and beta, which the history stores and the next posterior_history run
// starts from (it used to store 0 and 0, and the chain then failed).
func TestSampledPosteriors(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	mcmc := "update_rule: mcmc, mcmc_config: { seed: 7, samples: 1000, burn_in: 300, chains: 4 }"
	p.write(t, p.duckYAML(""),
		"id: beta-mcmc\nedge_reference: e.signup\nprior_source: { type: posterior_history }\nbayesian_update: { prior: { alpha: 2, beta: 3 }, "+mcmc+" }\n",
		"id: logitnormal-mcmc\nedge_reference: e.signup\nprior_source: { type: posterior_history }\nbayesian_update: { prior: { distribution: logitnormal, mu: -0.5, sigma: 1 }, "+mcmc+" }\n",
	)
	proj, params := p.load(t)
	week := asOf.Add(-7 * 24 * time.Hour)
	c1 := oracleCount(t, evs, proj, "e.signup", week, asOf)
	exact := conjugate(2, 3, c1)
	first := run(t, pipeline.Runner{}, proj, params, asOf)
	for _, id := range []string{"beta-mcmc", "logitnormal-mcmc"} {
		got := must(t, first, id)
		if got.Status != pipeline.StatusUpdated || got.Posterior == nil || countsOf(got) != c1 {
			t.Fatalf("%s: %s %d/%d (%s)", id, got.Status, got.Successes, got.Trials, got.Reason)
		}
		ps := got.Posterior
		if ps.RHat < 0.99 || ps.RHat > 1.05 || ps.ESS < 100 {
			t.Errorf("%s: R-hat %v, ESS %v", id, ps.RHat, ps.ESS)
		}
		// Both priors are vague next to 255 trials: the posterior is
		// close to the exact Beta-Binomial one.
		if d := ps.Mean - exact.Mean; d > 0.01 || d < -0.01 {
			t.Errorf("%s: mean %v, exact Beta posterior %v", id, ps.Mean, exact.Mean)
		}
		a, b, err := bayes.BetaFromMoments(ps.Mean, ps.Stdev)
		if err != nil || !cmp.Equal([2]float64{ps.Alpha, ps.Beta}, [2]float64{a, b}, approx) {
			t.Errorf("%s: alpha, beta = %v, %v; want the Beta of mean %v and stdev %v: %v, %v", id, ps.Alpha, ps.Beta, ps.Mean, ps.Stdev, a, b)
		}
		rows := history(t, proj, id)
		if len(rows) != 1 || rows[0].Method != "mcmc" || rows[0].RHat == nil || !cmp.Equal(deref(rows[0].PosteriorAlpha), ps.Alpha, approx) {
			t.Errorf("%s: stored %d rows, method %q, rhat %v, alpha %v", id, len(rows), rows[0].Method, rows[0].RHat, deref(rows[0].PosteriorAlpha))
		}
	}
	second := run(t, pipeline.Runner{}, proj, params, asOf2)
	for _, id := range []string{"beta-mcmc", "logitnormal-mcmc"} {
		got, prev := must(t, second, id), must(t, first, id).Posterior
		if got.Status != pipeline.StatusUpdated {
			t.Errorf("%s, run 2: %s (%s)", id, got.Status, got.Reason)
			continue
		}
		if got.Prior == nil || !cmp.Equal([2]float64{got.Prior.Alpha, got.Prior.Beta}, [2]float64{prev.Alpha, prev.Beta}, approx) {
			t.Errorf("%s, run 2: prior %+v, want run 1's Beta(%v, %v)", id, got.Prior, prev.Alpha, prev.Beta)
		}
		if c2 := oracleCount(t, evs, proj, "e.signup", asOf, asOf2); countsOf(got) != c2 {
			t.Errorf("%s, run 2: %d/%d, want %d/%d", id, got.Successes, got.Trials, c2.Successes, c2.Trials)
		}
	}
}

// TestRunSelectsParameters: Run updates only the named parameters, in the
// order named, and refuses an unknown id naming the known ones.
func TestRunSelectsParameters(t *testing.T) {
	p := duckProject(t, testEvents())
	p.write(t, p.duckYAML(""),
		"id: one\nedge_reference: e.signup\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"id: two\nedge_reference: e.checkout\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"id: three\nedge_reference: e.signup.context(channel='google')\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
	)
	proj, params := p.load(t)
	r := &pipeline.Runner{Project: proj, Params: params, AsOf: asOf}
	defer r.Close()
	res, err := r.Run(context.Background(), []string{"three", "one"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, x := range res {
		ids = append(ids, x.ID)
	}
	if diff := cmp.Diff([]string{"three", "one"}, ids); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if rows := history(t, proj, "two"); len(rows) != 0 {
		t.Errorf("two was not named but has %d rows", len(rows))
	}
	_, err = (&pipeline.Runner{Project: proj, Params: params, AsOf: asOf}).Run(context.Background(), []string{"four"})
	if err == nil || !strings.Contains(err.Error(), `"four"`) || !strings.Contains(err.Error(), "one, three, two") {
		t.Errorf("unknown id: %v", err)
	}
}
