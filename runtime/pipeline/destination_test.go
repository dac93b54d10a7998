package pipeline_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/runtime/bayes"
	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/pipeline"
	"github.com/paramsql/paramsql/runtime/store"
)

// TestSQLDestinations: conflict_resolution update upserts on (param_id,
// window_end), so two runs at the same as-of leave one row; plain inserts
// append history; a destination table other than the store's gets the
// rows too.
func TestSQLDestinations(t *testing.T) {
	evs := testEvents()
	type run struct {
		at     time.Time
		want   pipeline.Status
		reason string // a substring of the reason, if any
	}
	cases := []struct {
		name, dest string
		runs       []run
		// rows is the number of store rows per window end after the runs.
		rows map[time.Time]int
		// table, if set, is another table that must hold tableRows rows.
		table     string
		tableRows int
	}{
		{
			name: "upsert at the same as-of",
			dest: "    - { type: sql, mode: insert, conflict_resolution: update }\n",
			runs: []run{{asOf, pipeline.StatusUpdated, ""}, {asOf, pipeline.StatusUpdated, ""}},
			rows: map[time.Time]int{asOf: 1},
		},
		{
			name: "upsert names the store explicitly",
			dest: "    - { type: sql, connection: posteriors, table: parameter_posteriors, conflict_resolution: update }\n",
			runs: []run{{asOf, pipeline.StatusUpdated, ""}, {asOf, pipeline.StatusUpdated, ""}, {asOf2, pipeline.StatusUpdated, ""}},
			rows: map[time.Time]int{asOf: 1, asOf2: 1},
		},
		{
			name: "insert appends history",
			dest: "    - { type: sql, mode: insert }\n",
			runs: []run{{asOf, pipeline.StatusUpdated, ""}, {asOf2, pipeline.StatusUpdated, ""}},
			rows: map[time.Time]int{asOf: 1, asOf2: 1},
		},
		{
			// A rerun of the same window (a crash retry) computes the
			// same row, which the history already has.
			name: "insert does not repeat a rerun at the same as-of",
			dest: "    - { type: sql, mode: insert }\n",
			runs: []run{{asOf, pipeline.StatusUpdated, ""}, {asOf, pipeline.StatusUpdated, ""}},
			rows: map[time.Time]int{asOf: 1},
		},
		{
			name: "mode upsert",
			dest: "    - { type: sql, mode: upsert }\n",
			runs: []run{{asOf, pipeline.StatusUpdated, ""}, {asOf, pipeline.StatusUpdated, ""}},
			rows: map[time.Time]int{asOf: 1},
		},
		{
			name: "conflict_resolution ignore keeps the first",
			dest: "    - { type: sql, conflict_resolution: ignore }\n",
			runs: []run{{asOf, pipeline.StatusUpdated, ""}, {asOf, pipeline.StatusUpdated, ""}, {asOf2, pipeline.StatusUpdated, ""}},
			rows: map[time.Time]int{asOf: 1, asOf2: 1},
		},
		{
			name: "conflict_resolution error",
			dest: "    - { type: sql, conflict_resolution: error }\n",
			runs: []run{{asOf, pipeline.StatusUpdated, ""}, {asOf, pipeline.StatusFailed, "conflict_resolution: error"}, {asOf2, pipeline.StatusUpdated, ""}},
			rows: map[time.Time]int{asOf: 1, asOf2: 1},
		},
		{
			name: "another table, conflict_resolution error",
			dest: "    - { type: sql, connection: warehouse, table: published, conflict_resolution: error }\n",
			runs: []run{{asOf, pipeline.StatusUpdated, ""}, {asOf, pipeline.StatusFailed, "conflict_resolution: error"}},
			// The store itself appends, but the rerun repeats the first
			// run's row, so it keeps one.
			rows: map[time.Time]int{asOf: 1}, table: "published", tableRows: 1,
		},
		{
			name: "no destination appends history",
			runs: []run{{asOf, pipeline.StatusUpdated, ""}, {asOf.Add(time.Hour), pipeline.StatusUpdated, ""}},
			rows: map[time.Time]int{asOf: 1, asOf.Add(time.Hour): 1},
		},
		{
			name: "another table, upserted",
			dest: "    - { type: sql, connection: warehouse, table: published, conflict_resolution: update }\n",
			runs: []run{{asOf, pipeline.StatusUpdated, ""}, {asOf2, pipeline.StatusUpdated, ""}},
			rows: map[time.Time]int{asOf: 1, asOf2: 1}, table: "published", tableRows: 2,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := duckProject(t, evs)
			text := "id: signup\nedge_reference: e.signup\nbayesian_update: { prior: { alpha: 2, beta: 2 } }\n"
			if tc.dest != "" {
				text += "posterior_destination:\n  destinations:\n" + tc.dest
			}
			p.write(t, p.duckYAML(""), text)
			proj, params := p.load(t)
			for i, r := range tc.runs {
				got := must(t, runAt(t, proj, params, r.at), "signup")
				if got.Status != r.want || !strings.Contains(got.Reason, r.reason) {
					t.Fatalf("run %d at %v: status %s (%s), want %s (%s)", i+1, r.at, got.Status, got.Reason, r.want, r.reason)
				}
				want := oracleCount(t, evs, proj, "e.signup", r.at.Add(-7*24*time.Hour), r.at)
				checkPosterior(t, fmt.Sprintf("run %d", i+1), got.Posterior, conjugate(2, 2, want))
			}
			rows := history(t, proj, "signup")
			byEnd := map[time.Time]int{}
			for _, r := range rows {
				byEnd[r.WindowEnd]++
				if r.Status != store.StatusUpdated {
					t.Errorf("stored a %s row (%s)", r.Status, r.Reason)
				}
				if r.PosteriorAlpha == nil {
					t.Errorf("a stored row has no posterior")
				}
			}
			if diff := cmp.Diff(tc.rows, byEnd); diff != "" {
				t.Errorf("store rows per window end (-want +got):\n%s", diff)
			}
			if tc.table != "" {
				if n := tableCount(t, p.eventsDB, tc.table); n != int64(tc.tableRows) {
					t.Errorf("%s holds %d rows, want %d", tc.table, n, tc.tableRows)
				}
			}
		})
	}
}

func runAt(t *testing.T, proj *config.Project, params []*config.Param, at time.Time) map[string]*pipeline.Result {
	t.Helper()
	return run(t, pipeline.Runner{}, proj, params, at)
}

// TestHTTPDestinations: a webhook destination receives the history row as
// JSON, and a sheets destination appends the format columns to the
// spreadsheet (through the Sheets emulator); a skipped update writes
// neither.
func TestHTTPDestinations(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	hooks := newRecorder(t, nil)
	sheet := newSheetsEmulator(t, nil)
	t.Setenv("HOOK_TOKEN", "t0ken")
	dests := fmt.Sprintf(`posterior_destination:
  destinations:
    - type: webhook
      url: %s/rows/%%[1]s
      headers: { X-Token: "${HOOK_TOKEN}" }
    - type: sheets
      url: https://docs.google.com/spreadsheets/d/out456/edit
      range: Posteriors!A:H
      mode: append
    - type: sheets
      url: https://docs.google.com/spreadsheets/d/out456/edit
      range: Custom!A:F
      format: [date, edge_reference, context_filter, trials, successes, drift_alert]
`, hooks.URL)
	param := func(id, extra string) string {
		return fmt.Sprintf("id: %[1]s\nedge_reference: e.signup.context(channel='google')\ncontext_filter: { channel: google }\n%[2]sbayesian_update: { prior: { alpha: 2, beta: 2 } }\n"+dests, id, extra)
	}
	p.write(t, p.duckYAML(""), param("published", ""), param("skipped", "observation_source: { min_sample_size: 100000 }\n"))
	proj, params := p.load(t)
	res := run(t, pipeline.Runner{RunID: "run-7", SheetsEndpoint: sheet.URL}, proj, params, asOf)
	got := must(t, res, "published")
	if got.Status != pipeline.StatusUpdated {
		t.Fatalf("published: %s (%s)", got.Status, got.Reason)
	}
	c := oracleCount(t, evs, proj, "e.signup.context(channel='google')", asOf.Add(-7*24*time.Hour), asOf)
	post := conjugate(2, 2, c)
	checkPosterior(t, "published", got.Posterior, post)

	reqs := hooks.requests("/rows/published")
	if len(reqs) != 1 {
		t.Fatalf("the webhook received %d rows, want 1", len(reqs))
	}
	if tok := reqs[0].Header.Get("X-Token"); tok != "t0ken" {
		t.Errorf("webhook header X-Token %q", tok)
	}
	row := reqs[0].JSON(t)
	if w, _ := row["written_at"].(string); w == "" {
		t.Errorf("webhook row has no written_at: %v", row)
	} else if _, err := time.Parse(time.RFC3339, w); err != nil {
		t.Errorf("webhook row's written_at: %v", err)
	}
	delete(row, "written_at") // the time of the test run
	want := map[string]any{
		"run_id": "run-7", "param_id": "published", "status": "updated", "reason": "",
		"reference": "e.signup.context(channel='google')", "sql_hash": got.SQLHash,
		"window_start": asOf.Add(-7 * 24 * time.Hour).Format(time.RFC3339), "window_end": asOf.Format(time.RFC3339),
		"trials": float64(c.Trials), "successes": float64(c.Successes), "alert": false, "method": "conjugate",
		"as_of":       asOf.Format(time.RFC3339),
		"prior_alpha": 2.0, "prior_beta": 2.0, "prior_mean": 0.5, "prior_stdev": got.Prior.Stdev,
		"posterior_alpha": post.Alpha, "posterior_beta": post.Beta, "posterior_mean": post.Mean, "posterior_stdev": post.Stdev,
		"ci_low": post.CI95[0], "ci_high": post.CI95[1], "z": got.Divergence.Z,
	}
	if diff := cmp.Diff(want, row, approx); diff != "" {
		t.Errorf("webhook row (-want +got):\n%s", diff)
	}

	wantDefault := [][]any{{"published", asOf.Format(time.RFC3339), 0.5, got.Prior.Stdev, float64(c.Trials), float64(c.Successes), post.Mean, post.Stdev}}
	if diff := cmp.Diff(wantDefault, sheet.rows("out456/Posteriors!A:H"), approx); diff != "" {
		t.Errorf("sheet row with the default format (-want +got):\n%s", diff)
	}
	wantCustom := [][]any{{asOf.Format("2006-01-02"), "e.signup.context(channel='google')", "channel=google", float64(c.Trials), float64(c.Successes), false}}
	if diff := cmp.Diff(wantCustom, sheet.rows("out456/Custom!A:F"), approx); diff != "" {
		t.Errorf("sheet row with a custom format (-want +got):\n%s", diff)
	}

	if s := must(t, res, "skipped"); s.Status != pipeline.StatusSkipped {
		t.Errorf("skipped: %s (%s)", s.Status, s.Reason)
	}
	if n := len(hooks.requests("/rows/skipped")); n != 0 {
		t.Errorf("a skipped update posted %d rows", n)
	}
	if n := len(sheet.rows("out456/Posteriors!A:H")) + len(sheet.rows("out456/Custom!A:F")); n != 2 {
		t.Errorf("the sheets hold %d rows, want only published's 2", n)
	}
}

// TestSheetsTimeseries: a time series written to a sheet (the seed's
// Example 5: mode replace, format [date, trials, successes,
// posterior_mean, posterior_stdev, drift_alert]) writes one row per
// period; running again replaces them.
func TestSheetsTimeseries(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	sheet := newSheetsEmulator(t, nil)
	const ref = "e.signup.context(channel='google').by(day)"
	p.write(t, p.duckYAML(""), `id: daily
edge_reference: "`+ref+`"
observation_source: { result_type: timeseries }
bayesian_update: { prior: { alpha: 60, beta: 140 } }
posterior_destination:
  destinations:
    - type: sheets
      url: https://docs.google.com/spreadsheets/d/ts789/edit
      range: Posteriors_Timeseries!A:F
      mode: replace
      format: [date, trials, successes, posterior_mean, posterior_stdev, drift_alert]
    - type: sheets
      url: https://docs.google.com/spreadsheets/d/ts789/edit
      range: Log!A:C
      mode: append
      format: [date, trials, successes]
model_fit:
  thresholds: { divergence_threshold: 2, min_sample_size: 1 }
`)
	proj, params := p.load(t)
	var want [][]any
	alerts := map[bool]int{}
	for _, r := range oracleRows(t, evs, proj, ref, asOf.Add(-7*24*time.Hour), asOf) {
		post := conjugate(60, 140, count{r.Trials, r.Successes})
		z, err := bayes.Divergence(60, 140, r.Trials, r.Successes)
		if err != nil {
			t.Fatal(err)
		}
		alert := bayes.Alert(z, 2, r.Trials, 1)
		alerts[alert]++
		want = append(want, []any{r.Period.Format("2006-01-02"), float64(r.Trials), float64(r.Successes), post.Mean, post.Stdev, alert})
	}
	if len(want) < 5 || alerts[true] == 0 || alerts[false] == 0 {
		t.Fatalf("%d periods, %d of them alerting: the case needs several of both", len(want), alerts[true])
	}
	for i := range 2 {
		got := must(t, run(t, pipeline.Runner{SheetsEndpoint: sheet.URL}, proj, params, asOf), "daily")
		if got.Status != pipeline.StatusUpdated {
			t.Fatalf("run %d: %s (%s)", i+1, got.Status, got.Reason)
		}
		if diff := cmp.Diff(want, sheet.rows("ts789/Posteriors_Timeseries!A:F"), approx); diff != "" {
			t.Errorf("run %d: the time series in the sheet (-want +got):\n%s", i+1, diff)
		}
	}
	// Appending adds the periods of each run.
	var log [][]any
	for range 2 {
		for _, w := range want {
			log = append(log, w[:3])
		}
	}
	if diff := cmp.Diff(log, sheet.rows("ts789/Log!A:C"), approx); diff != "" {
		t.Errorf("appended time series (-want +got):\n%s", diff)
	}
}
