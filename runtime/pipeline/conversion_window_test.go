package pipeline_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/oracle"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

// TestConversionWindowDuckDB: a reference without within() takes the
// parameter's conversion_window, else the project's, and is counted as if
// it had been written with it (maturity included); its own within() wins
// over both.
func TestConversionWindowDuckDB(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	week := asOf.Add(-7 * 24 * time.Hour)
	ended := asOf.Add(-2 * 24 * time.Hour)
	projectYAML := strings.Replace(p.duckYAML(""), `window: { start: "-7d", end: "now" }`,
		`window: { start: "-7d", end: "now", conversion_window: 1d }`, 1)
	if projectYAML == p.duckYAML("") {
		t.Fatal("the project file has no window to extend")
	}
	p.write(t, projectYAML,
		"id: from-param\nedge_reference: e.checkout\nobservation_source:\n  conversion_window: 72h\n  parameters: { end_date: \"NOW() - INTERVAL '2 days'\" }\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"id: from-project\nedge_reference: e.checkout\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"id: own-within\nedge_reference: e.checkout.within(1h)\nobservation_source:\n  conversion_window: 3d\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
	)
	proj, params := p.load(t)
	res := run(t, pipeline.Runner{}, proj, params, asOf)
	tests := []struct {
		id, as     string // as: the reference it must be counted as
		start, end time.Time
	}{
		{"from-param", "e.checkout.within(3d)", week, ended},
		{"from-project", "e.checkout.within(1d)", week, asOf},
		{"own-within", "e.checkout.within(1h)", week, asOf},
	}
	for _, tc := range tests {
		got := must(t, res, tc.id)
		if got.Status != pipeline.StatusUpdated {
			t.Errorf("%s: status %s (%s), want updated", tc.id, got.Status, got.Reason)
			continue
		}
		q, err := compiler.ParseQuery(tc.as)
		if err != nil {
			t.Fatal(err)
		}
		if got.Reference != q.String() {
			t.Errorf("%s: counted as %s, want %s", tc.id, got.Reference, q.String())
		}
		rows := oracleRowsUntil(t, evs, proj, tc.as, oracle.Window{Start: tc.start, End: tc.end, Until: asOf})
		want := struct{ Trials, Successes, Immature int64 }{rows[0].Trials, rows[0].Successes, rows[0].Immature}
		if want.Trials == 0 {
			t.Errorf("%s: the oracle counts no trials: the case proves nothing", tc.id)
		}
		if diff := cmp.Diff(want, struct{ Trials, Successes, Immature int64 }{got.Trials, got.Successes, got.Immature}); diff != "" {
			t.Errorf("%s: counts differ from the oracle (-oracle +got):\n%s", tc.id, diff)
		}
		t.Logf("%s as %s: %d/%d, %d immature", tc.id, tc.as, got.Successes, got.Trials, got.Immature)
	}
	// render shows the SQL update runs: with the window's maturity.
	for _, id := range []string{"from-param", "from-project"} {
		rd := &pipeline.Runner{Project: proj, Params: params, AsOf: asOf}
		out, err := rd.Render(id)
		if err != nil {
			t.Fatalf("Render(%s): %v", id, err)
		}
		if !strings.Contains(out.SQL, `"immature"`) {
			t.Errorf("Render(%s) counts no immature units:\n%s", id, out.SQL)
		}
	}
	// The project's window makes the last day's entries immature; the
	// parameter's, the last three days' before its end.
	if must(t, res, "from-project").Immature == 0 || must(t, res, "from-param").Immature == 0 {
		t.Error("no immature units: the conversion window was not applied")
	}
}
