package pipeline_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/internal/testdb"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

// TestRedshiftDriverOnPostgres runs update through driver: redshift,
// which must select the redshift dialect, against the PostgreSQL test
// server, with the references whose Redshift SQL PostgreSQL also runs
// (no within(), which renders DATEADD; no backslash in a value, which
// Redshift escapes and PostgreSQL does not). Counts must equal the
// reference evaluator's. Without the server it skips (fails when CI=true).
func TestRedshiftDriverOnPostgres(t *testing.T) {
	evs := rawEvents()
	obsDB, obsDSN := testdb.Namespace(t, testdb.Postgres)
	testdb.LoadEvents(t, obsDB, testdb.Postgres, "events", evs)
	p := &project{dir: t.TempDir()}
	refs := map[string]string{
		"signup":    "e.signup",
		"obrien":    "e.signup.context(channel='o''brien')",
		"injection": "e.signup.context(channel='x'' OR 1=1 --')",
		"visited":   "e.signup.visited(pricing).context(device='mobile')",
		"daily":     "e.signup.context(channel='google').by(day)",
	}
	var texts []string
	for _, id := range keys(refs) {
		texts = append(texts, fmt.Sprintf("id: %s\nedge_reference: %q\nbayesian_update: { prior: { alpha: 2, beta: 3 } }\n", id, refs[id]))
	}
	p.write(t, fmt.Sprintf(`connections:
  obs: { driver: redshift, dsn: %q, timeout: 20s }
  store: { driver: duckdb, dsn: posteriors.duckdb }
schema:
  table: events
  unit: session
  connection: obs
posterior_store: { connection: store, table: posteriors }
window: { start: "-7d", end: "now" }
`, obsDSN), texts...)
	proj, params := p.load(t)
	if d := proj.Connections["obs"].Driver; d != "redshift" {
		t.Fatalf("driver %q, want redshift", d)
	}
	res := run(t, pipeline.Runner{}, proj, params, asOf)
	week := asOf.Add(-7 * 24 * time.Hour)
	for _, id := range keys(refs) {
		got := must(t, res, id)
		want := oracleCount(t, evs, proj, refs[id], week, asOf)
		if got.Status != pipeline.StatusUpdated {
			t.Errorf("%s: status %s (%s)", id, got.Status, got.Reason)
			continue
		}
		if want.Trials == 0 {
			t.Errorf("%s: the oracle counts no trials; the case proves nothing", id)
		}
		if diff := cmp.Diff(want, countsOf(got)); diff != "" {
			t.Errorf("%s: counts differ from the oracle (-want +got):\n%s", id, diff)
		}
		checkPosterior(t, id, got.Posterior, conjugate(2, 3, want))
	}
}
