package pipeline_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/bqfake"
	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/connect"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

// bqStatement is a statement the BigQuery fake expects, with the DuckDB
// statement that computes its answer over the same events.
type bqStatement struct {
	duckSQL string
	params  []string // the DuckDB statement's parameters, by name
}

// bqWarehouse answers the fake's queries by running the equivalent DuckDB
// statement over the project's events, with the window and other values
// the BigQuery client sent. A query it does not expect fails.
type bqWarehouse struct {
	t      *testing.T
	p      *project
	expect map[string]bqStatement // by BigQuery SQL
}

func (w *bqWarehouse) answer(q bqfake.Query) (*bqfake.Answer, error) {
	st, ok := w.expect[q.SQL]
	if !ok {
		w.t.Errorf("the fake received SQL it does not expect:\n%s", q.SQL)
		return nil, fmt.Errorf("unexpected SQL")
	}
	if q.UseLegacySQL {
		w.t.Errorf("a query was sent as legacy SQL")
	}
	values := map[string]any{}
	for _, p := range q.Params {
		switch p.Type {
		case "TIMESTAMP":
			tm, err := p.Time()
			if err != nil {
				return nil, err
			}
			values[p.Name] = tm
		case "STRING":
			values[p.Name] = p.Value
		default:
			w.t.Errorf("parameter %s has type %s", p.Name, p.Type)
		}
	}
	args := make([]any, len(st.params))
	for i, n := range st.params {
		v, ok := values[n]
		if !ok {
			w.t.Errorf("the client sent no @%s (sent %+v)", n, q.Params)
			return nil, fmt.Errorf("missing @%s", n)
		}
		args[i] = v
	}
	distinct := map[string]bool{}
	for _, n := range st.params {
		distinct[n] = true
	}
	if len(values) != len(distinct) {
		w.t.Errorf("the client sent parameters %+v, want exactly %v", q.Params, st.params)
	}
	if q.DryRun {
		return &bqfake.Answer{BytesProcessed: 4096}, nil
	}
	rows, err := w.p.eventsDB.Query(st.duckSQL, args...)
	if err != nil {
		return nil, err
	}
	res, err := connect.ReadRows(rows)
	if err != nil {
		return nil, err
	}
	ans := &bqfake.Answer{Rows: res.Rows}
	for i, c := range res.Columns {
		typ := "STRING"
	rows:
		for _, r := range res.Rows {
			switch r[i].(type) {
			case int64:
				typ = "INTEGER"
			case time.Time:
				typ = "DATE" // the only time a batch returns is its period
			case nil:
				continue
			}
			break rows
		}
		ans.Columns = append(ans.Columns, bqfake.Column{Name: c, Type: typ})
	}
	return ans, nil
}

// expectBatch registers the batch statement of refs, in the order the
// runner plans them, and each reference's statement on its own.
func (w *bqWarehouse) expectBatch(proj *config.Project, refs []string) {
	w.t.Helper()
	var qs []*compiler.Query
	for _, r := range refs {
		q, err := compiler.ParseQuery(r)
		if err != nil {
			w.t.Fatal(err)
		}
		qs = append(qs, q)
	}
	opts := compiler.Options{Schema: proj.Schema, Graph: proj.Graph}
	render := func(qs []*compiler.Query) {
		b, err := compiler.CompileBatch(qs, opts)
		if err != nil {
			w.t.Fatal(err)
		}
		big, err := dialects.RenderBatch(b, mustDialect(w.t, "bigquery"))
		if err != nil {
			w.t.Fatal(err)
		}
		duck, err := dialects.RenderBatch(b, mustDialect(w.t, "duckdb"))
		if err != nil {
			w.t.Fatal(err)
		}
		w.expect[big.SQL] = bqStatement{duckSQL: duck.SQL, params: duck.Params}
	}
	render(qs)
	for _, q := range qs {
		render([]*compiler.Query{q})
	}
}

// expectRaw registers a raw query with :name parameters.
func (w *bqWarehouse) expectRaw(query string) {
	w.t.Helper()
	big, _, err := dialects.BindNamed(mustDialect(w.t, "bigquery"), query)
	if err != nil {
		w.t.Fatal(err)
	}
	duck, names, err := dialects.BindNamed(mustDialect(w.t, "duckdb"), query)
	if err != nil {
		w.t.Fatal(err)
	}
	w.expect[big] = bqStatement{duckSQL: duck, params: names}
}

func mustDialect(t *testing.T, name string) dialects.Dialect {
	t.Helper()
	d, err := dialects.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestUpdateOnBigQuery runs paramsql update against the BigQuery fake:
// compiled references in one batch job, and a raw query binding a hostile
// string, with the posteriors stored in a local DuckDB. The fake checks
// the SQL and parameters the client sent, and answers with what the
// equivalent DuckDB statement counts; the counts must be the reference
// evaluator's.
func TestUpdateOnBigQuery(t *testing.T) {
	evs := rawEvents()
	p := duckProject(t, evs)
	w := &bqWarehouse{t: t, p: p, expect: map[string]bqStatement{}}
	fake := bqfake.New("my-proj", w.answer)
	defer fake.Close()
	fake.Datasets = []string{"analytics"}
	fake.PageSize = 3
	fake.Polls = 1

	refs := map[string]string{
		"signup-google":   "e.signup.context(channel='google')",
		"signup-obrien":   "e.signup.context(channel='o''brien')",
		"checkout-within": "e.checkout.within(1h)",
		"signup-by-day":   "e.signup.by(day)",
	}
	raw := signupSQL("AND channel = :channel", "trials", "successes")
	var texts []string
	for _, id := range keys(refs) {
		texts = append(texts, fmt.Sprintf("id: %s\nedge_reference: %q\nbayesian_update: { prior: { alpha: 2, beta: 3 } }\n", id, refs[id]))
	}
	texts = append(texts, "id: raw-injection\ncontext_filter: { channel: \""+injection+"\" }\nobservation_source:\n  query: |\n"+
		indent(raw, 4)+"\nbayesian_update: { prior: { alpha: 2, beta: 3 } }\n")
	p.write(t, fmt.Sprintf(`connections:
  warehouse: { driver: bigquery, dsn: "bigquery://my-proj/analytics?location=US&maximum_bytes_billed=1000000000&labels=tool:paramsql&endpoint=%s" }
  posteriors: { driver: duckdb, dsn: posteriors.duckdb }
schema:
  table: events
  unit: session
  connection: warehouse
posterior_store: { connection: posteriors, table: parameter_posteriors }
window: { start: "-7d", end: "now" }
`, fake.Endpoint()), texts...)
	proj, params := p.load(t)
	var batch []string
	for _, prm := range params {
		if ref, ok := refs[prm.ID]; ok {
			batch = append(batch, ref)
		}
		if prm.ID == "raw-injection" {
			w.expectRaw(prm.ObservationSource.Query) // as loaded from YAML
		}
	}
	w.expectBatch(proj, batch)

	res := run(t, pipeline.Runner{}, proj, params, asOf)
	week := asOf.Add(-7 * 24 * time.Hour)
	refs["raw-injection"] = "e.signup.context(channel='x'' OR 1=1 --')"
	for _, id := range keys(refs) {
		got := must(t, res, id)
		want := oracleCount(t, evs, proj, refs[id], week, asOf)
		t.Logf("%s: %d/%d (oracle %d/%d)", id, got.Successes, got.Trials, want.Successes, want.Trials)
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
		if h := history(t, proj, id); len(h) == 0 {
			t.Errorf("%s: no posterior stored", id)
		}
	}
	if got := must(t, res, "raw-injection"); got.Trials != 1 {
		t.Errorf("the bound injection string matched %d sessions, want the one that holds it", got.Trials)
	}

	// What the client sent: one dry run and one job per statement (the
	// batch and the raw query), each with the connection's settings and
	// the window as TIMESTAMP parameters.
	var kinds []string
	for _, q := range fake.Queries() {
		kind := "query"
		if q.DryRun {
			kind = "dry run"
		}
		kinds = append(kinds, kind)
		if q.Location != "US" || q.MaxBytesBilled != 1000000000 || q.DefaultDataset != "my-proj.analytics" || !cmp.Equal(q.Labels, map[string]string{"tool": "paramsql"}) {
			t.Errorf("job settings %+v", q)
		}
		var window []string
		for _, p := range q.Params {
			if p.Type == "TIMESTAMP" {
				window = append(window, p.Name+"="+p.Value)
			}
		}
		sort.Strings(window)
		wantWindow := []string{"window_end=2025-02-03 00:00:00+00:00", "window_start=2025-01-27 00:00:00+00:00"}
		if strings.Contains(q.SQL, "@observe_until") {
			// A within() reference's cut-off: the window's end by default.
			wantWindow = append([]string{"observe_until=2025-02-03 00:00:00+00:00"}, wantWindow...)
		}
		if strings.Contains(q.SQL, "@end_date") {
			wantWindow = []string{"end_date=2025-02-03 00:00:00+00:00", "start_date=2025-01-27 00:00:00+00:00"}
		}
		if diff := cmp.Diff(wantWindow, window); diff != "" {
			t.Errorf("window parameters (-want +got):\n%s", diff)
		}
	}
	sort.Strings(kinds)
	if diff := cmp.Diff([]string{"dry run", "dry run", "query", "query"}, kinds); diff != "" {
		t.Errorf("jobs sent (-want +got):\n%s", diff)
	}
	if len(fake.Pages()) < 2 {
		t.Errorf("pages read %v: the batch result should span several pages", fake.Pages())
	}
}
