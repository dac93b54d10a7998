package pipeline_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/events"
	_ "github.com/paramsql/paramsql/internal/golden" // accept -update like every other test binary
	"github.com/paramsql/paramsql/internal/oracle"
	"github.com/paramsql/paramsql/internal/testdb"
	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/pipeline"
	"github.com/paramsql/paramsql/runtime/store"
)

// The instants the tests run at. The events span base-14d to base+7d, so
// the default window (-7d to now) at asOf holds a week of them, and the
// days after asOf hold the "new" events of the posterior-history tests.
var (
	base  = oracle.BaseTime // 2025-02-01T00:00:00Z
	asOf  = base.Add(2 * 24 * time.Hour)
	asOf2 = base.Add(5 * 24 * time.Hour)
)

// genEvents makes a deterministic, realistic-looking event stream: sessions
// that view pages, attempt a signup (most) and a checkout (some), and
// succeed at rates that differ by channel, with anchors uniformly spread
// over [from, to). A few successes precede their attempt, a few events
// carry another channel than their session, and context values include
// ones that need escaping in SQL. users prefixes the user ids so that
// several streams can be concatenated.
func genEvents(seed uint64, sessions int, from, to time.Time, users string) []events.Event {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pick := func(vals []string, nilShare int) *string {
		i := r.IntN(len(vals) + nilShare)
		if i >= len(vals) {
			return nil
		}
		return events.Str(vals[i])
	}
	span := int64(to.Sub(from) / time.Second)
	var out []events.Event
	for i := range sessions {
		user := fmt.Sprintf("%s%d", users, i/3)
		sess := fmt.Sprintf("s%d", i%3)
		anchor := from.Add(time.Duration(r.Int64N(span)) * time.Second)
		channel := pick([]string{"google", "google", "facebook", "o'brien"}, 1)
		ctx := map[string]*string{
			"channel": channel,
			"device":  pick([]string{"mobile", "desktop", `a\b`}, 1),
			"country": pick([]string{"us", "gb", "x--y;"}, 1),
		}
		add := func(typ, slug string, after time.Duration) {
			c := map[string]*string{}
			for k, v := range ctx {
				c[k] = v
			}
			if r.IntN(12) == 0 {
				c["channel"] = pick([]string{"google", "facebook"}, 0)
			}
			out = append(out, events.Event{UserID: user, SessionID: sess, EventType: typ, NodeSlug: slug, CreatedAt: anchor.Add(after), Context: c})
		}
		add("page_view", "homepage", 0)
		if r.IntN(2) == 0 {
			add("page_view", "pricing", time.Minute)
		}
		if r.IntN(10) < 7 {
			add("signup_attempt", "signup", 2*time.Minute)
			rate := 30
			if channel != nil && *channel == "google" {
				rate = 45
			}
			switch n := r.IntN(100); {
			case n < 4:
				add("signup_success", "signup", time.Minute) // before the attempt
			case n < rate:
				add("signup_success", "signup", 2*time.Minute+time.Duration(1+r.IntN(7200))*time.Second)
			}
		}
		if r.IntN(10) < 4 {
			add("checkout_attempt", "checkout", 10*time.Minute)
			if r.IntN(2) == 0 {
				// Half within the hour, half up to five hours later.
				add("checkout_success", "checkout", 10*time.Minute+time.Duration(1+r.IntN(5*3600))*time.Second)
			}
		}
	}
	return out
}

// testEvents is the stream most tests use: generated sessions plus the
// oracle's random events (ties, boundary instants, odd contexts).
func testEvents() []events.Event {
	evs := genEvents(1, 900, base.Add(-14*24*time.Hour), base.Add(7*24*time.Hour), "g")
	for _, ev := range oracle.RandomEvents(rand.New(rand.NewPCG(7, 11)), 600) {
		ev.UserID = "r-" + ev.UserID
		evs = append(evs, ev)
	}
	return evs
}

// before returns the events created before t.
func before(evs []events.Event, t time.Time) []events.Event {
	var out []events.Event
	for _, ev := range evs {
		if ev.CreatedAt.Before(t) {
			out = append(out, ev)
		}
	}
	return out
}

// project is a project directory written by a test.
type project struct {
	dir       string
	eventsDSN string  // the DuckDB file (or server DSN) the events are in
	eventsDB  *sql.DB // the test's own handle on it
	evs       []events.Event
}

// duckProject makes a project directory whose events (evs) are in a DuckDB
// file of its own. The project file is written by write.
func duckProject(t testing.TB, evs []events.Event) *project {
	t.Helper()
	db, dsn := testdb.Namespace(t, testdb.DuckDB)
	testdb.LoadEvents(t, db, testdb.DuckDB, "events", evs)
	return &project{dir: t.TempDir(), eventsDSN: dsn, eventsDB: db, evs: evs}
}

// duckYAML is the usual project file: events on connection warehouse,
// posteriors in their own DuckDB file, a one-week window. extra is
// appended under connections: (indented by the caller) for further
// connections.
func (p *project) duckYAML(extraConnections string) string {
	return fmt.Sprintf(`connections:
  warehouse: { driver: duckdb, dsn: %q }
  posteriors: { driver: duckdb, dsn: posteriors.duckdb }
%sschema:
  table: events
  unit: session
  connection: warehouse
posterior_store: { connection: posteriors, table: parameter_posteriors }
window: { start: "-7d", end: "now" }
`, p.eventsDSN, extraConnections)
}

// write writes paramsql.yaml and one params/<id>.yaml per parameter text
// (whose first line must be "id: <id>").
func (p *project) write(t testing.TB, projectYAML string, params ...string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(p.dir, config.ProjectFile), []byte(projectYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	pd := filepath.Join(p.dir, "params")
	if err := os.MkdirAll(pd, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, text := range params {
		first, _, _ := strings.Cut(text, "\n")
		id, ok := strings.CutPrefix(first, "id: ")
		if !ok {
			t.Fatalf("parameter text must start with id: …, got %q", first)
		}
		if err := os.WriteFile(filepath.Join(pd, strings.TrimSpace(id)+".yaml"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// load loads the project with config.Load, failing the test on error.
func (p *project) load(t testing.TB) (*config.Project, []*config.Param) {
	t.Helper()
	proj, params, err := config.Load(p.dir)
	if err != nil {
		t.Fatalf("config.Load: %v", err)
	}
	return proj, params
}

// run runs one update with a Runner made like r (fields Project, Params
// and AsOf are set here) and returns the results by id.
func run(t testing.TB, r pipeline.Runner, proj *config.Project, params []*config.Param, at time.Time, ids ...string) map[string]*pipeline.Result {
	t.Helper()
	r.Project, r.Params, r.AsOf = proj, params, at
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	results, err := r.Run(ctx, ids)
	if cerr := r.Close(); cerr != nil {
		t.Errorf("Runner.Close: %v", cerr)
	}
	if err != nil {
		t.Fatalf("Runner.Run: %v", err)
	}
	out := map[string]*pipeline.Result{}
	for _, res := range results {
		if _, dup := out[res.ID]; dup {
			t.Fatalf("two results for %s", res.ID)
		}
		out[res.ID] = res
	}
	return out
}

// history reads a parameter's stored rows from the project's posterior
// store.
func history(t *testing.T, proj *config.Project, id string) []store.Row {
	t.Helper()
	r := &pipeline.Runner{Project: proj}
	defer r.Close()
	rows, err := r.History(context.Background(), id)
	if err != nil {
		t.Fatalf("History(%s): %v", id, err)
	}
	return rows
}

// count is what the oracle says a reference counts over a window.
type count struct{ Trials, Successes int64 }

// oracleRows evaluates ref over the project's events and window.
func oracleRows(t *testing.T, evs []events.Event, proj *config.Project, ref string, start, end time.Time) []oracle.Row {
	t.Helper()
	q, err := compiler.ParseQuery(ref)
	if err != nil {
		t.Fatalf("ParseQuery(%s): %v", ref, err)
	}
	return oracle.Count(evs, q, proj.Schema, proj.Graph, "", oracle.Window{Start: start, End: end})
}

// oracleRowsUntil is oracleRows over a window with its cut-off.
func oracleRowsUntil(t *testing.T, evs []events.Event, proj *config.Project, ref string, w oracle.Window) []oracle.Row {
	t.Helper()
	q, err := compiler.ParseQuery(ref)
	if err != nil {
		t.Fatalf("ParseQuery(%s): %v", ref, err)
	}
	return oracle.Count(evs, q, proj.Schema, proj.Graph, "", w)
}

// oracleCount is the single row of a reference without shards or by().
func oracleCount(t *testing.T, evs []events.Event, proj *config.Project, ref string, start, end time.Time) count {
	t.Helper()
	rows := oracleRows(t, evs, proj, ref, start, end)
	var c count
	for _, r := range rows {
		c.Trials += r.Trials
		c.Successes += r.Successes
	}
	return c
}

// betaSummary is the closed-form Beta(a, b) summary: mean, stdev and the
// equal-tailed 95% interval.
func betaSummary(a, b float64) pipeline.PosteriorSummary {
	n := a + b
	d := distuv.Beta{Alpha: a, Beta: b}
	return pipeline.PosteriorSummary{
		Alpha: a, Beta: b,
		Mean:  a / n,
		Stdev: math.Sqrt(a * b / (n * n * (n + 1))),
		CI95:  [2]float64{d.Quantile(0.025), d.Quantile(0.975)},
	}
}

// conjugate is the closed-form posterior Beta(a+k, b+n-k).
func conjugate(a, b float64, c count) pipeline.PosteriorSummary {
	return betaSummary(a+float64(c.Successes), b+float64(c.Trials-c.Successes))
}

// approx compares floats to 1e-9 relative (the closed forms and the engine
// compute the same values in different orders).
var approx = cmpopts.EquateApprox(1e-9, 1e-12)

// checkPosterior compares a result's posterior with the closed form.
func checkPosterior(t *testing.T, id string, got *pipeline.PosteriorSummary, want pipeline.PosteriorSummary) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: no posterior, want %+v", id, want)
		return
	}
	if diff := cmp.Diff(want, *got, approx); diff != "" {
		t.Errorf("%s: posterior differs from the closed form (-want +got):\n%s", id, diff)
	}
}

// countsOf is a result's counts.
func countsOf(r *pipeline.Result) count { return count{r.Trials, r.Successes} }

// statuses counts rows by status.
func statuses(rows []store.Row) map[store.Status]int {
	out := map[store.Status]int{}
	for _, r := range rows {
		out[r.Status]++
	}
	return out
}

// tableCount counts the rows of a table through the test's own handle.
func tableCount(t *testing.T, db *sql.DB, table string) int64 {
	t.Helper()
	rows := testdb.Rows(t, db, "SELECT count(*) FROM "+table)
	n, ok := rows[0][0].(int64)
	if !ok {
		t.Fatalf("count(*) of %s is %T", table, rows[0][0])
	}
	return n
}

// must fails the test when a result is missing.
func must(t testing.TB, res map[string]*pipeline.Result, id string) *pipeline.Result {
	t.Helper()
	r, ok := res[id]
	if !ok {
		t.Fatalf("no result for %s (have %v)", id, keys(res))
	}
	return r
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// deref reads an optional number of a stored row.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
