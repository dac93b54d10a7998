package pipeline_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/internal/events"
	"github.com/paramsql/paramsql/internal/testdb"
	"github.com/paramsql/paramsql/runtime/pipeline"
	"github.com/paramsql/paramsql/runtime/store"
)

// serverCase is what differs between the servers.
type serverCase struct {
	engine testdb.Engine
	// setup runs on the observation namespace after the events are
	// loaded, e.g. to create a function that writes.
	setup []string
	// sneaky are raw queries that pass paramsql's validation but write;
	// the engine's read-only mode must refuse them (reason holds the
	// engine's words).
	sneaky map[string]string
	// sleep is a raw query that runs for longer than its 1s timeout, for
	// the timeout test; empty skips it.
	sleep string
	// timedOut lists what the reason of the timed-out parameter may say;
	// it must say one of them.
	timedOut []string
}

var serverCases = []serverCase{
	{
		engine: testdb.Postgres,
		setup: []string{
			`CREATE FUNCTION wipe() RETURNS bigint LANGUAGE sql AS 'DELETE FROM events; SELECT 1::bigint'`,
		},
		sneaky: map[string]string{
			"sneaky-function": "SELECT wipe() AS trials, 0 AS successes",
		},
		sleep:    "SELECT pg_sleep(30) AS trials, 0 AS successes",
		timedOut: []string{"timed out after 1s"},
	},
	{
		engine: testdb.MySQL,
		setup: []string{
			`CREATE FUNCTION wipe() RETURNS INT MODIFIES SQL DATA BEGIN DELETE FROM events; RETURN 1; END`,
		},
		sneaky: map[string]string{
			"sneaky-function": "SELECT wipe() AS trials, 0 AS successes",
		},
		sleep:    "SELECT SLEEP(30) AS trials, 0 AS successes",
		timedOut: []string{"timed out after 1s"},
	},
	{
		engine: testdb.ClickHouse,
		// sleep() is capped at 3 s there, which is enough for a 1s
		// timeout and, unlike a long count, cannot outlive the test: a
		// ClickHouse query the client gives up on keeps running on the
		// server.
		sleep:    "SELECT sleep(3) AS trials, 0 AS successes",
		timedOut: []string{"timed out after 1s"},
	},
}

// TestServers runs update with PostgreSQL, MariaDB and ClickHouse as the
// observation connection and PostgreSQL as the posterior store: counts of
// edge references (by(day) and within() among them) equal the oracle,
// posteriors the closed form; the history appends, upserts and chains;
// writing queries are refused and the read-only transaction is proven;
// a hanging query is cancelled at its timeout while the others update.
// Without a server's DSN in the environment its subtest skips (fails when
// CI=true).
func TestServers(t *testing.T) {
	evs := rawEvents()
	for _, sc := range serverCases {
		t.Run(string(sc.engine), func(t *testing.T) {
			t.Parallel()
			testServer(t, sc, evs)
		})
	}
}

func testServer(t *testing.T, sc serverCase, evs []events.Event) {
	obsDB, obsDSN := testdb.Namespace(t, sc.engine)
	_, storeDSN := testdb.Namespace(t, testdb.Postgres)
	testdb.LoadEvents(t, obsDB, sc.engine, "events", evs)
	for _, stmt := range sc.setup {
		if _, err := obsDB.Exec(stmt); err != nil {
			t.Fatalf("setup %q: %v", stmt, err)
		}
	}
	loaded := tableCount(t, obsDB, "events")
	if loaded != int64(len(evs)) {
		t.Fatalf("loaded %d events, have %d", len(evs), loaded)
	}

	dir := t.TempDir()
	p := &project{dir: dir}
	projectYAML := fmt.Sprintf(`connections:
  obs: { driver: %s, dsn: %q, timeout: 20s }
  store: { driver: postgres, dsn: %q }
schema:
  table: events
  unit: session
  connection: obs
posterior_store: { connection: store, table: posteriors }
window: { start: "-7d", end: "now" }
`, sc.engine, obsDSN, storeDSN)

	refs := []struct{ id, ref, extra string }{
		{"signup", "e.signup", ""},
		{"obrien", "e.signup.context(channel='o''brien')", ""},
		{"checkout-within", "e.checkout.within(1h)", ""},
		{"visited-backslash", `e.signup.visited(pricing).context(device='a\b')`, ""},
		{"injection", "e.signup.context(channel='x'' OR 1=1 --')", ""},
		{"daily", "e.signup.context(channel='google').by(day)", "observation_source: { result_type: timeseries }\n"},
		{"chained", "e.checkout.context(channel='google')", "prior_source: { type: posterior_history }\n"},
		{"upserted", "e.signup.context(device='mobile')", "posterior_destination: { destinations: [{ type: sql, conflict_resolution: update }] }\n"},
	}
	var texts []string
	for _, r := range refs {
		texts = append(texts, fmt.Sprintf("id: %s\nedge_reference: %q\n%sbayesian_update: { prior: { alpha: 2, beta: 3 } }\n", r.id, r.ref, r.extra))
	}
	refused := map[string]string{
		"refused-delete":     "DELETE FROM events",
		"refused-drop":       "SELECT 1 AS trials, 0 AS successes; DROP TABLE events",
		"refused-cte-delete": "WITH d AS (DELETE FROM events RETURNING *) SELECT count(*) AS trials, 0 AS successes FROM d",
		"refused-insert":     "INSERT INTO events SELECT * FROM events",
	}
	raw := map[string]string{}
	for id, q := range refused {
		raw[id] = q
	}
	for id, q := range sc.sneaky {
		raw[id] = q
	}
	for id, q := range raw {
		texts = append(texts, fmt.Sprintf("id: %s\nobservation_source:\n  query: %q\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n", id, q))
	}
	if sc.sleep != "" {
		texts = append(texts, fmt.Sprintf("id: hangs\nobservation_source:\n  query: %q\n  timeout: 1s\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n", sc.sleep))
	}
	// Templates splice context values as literals escaped for the
	// server's dialect; each matches only the literal value.
	templates := []struct {
		id, template string
		filter       [][2]string
		ref          string
	}{
		{"template-quoted", seedTemplate, [][2]string{{"channel", "o'brien"}, {"device", `a\b`}}, `e.signup.context(channel='o''brien',device='a\b').attribution(event)`},
		{"template-injection", seedTemplate, [][2]string{{"channel", injection}}, "e.signup.context(channel='x'' OR 1=1 --').attribution(event)"},
		{"template-sql-filter", signupSQL("{% if channel %}AND channel = {{ channel|sql }}{% endif %} {% if device %}AND device = {{ device|sql }}{% endif %}", "trials", "successes"),
			[][2]string{{"channel", "google"}, {"device", `a\b`}}, `e.signup.context(channel='google',device='a\b').attribution(event)`},
	}
	for _, tp := range templates {
		filter := ""
		for _, kv := range tp.filter {
			filter += fmt.Sprintf("  %s: %q\n", kv[0], kv[1])
		}
		texts = append(texts, fmt.Sprintf("id: %s\ncontext_filter:\n%sobservation_source:\n  query_template: |\n%s\n  context_variables: [channel, device]\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
			tp.id, filter, indent(tp.template, 4)))
	}
	// A raw query on the server binds the window through its driver.
	texts = append(texts, "id: raw-window\nobservation_source:\n  query: |\n"+indent(signupSQL("AND channel = 'google'", "n", "k"), 4)+
		"\n  result_mapping: { trials: n, successes: k }\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n")
	p.write(t, projectYAML, texts...)
	proj, params := p.load(t)
	week := asOf.Add(-7 * 24 * time.Hour)

	started := time.Now()
	res := run(t, pipeline.Runner{}, proj, params, asOf)
	elapsed := time.Since(started)
	// That the hanging query was cut at its timeout is checked below, on
	// its result; the run's length depends on the machine's load.
	t.Logf("%s: first run took %v", sc.engine, elapsed)

	for _, r := range refs {
		got := must(t, res, r.id)
		want := oracleCount(t, evs, proj, r.ref, week, asOf)
		t.Logf("%s %s: %d/%d (oracle %d/%d)", sc.engine, r.id, got.Successes, got.Trials, want.Successes, want.Trials)
		if got.Status != pipeline.StatusUpdated {
			t.Errorf("%s: status %s (%s)", r.id, got.Status, got.Reason)
			continue
		}
		if diff := cmp.Diff(want, countsOf(got)); diff != "" {
			t.Errorf("%s: counts differ from the oracle (-want +got):\n%s", r.id, diff)
		}
		checkPosterior(t, r.id, got.Posterior, conjugate(2, 3, want))
	}
	if got := must(t, res, "injection"); got.Trials != 1 {
		t.Errorf("injection: %d trials, want the one literal session", got.Trials)
	}
	// by(day): each period as the oracle counts it.
	var wantPeriods []count
	for _, row := range oracleRows(t, evs, proj, "e.signup.context(channel='google').by(day)", week, asOf) {
		wantPeriods = append(wantPeriods, count{row.Trials, row.Successes})
	}
	var gotPeriods []count
	for _, per := range must(t, res, "daily").Periods {
		gotPeriods = append(gotPeriods, count{per.Trials, per.Successes})
	}
	if len(wantPeriods) < 5 {
		t.Errorf("the oracle gives %d periods", len(wantPeriods))
	}
	if diff := cmp.Diff(wantPeriods, gotPeriods); diff != "" {
		t.Errorf("daily: periods (-oracle +got):\n%s", diff)
	}
	if got, want := must(t, res, "raw-window"), oracleCount(t, evs, proj, "e.signup.context(channel='google').attribution(event)", week, asOf); got.Status != pipeline.StatusUpdated || countsOf(got) != want {
		t.Errorf("raw-window: %s %d/%d (%s), want updated %d/%d", got.Status, got.Successes, got.Trials, got.Reason, want.Successes, want.Trials)
	}

	for _, tp := range templates {
		got, want := must(t, res, tp.id), oracleCount(t, evs, proj, tp.ref, week, asOf)
		if got.Status != pipeline.StatusUpdated || countsOf(got) != want || want.Trials == 0 {
			t.Errorf("%s: %s %d/%d (%s), want updated %d/%d (and some trials)", tp.id, got.Status, got.Successes, got.Trials, got.Reason, want.Successes, want.Trials)
		}
	}

	// Writes are refused, by paramsql or by the engine.
	for id := range refused {
		if got := must(t, res, id); got.Status != pipeline.StatusFailed || !strings.Contains(got.Reason, "read-only") {
			t.Errorf("%s: %s (%s), want failed as not read-only", id, got.Status, got.Reason)
		}
	}
	for id := range sc.sneaky {
		got := must(t, res, id)
		t.Logf("%s %s: %s", sc.engine, id, got.Reason)
		if got.Status != pipeline.StatusFailed || !strings.Contains(strings.ToLower(got.Reason), "read") {
			t.Errorf("%s: %s (%s), want refused by the read-only transaction", id, got.Status, got.Reason)
		}
	}
	if n := tableCount(t, obsDB, "events"); n != loaded {
		t.Errorf("events went from %d to %d rows", loaded, n)
	}
	// The hanging query fails at its timeout, saying so.
	if sc.sleep != "" {
		got := must(t, res, "hangs")
		t.Logf("%s hangs: %s", sc.engine, got.Reason)
		said := false
		for _, s := range sc.timedOut {
			said = said || strings.Contains(got.Reason, s)
		}
		if got.Status != pipeline.StatusFailed || !said {
			t.Errorf("hangs: %s (%s), want failed saying one of %q", got.Status, got.Reason, sc.timedOut)
		}
	}

	// History on PostgreSQL: run again at T (upserted keeps one row), then
	// at T2 (chained observes only [T, T2)).
	again := run(t, pipeline.Runner{}, proj, params, asOf, "upserted", "chained")
	if got := must(t, again, "upserted"); got.Status != pipeline.StatusUpdated {
		t.Errorf("upserted, run 2: %s (%s)", got.Status, got.Reason)
	}
	if got := must(t, again, "chained"); got.Status != pipeline.StatusSkipped {
		t.Errorf("chained, run 2 at the same as-of: %s (%s), want skipped", got.Status, got.Reason)
	}
	later := run(t, pipeline.Runner{}, proj, params, asOf2, "chained", "signup")
	c1 := oracleCount(t, evs, proj, "e.checkout.context(channel='google')", week, asOf)
	c2 := oracleCount(t, evs, proj, "e.checkout.context(channel='google')", asOf, asOf2)
	chained := must(t, later, "chained")
	if chained.Status != pipeline.StatusUpdated || countsOf(chained) != c2 {
		t.Errorf("chained at T2: %s %d/%d (%s), want updated %d/%d", chained.Status, chained.Successes, chained.Trials, chained.Reason, c2.Successes, c2.Trials)
	}
	post1 := conjugate(2, 3, c1)
	checkPosterior(t, "chained at T2", chained.Posterior, conjugate(post1.Alpha, post1.Beta, c2))

	rowsByEnd := func(id string) map[time.Time]int {
		out := map[time.Time]int{}
		for _, r := range history(t, proj, id) {
			if r.Status == store.StatusUpdated {
				out[r.WindowEnd]++
			}
		}
		return out
	}
	if diff := cmp.Diff(map[time.Time]int{asOf: 1}, rowsByEnd("upserted")); diff != "" {
		t.Errorf("upserted: updated rows per window end (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[time.Time]int{asOf: 1, asOf2: 1}, rowsByEnd("signup")); diff != "" {
		t.Errorf("signup: updated rows per window end (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[time.Time]int{asOf: 1, asOf2: 1}, rowsByEnd("chained")); diff != "" {
		t.Errorf("chained: updated rows per window end (-want +got):\n%s", diff)
	}
	daily := history(t, proj, "daily")
	if len(daily) != 1+len(wantPeriods) {
		t.Errorf("daily: %d stored rows, want 1 + %d periods", len(daily), len(wantPeriods))
	}
}

// TestClickHouseStore keeps the posterior history on ClickHouse, whose
// table is append-only: a parameter asking for upsert is appended with a
// warning instead of failing, the newest row is the current posterior for
// posterior_history, and conflict_resolution ignore still keeps the
// first posterior of a window.
func TestClickHouseStore(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	_, dsn := testdb.Namespace(t, testdb.ClickHouse)
	p.write(t, fmt.Sprintf(`connections:
  warehouse: { driver: duckdb, dsn: %q }
  posteriors: { driver: clickhouse, dsn: %q }
schema: { table: events, connection: warehouse }
posterior_store: { connection: posteriors, table: parameter_posteriors }
`, p.eventsDSN, dsn),
		"id: upserted\nedge_reference: e.signup\nprior_source: { type: posterior_history }\nposterior_destination: { destinations: [{ type: sql, conflict_resolution: update }] }\nbayesian_update: { prior: { alpha: 2, beta: 3 } }\n",
		"id: ignored\nedge_reference: e.checkout\nposterior_destination: { destinations: [{ type: sql, conflict_resolution: ignore }] }\nbayesian_update: { prior: { alpha: 2, beta: 3 } }\n",
	)
	proj, params := p.load(t)
	week := asOf.Add(-7 * 24 * time.Hour)
	first := run(t, pipeline.Runner{}, proj, params, asOf)
	up := must(t, first, "upserted")
	if up.Status != pipeline.StatusUpdated || !hasWarning(up, "append-only") {
		t.Fatalf("upserted: %s (%s), warnings %q; want updated with a warning", up.Status, up.Reason, up.Warnings)
	}
	c1 := oracleCount(t, evs, proj, "e.signup", week, asOf)
	post1 := conjugate(2, 3, c1)
	checkPosterior(t, "upserted", up.Posterior, post1)
	again := run(t, pipeline.Runner{}, proj, params, asOf)
	if got := must(t, again, "ignored"); got.Status != pipeline.StatusUpdated {
		t.Errorf("ignored, run 2: %s (%s)", got.Status, got.Reason)
	}
	later := run(t, pipeline.Runner{}, proj, params, asOf2)
	chained := must(t, later, "upserted")
	c2 := oracleCount(t, evs, proj, "e.signup", asOf, asOf2)
	if chained.Status != pipeline.StatusUpdated || countsOf(chained) != c2 {
		t.Errorf("upserted at T2: %s %d/%d (%s), want updated %d/%d", chained.Status, chained.Successes, chained.Trials, chained.Reason, c2.Successes, c2.Trials)
	}
	checkPosterior(t, "upserted at T2", chained.Posterior, conjugate(post1.Alpha, post1.Beta, c2))
	if got := statuses(history(t, proj, "ignored")); got[store.StatusUpdated] != 2 {
		t.Errorf("ignored: %v, want one updated row per window end (2)", got)
	}
}
