package demo

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/flosch/pongo2/v6"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	_ "github.com/paramsql/paramsql/internal/golden" // registers the shared -update flag
	"github.com/paramsql/paramsql/runtime/config"
)

// smallEvents keeps the tests quick while leaving every parameter a few
// hundred trials.
const smallEvents = 20_000

// The demos the tests share are made once: each takes a fraction of a
// second, but there is no need to pay it per test.
var (
	demoOnce sync.Map // key -> *demoResult
)

type demoResult struct {
	once sync.Once
	dir  string
	sum  *Summary
	err  error
}

// sharedDemo creates, once per test binary, a demo of n events with seed
// in a directory removed when the tests end.
func sharedDemo(t *testing.T, n int, seed uint64) (string, *Summary) {
	t.Helper()
	v, _ := demoOnce.LoadOrStore(fmt.Sprint(n, "/", seed), &demoResult{})
	r := v.(*demoResult)
	r.once.Do(func() {
		r.dir, r.err = os.MkdirTemp("", "paramsql-demo-*")
		if r.err == nil {
			r.sum, r.err = Create(context.Background(), filepath.Join(r.dir, "demo"), Options{Events: n, Seed: seed, End: End})
		}
	})
	if r.err != nil {
		t.Fatal(r.err)
	}
	return filepath.Join(r.dir, "demo"), r.sum
}

func TestMain(m *testing.M) {
	code := m.Run()
	demoOnce.Range(func(_, v any) bool {
		if r := v.(*demoResult); r.dir != "" {
			os.RemoveAll(r.dir)
		}
		return true
	})
	os.Exit(code)
}

func openEvents(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", filepath.Join(dir, EventsFile)+"?access_mode=READ_ONLY")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func queryInt(t *testing.T, db *sql.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestProjectValidates loads what Create wrote with the config package,
// as paramsql itself will, and checks every parameter against the project.
func TestProjectValidates(t *testing.T) {
	dir, sum := sharedDemo(t, smallEvents, DefaultSeed)
	proj, err := config.LoadProject(dir)
	if err != nil {
		t.Fatalf("LoadProject: %v", err)
	}
	params, err := config.LoadParams(proj.ParamsDir)
	if err != nil {
		t.Fatalf("LoadParams: %v", err)
	}
	var ids []string
	for _, p := range params {
		ids = append(ids, p.ID)
		for _, err := range p.Validate(proj) {
			t.Errorf("%v", err)
		}
	}
	want := []string{"checkout-flexible-path", "signup-google-mobile", "signup-google-mobile-returning", "signup-google-mobile-timeseries", "signup-template"}
	slices.Sort(ids)
	if !slices.Equal(ids, want) {
		t.Errorf("parameter ids = %v, want %v", ids, want)
	}
	if !slices.Equal(sum.Params, want) {
		t.Errorf("Summary.Params = %v, want %v", sum.Params, want)
	}
	if _, _, err := config.Load(dir); err != nil {
		t.Errorf("config.Load: %v", err)
	}

	// Relative DuckDB paths resolve against the project directory.
	for name, file := range map[string]string{"warehouse": EventsFile, "posteriors": PosteriorsFile} {
		c, ok := proj.Connections[name]
		if !ok || c.Driver != config.DriverDuckDB || c.DSN != filepath.Join(dir, file) {
			t.Errorf("connection %s = %v, want duckdb %s", name, c, filepath.Join(dir, file))
		}
	}
	if proj.DefaultConnection != "warehouse" {
		t.Errorf("default connection = %q, want warehouse", proj.DefaultConnection)
	}
	if ps := proj.PosteriorStore; ps.Connection != "posteriors" || ps.Table != config.DefaultPosteriorTable {
		t.Errorf("posterior store = %+v", ps)
	}

	// The default window, run at the end of the data, covers the data.
	start, end, err := proj.Window.Resolve(sum.End)
	if err != nil {
		t.Fatal(err)
	}
	db := openEvents(t, dir)
	if n := queryInt(t, db, "SELECT count(*) FROM events WHERE created_at >= ? AND created_at < ?", start, end); n == 0 {
		t.Errorf("the default window %s..%s at as-of %s holds no events", start, end, sum.AsOf())
	}

	for _, f := range []string{EventsFile, config.ProjectFile, ReadmeFile} {
		if !slices.Contains(sum.Files, f) {
			t.Errorf("Summary.Files %v lacks %s", sum.Files, f)
		}
	}
	readme, err := os.ReadFile(filepath.Join(dir, ReadmeFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "--as-of "+sum.AsOf()) || !strings.Contains(string(readme), thousands(sum.Events)) {
		t.Errorf("README.md lacks the update command or the event count:\n%s", readme)
	}
}

func TestReport(t *testing.T) {
	_, sum := sharedDemo(t, smallEvents, DefaultSeed)
	var b strings.Builder
	if err := sum.Report(&b); err != nil {
		t.Fatal(err)
	}
	want := append([]string{sum.UpdateCommand(), thousands(sum.Events) + " events", "2026-11-20T00:00:00Z"}, sum.Params...)
	for _, w := range want {
		if !strings.Contains(b.String(), w) {
			t.Errorf("the report lacks %q:\n%s", w, b.String())
		}
	}
	if strings.Contains(sum.UpdateCommand(), "--as-of") || !strings.Contains(b.String(), "--as-of 2026-11-20T00:00:00Z") {
		t.Errorf("UpdateCommand() = %q, want no --as-of; the report should give it for reruns:\n%s", sum.UpdateCommand(), b.String())
	}
}

// A demo made without an end ends when it is made, to the hour; one made
// for another end holds the same events moved in time, so a window at the
// same place relative to the end counts the same.
func TestDemoEndsWhenMade(t *testing.T) {
	_, ref := sharedDemo(t, smallEvents, DefaultSeed)
	before := time.Now().UTC()
	now, err := Create(context.Background(), filepath.Join(t.TempDir(), "now"), Options{Events: smallEvents})
	if err != nil {
		t.Fatal(err)
	}
	after := time.Now().UTC()
	if now.End.Before(before.Truncate(time.Hour)) || now.End.After(after) || !now.End.Equal(now.End.Truncate(time.Hour)) {
		t.Errorf("End = %s, want the hour of creation (between %s and %s)", now.End, before, after)
	}
	later := End.Add(400*24*time.Hour + 5*time.Hour + 7*time.Second)
	moved, err := Create(context.Background(), filepath.Join(t.TempDir(), "moved"), Options{Events: smallEvents, End: later})
	if err != nil {
		t.Fatal(err)
	}
	if !moved.End.Equal(later) || moved.Start.Sub(ref.Start) != later.Sub(End) || moved.DriftStart.Sub(ref.DriftStart) != later.Sub(End) {
		t.Errorf("moved demo: Start %s End %s DriftStart %s, want the reference's moved by %s", moved.Start, moved.End, moved.DriftStart, later.Sub(End))
	}
	refDB, movedDB := openEvents(t, ref.Dir), openEvents(t, moved.Dir)
	const q = "SELECT count(*) FROM events WHERE created_at >= ? AND created_at < ? AND event_type = 'signup_success'"
	for _, days := range []int{1, 7, 30} {
		a := queryInt(t, refDB, q, End.AddDate(0, 0, -days), End)
		b := queryInt(t, movedDB, q, later.AddDate(0, 0, -days), later)
		if a != b || a == 0 {
			t.Errorf("signups in the last %d days: %d in the reference demo, %d in the moved one; want equal and not 0", days, a, b)
		}
	}
	if n := queryInt(t, movedDB, "SELECT count(*) FROM events WHERE created_at >= ?", later); n != 0 {
		t.Errorf("%d events at or after the end", n)
	}
}

// dbChecksum hashes the table as stored, in a fixed order, independently
// of the checksum Create computes while appending.
func dbChecksum(t *testing.T, dir string) string {
	t.Helper()
	db := openEvents(t, dir)
	rows, err := db.Query(`SELECT user_id, session_id, event_type, node_slug, epoch(created_at)::BIGINT,
		coalesce(channel, '<null>'), coalesce(device, '<null>'), coalesce(country, '<null>')
		FROM events ORDER BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	h := sha256.New()
	for rows.Next() {
		var u, s, e, n, c, d, k string
		var at int64
		if err := rows.Scan(&u, &s, &e, &n, &at, &c, &d, &k); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(h, u, s, e, n, at, c, d, k)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestDeterministic(t *testing.T) {
	dirA, a := sharedDemo(t, smallEvents, DefaultSeed)
	dirB := filepath.Join(t.TempDir(), "b")
	b, err := Create(context.Background(), dirB, Options{Events: smallEvents, End: End})
	if err != nil {
		t.Fatal(err)
	}
	if a.Checksum != b.Checksum || a.Events != b.Events || a.Sessions != b.Sessions || a.Users != b.Users {
		t.Errorf("same seed, different demos: %s/%d/%d/%d and %s/%d/%d/%d",
			a.Checksum, a.Events, a.Sessions, a.Users, b.Checksum, b.Events, b.Sessions, b.Users)
	}
	if ca, cb := dbChecksum(t, dirA), dbChecksum(t, dirB); ca != cb {
		t.Errorf("same seed, different tables: %s and %s", ca, cb)
	}
	for _, f := range append([]string{config.ProjectFile, ReadmeFile}, paramFiles(b)...) {
		fa, errA := os.ReadFile(filepath.Join(dirA, f))
		fb, errB := os.ReadFile(filepath.Join(dirB, f))
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		if string(fa) != string(fb) {
			t.Errorf("%s differs between two runs with the same seed", f)
		}
	}

	dirC := filepath.Join(t.TempDir(), "c")
	c, err := Create(context.Background(), dirC, Options{Events: smallEvents, Seed: 7, End: End})
	if err != nil {
		t.Fatal(err)
	}
	if c.Checksum == a.Checksum || dbChecksum(t, dirC) == dbChecksum(t, dirA) {
		t.Error("seeds 7 and the default gave the same events")
	}
}

// TestWritePartsAgree writes the same traffic in one, two and three
// parallel parts: the checksum and the table, in its physical order, must
// not depend on how many CPUs did the appending.
func TestWritePartsAgree(t *testing.T) {
	tr, err := generate(context.Background(), DefaultSeed, 150_000)
	if err != nil {
		t.Fatal(err)
	}
	var want, wantOrder string
	for _, parts := range []int{1, 2, 3} {
		path := filepath.Join(t.TempDir(), EventsFile)
		sum, err := writeEvents(context.Background(), path, tr, parts)
		if err != nil {
			t.Fatalf("%d parts: %v", parts, err)
		}
		db := openEvents(t, filepath.Dir(path))
		var order string
		if err := db.QueryRow("SELECT md5(string_agg(session_id || event_type || created_at::VARCHAR, ',' ORDER BY rowid)) FROM events").Scan(&order); err != nil {
			t.Fatal(err)
		}
		if n := queryInt(t, db, "SELECT count(*) FROM events"); n != int64(len(tr.events)) {
			t.Errorf("%d parts: %d rows, want %d", parts, n, len(tr.events))
		}
		if parts == 1 {
			want, wantOrder = sum, order
			continue
		}
		if sum != want || order != wantOrder {
			t.Errorf("%d parts: checksum %s and order %s, one part: %s and %s", parts, sum, order, want, wantOrder)
		}
	}
}

func paramFiles(s *Summary) []string {
	var out []string
	for _, f := range s.Files {
		if strings.HasPrefix(f, "params/") {
			out = append(out, f)
		}
	}
	return out
}

// TestEvents checks the table against what the rest of paramsql assumes:
// the columns, whole-second UTC times inside the period, the funnel's
// event types and nodes, NULL contexts, returning users.
func TestEvents(t *testing.T) {
	dir, sum := sharedDemo(t, smallEvents, DefaultSeed)
	db := openEvents(t, dir)

	n := queryInt(t, db, "SELECT count(*) FROM events")
	if n != int64(sum.Events) || n < smallEvents || n > smallEvents+200 {
		t.Errorf("%d events in the table, Summary says %d, asked for %d", n, sum.Events, smallEvents)
	}
	var cols []string
	rows, err := db.Query("SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c string
		rows.Scan(&c)
		cols = append(cols, c)
	}
	rows.Close()
	wantCols := []string{"user_id VARCHAR", "session_id VARCHAR", "event_type VARCHAR", "node_slug VARCHAR", "created_at TIMESTAMP", "channel VARCHAR", "device VARCHAR", "country VARCHAR"}
	if !slices.Equal(cols, wantCols) {
		t.Errorf("columns = %v, want %v", cols, wantCols)
	}

	for _, c := range []struct {
		name string
		q    string
		want func(int64) bool
	}{
		{"times outside the period", "SELECT count(*) FROM events WHERE created_at < ? OR created_at >= ?", zero},
		{"fractional seconds", "SELECT count(*) FROM events WHERE created_at <> date_trunc('second', created_at)", zero},
		{"unknown event types", "SELECT count(*) FROM events WHERE event_type NOT IN ('page_view', 'signup_attempt', 'signup_success', 'checkout_attempt', 'checkout_success')", zero},
		{"page views off the pages", "SELECT count(*) FROM events WHERE event_type = 'page_view' AND node_slug NOT IN ('homepage', 'pricing', 'product-page-1', 'product-page-2', 'product-page-3', 'demo', 'docs')", zero},
		{"signup events off node signup", "SELECT count(*) FROM events WHERE event_type LIKE 'signup%' AND node_slug <> 'signup'", zero},
		{"checkout events off node checkout", "SELECT count(*) FROM events WHERE event_type LIKE 'checkout%' AND node_slug <> 'checkout'", zero},
		{"sessions of two users", "SELECT count(*) FROM (SELECT session_id FROM events GROUP BY 1 HAVING count(DISTINCT user_id) > 1)", zero},
		{"sessions with two contexts", "SELECT count(*) FROM (SELECT session_id FROM events GROUP BY 1 HAVING count(DISTINCT (channel, device, country)) > 1)", zero},
		{"NULL channels", "SELECT count(*) FROM events WHERE channel IS NULL", positive},
		{"NULL devices", "SELECT count(*) FROM events WHERE device IS NULL", positive},
		{"NULL countries", "SELECT count(*) FROM events WHERE country IS NULL", positive},
		{"users with several sessions", "SELECT count(*) FROM (SELECT user_id FROM events GROUP BY 1 HAVING count(DISTINCT session_id) > 1)", positive},
		{"days with events", "SELECT count(DISTINCT created_at::DATE) FROM events", func(n int64) bool { return n == Days }},
		{"rows out of time order", "SELECT count(*) FROM (SELECT created_at < lag(created_at) OVER (ORDER BY rowid) AS back FROM events) WHERE back", zero},
		{"successes before any attempt", `SELECT count(*) FROM (SELECT session_id,
			min(created_at) FILTER (WHERE event_type = 'signup_attempt') AS a,
			min(created_at) FILTER (WHERE event_type = 'signup_success') AS s
			FROM events GROUP BY 1) WHERE s IS NOT NULL AND (a IS NULL OR s < a)`, zero},
	} {
		var args []any
		if strings.Contains(c.q, "?") {
			args = []any{sum.Start, sum.End}
		}
		if got := queryInt(t, db, c.q, args...); !c.want(got) {
			t.Errorf("%s: %d", c.name, got)
		}
	}
}

func zero(n int64) bool     { return n == 0 }
func positive(n int64) bool { return n > 0 }

// rate runs a reference over [start, end) as paramsql compiles it.
func rate(t *testing.T, db *sql.DB, ref string, start, end time.Time) (trials, successes int64) {
	t.Helper()
	q, err := compiler.ParseQuery(ref)
	if err != nil {
		t.Fatal(err)
	}
	d, err := dialects.Get("duckdb")
	if err != nil {
		t.Fatal(err)
	}
	st, err := dialects.Compile(q, d, compiler.Options{Schema: compiler.DefaultSchema(), Window: compiler.LiteralWindow(start, end)})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(st.SQL).Scan(&trials, &successes); err != nil {
		t.Fatalf("%s: %v", ref, err)
	}
	return trials, successes
}

// TestRates checks that the segments convert differently, in the
// directions the README promises, and that the drift is there to find.
func TestRates(t *testing.T) {
	dir, _ := sharedDemo(t, 200_000, DefaultSeed)
	db := openEvents(t, dir)
	last7 := End.AddDate(0, 0, -7)
	before := DriftStart.AddDate(0, 0, -28)
	for _, c := range []struct {
		ref        string
		start, end time.Time
		lo, hi     float64
	}{
		// Example 1 and its prior Beta(8,17), mean 0.32: before the drift
		// they agree; in the last week the rate is below the prior's reach.
		{"e.signup.context(channel='google',device='mobile')", before, DriftStart, 0.27, 0.40},
		{"e.signup.context(channel='google',device='mobile')", last7, End, 0.04, 0.15},
		// Example 2 and its prior Beta(12,15), mean 0.44.
		{"e.signup.visited(homepage,pricing).context(channel='google',device='mobile')", before, DriftStart, 0.37, 0.52},
		{"e.signup.visited(homepage,pricing).context(channel='google',device='mobile')", last7, End, 0.04, 0.25},
		// Other segments do not drift, and differ from each other.
		{"e.signup.context(channel='email',device='desktop')", last7, End, 0.55, 0.80},
		{"e.signup.context(channel='facebook',device='mobile')", last7, End, 0.12, 0.35},
		{"e.signup.context(channel='google',device='desktop')", last7, End, 0.40, 0.60},
		// Example 4 and its prior Beta(10,10).
		{"e.checkout.visitedAny(product-page-1,product-page-2,product-page-3)", last7, End, 0.38, 0.56},
	} {
		n, k := rate(t, db, c.ref, c.start, c.end)
		r := float64(k) / float64(n)
		if n < 30 || r < c.lo || r > c.hi {
			t.Errorf("%s over %s..%s: %d/%d = %.3f, want 30+ trials and a rate in [%.2f, %.2f]",
				c.ref, c.start.Format(time.DateOnly), c.end.Format(time.DateOnly), k, n, r, c.lo, c.hi)
		}
	}
}

// sqlFilter is the template filter `{{ x|sql }}` as runtime/pipeline
// defines it: values enter the template as markers, and the filter marks
// one to be spliced as a whole literal. It is spelled here so that the test
// does not depend on the pipeline package.
func sqlFilter(in *pongo2.Value, _ *pongo2.Value) (*pongo2.Value, *pongo2.Error) {
	s := in.String()
	if len(s) < 3 || s[0] != '\x1d' || s[1] != 'V' {
		return nil, &pongo2.Error{OrigError: fmt.Errorf("the sql filter applies to context variables only")}
	}
	return pongo2.AsSafeValue("\x1dL" + s[2:]), nil
}

// renderTemplate renders a query template the way the runtime does.
func renderTemplate(t *testing.T, tpl *pongo2.Template, d dialects.Dialect, values map[string]string) string {
	t.Helper()
	ctx := pongo2.Context{}
	var vals []string
	for k, v := range values {
		ctx[k] = dialects.Marker(len(vals), false)
		vals = append(vals, v)
	}
	out, err := tpl.Execute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out, err = dialects.SpliceValues(d, out, vals)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTemplateMatchesReference renders example 3's query template as the
// runtime does and checks that it counts what the edge-reference language
// counts, for several injected contexts.
func TestTemplateMatchesReference(t *testing.T) {
	dir, _ := sharedDemo(t, 200_000, DefaultSeed)
	p, err := config.LoadParam(filepath.Join(dir, "params", "signup-template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	pongo2.SetAutoescape(false)
	if !pongo2.FilterExists("sql") {
		if err := pongo2.RegisterFilter("sql", sqlFilter); err != nil {
			t.Fatal(err)
		}
	}
	tpl, err := pongo2.FromString(p.ObservationSource.QueryTemplate)
	if err != nil {
		t.Fatal(err)
	}
	d, err := dialects.Get("duckdb")
	if err != nil {
		t.Fatal(err)
	}
	db := openEvents(t, dir)
	start, end := End.AddDate(0, 0, -7), End
	for _, c := range []struct {
		vars map[string]string
		ref  string
	}{
		{p.ContextFilter, p.EdgeReference},
		{map[string]string{"channel": "email", "device": "desktop"}, "e.signup.context(channel='email',device='desktop')"},
		{map[string]string{"country": "DE"}, "e.signup.context(country='DE')"},
		{map[string]string{"channel": "o'brien"}, "e.signup.context(channel='o''brien')"},
		{nil, "e.signup"},
	} {
		query := renderTemplate(t, tpl, d, c.vars)
		// DuckDB binds $1 and $2; the runtime's binder does the same
		// for every :name.
		bound := strings.NewReplacer(":start_date", "$1", ":end_date", "$2").Replace(query)
		if strings.Contains(bound, ":") {
			t.Fatalf("the template binds another parameter:\n%s", query)
		}
		args := []any{start, end}
		var gotN, gotK int64
		if err := db.QueryRow(bound, args...).Scan(&gotN, &gotK); err != nil {
			t.Fatalf("%v\n%s", err, bound)
		}
		wantN, wantK := rate(t, db, c.ref, start, end)
		if gotN != wantN || gotK != wantK {
			t.Errorf("template with %v: %d/%d, %s: %d/%d", c.vars, gotK, gotN, c.ref, wantK, wantN)
		}
		if c.ref == p.EdgeReference && wantN < 100 {
			t.Errorf("%s: only %d trials in the last week", c.ref, wantN)
		}
	}
}

func TestCreateRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, EventsFile)
	if err := os.WriteFile(stale, []byte("not a database"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Create(context.Background(), dir, Options{Events: 1000})
	if !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("Create into a non-empty directory: %v, want ErrNotEmpty", err)
	}
	if b, _ := os.ReadFile(stale); string(b) != "not a database" {
		t.Error("a refused Create changed events.duckdb")
	}
	if _, err := os.Stat(filepath.Join(dir, config.ProjectFile)); err == nil {
		t.Error("a refused Create wrote paramsql.yaml")
	}

	sum, err := Create(context.Background(), dir, Options{Events: 1000, Force: true})
	if err != nil {
		t.Fatalf("Create with Force: %v", err)
	}
	if b, err := os.ReadFile(keep); err != nil || string(b) != "mine" {
		t.Errorf("Force lost a file the demo does not write: %v", err)
	}
	if n := queryInt(t, openEvents(t, dir), "SELECT count(*) FROM events"); n != int64(sum.Events) {
		t.Errorf("events.duckdb holds %d events after Force, want %d", n, sum.Events)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestCreateErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		name string
		ctx  context.Context
		dir  string
		opts Options
		want string
	}{
		{"negative events", context.Background(), t.TempDir(), Options{Events: -1}, "must be positive"},
		{"no directory", context.Background(), "", Options{}, "no directory"},
		{"a file", context.Background(), file, Options{Events: 100}, "not a directory"},
		{"cancelled", ctx, filepath.Join(t.TempDir(), "x"), Options{Events: 100_000}, "context canceled"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Create(c.ctx, c.dir, c.opts)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to say %q", err, c.want)
			}
		})
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 12: "12", 999: "999", 1000: "1,000", 1200000: "1,200,000", -45678: "-45,678"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{"demo": "demo", "/tmp/demo-check": "/tmp/demo-check", "my demo": "'my demo'", "it's": `'it'\''s'`} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %q, want %q", in, got, want)
		}
	}
}
