package conformance

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/events"
	"github.com/paramsql/paramsql/internal/oracle"
)

// lagGoldenRefs are the references of the lag-histogram golden folders
// (dialects.LagGoldenCases is in a _test file of another package), with
// hostile node and context values that the fixture events hold.
var lagGoldenRefs = []string{
	"e.signup.within(7d)",
	"e.signup.within(1h)",
	"e.checkout.visited(pricing).within(2d)",
	"e.from(pricing).to(pricing).context(channel='google').within(30m)",
	"e.from('it''s').to('a\\b').within(1d)",
	"e.signup.context(channel='x--y; DROP TABLE events; --',device='mobile').within(1d)",
	"e.signup.context(country='ünïcödé 😀 数据').within(1d)",
	"e.signup.context(channel='o''brien').within(1h)",
	"e.signup.context(channel='google').attribution(entry).within(1h)",
	"e.signup.contextAny(channel='facebook',channel='o''brien').attribution(entry).within(1d)",
	"e.checkout.context(channel='google',device='mobile').attribution(entry).within(2d)",
	"e.signup.context(channel='google').attribution(event).within(1h)",
	"e.signup.context(channel).attribution(entry).within(1d)",
	"e.checkout.context(country,device).attribution(entry).within(2d)",
}

// randomLagBatch draws n distinct random references whose lag histogram
// is defined: with within(), without attempt(any), excludeBetween or
// shard keys under attribution(event). RandomQuery draws both
// attributions.
func randomLagBatch(r *rand.Rand, n int, skip func(*compiler.Query) bool) []*compiler.Query {
	var qs []*compiler.Query
	seen := map[string]bool{}
	for len(qs) < n {
		q := oracle.RandomQuery(r)
		if q.Within == nil || q.Within.Seconds() == 0 || q.Attempt == compiler.AttemptAny || len(q.ExcludeBetween) > 0 || len(q.ShardKeys()) > 0 && !q.AttributesToEntry() {
			continue
		}
		q.By = compiler.PeriodNone
		if seen[q.String()] || (skip != nil && skip(q)) {
			continue
		}
		seen[q.String()] = true
		qs = append(qs, q)
	}
	return qs
}

// lagRows reads (ref, age_upto, lag_upto, units) rows into cells per
// reference; a NULL edge is a zero in the cell.
func lagRows(h *compiler.LagHistogram, cols []string, raw [][]any) (map[string]map[oracle.LagCell]int64, error) {
	if len(cols) != 4 || cols[0] != "ref" || cols[1] != "age_upto" || cols[2] != "lag_upto" || cols[3] != "units" {
		return nil, fmt.Errorf("columns %v, want ref, age_upto, lag_upto, units", cols)
	}
	out := map[string]map[oracle.LagCell]int64{}
	for _, lr := range h.Refs {
		out[lr.Ref] = map[oracle.LagCell]int64{}
	}
	edge := func(v any) (time.Duration, bool) {
		if v == nil {
			return 0, true
		}
		n, ok := v.(int64)
		return time.Duration(n) * time.Second, ok
	}
	for _, row := range raw {
		ref, ok1 := row[0].(string)
		age, ok2 := edge(row[1])
		lag, ok3 := edge(row[2])
		n, ok4 := row[3].(int64)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, fmt.Errorf("row %v holds %T, %T, %T, %T", row, row[0], row[1], row[2], row[3])
		}
		cells, ok := out[ref]
		if !ok {
			return nil, fmt.Errorf("row %v: no such reference", row)
		}
		cells[oracle.LagCell{AgeUpTo: age, LagUpTo: lag}] = n
	}
	return out, nil
}

// oracleLags is the evaluator's histogram of every reference of h.
func oracleLags(h *compiler.LagHistogram, qs []*compiler.Query, evs []events.Event, schema compiler.Schema, unit compiler.Unit, w oracle.Window) map[string]map[oracle.LagCell]int64 {
	out := map[string]map[oracle.LagCell]int64{}
	for i, q := range qs {
		var edges []time.Duration
		for _, b := range h.Refs[i].Buckets {
			edges = append(edges, time.Duration(b.UpTo)*time.Second)
		}
		out[q.String()] = oracle.LagHistogram(evs, q, schema, nil, unit, w, edges)
	}
	return out
}

// lagCase is one lag-histogram statement to check: references over a
// table of events, with a unit and a window.
type lagCase struct {
	name   string
	table  string
	evs    []events.Event
	qs     []*compiler.Query
	unit   compiler.Unit
	window oracle.Window
}

// lagCases are the golden references over the fixture events, then
// rounds of random batches over random logs.
func lagCases(t *testing.T, seed uint64, rounds int, skip func(*compiler.Query) bool) []lagCase {
	t.Helper()
	var golden []*compiler.Query
	for _, src := range lagGoldenRefs {
		q, err := compiler.ParseQuery(src)
		if err != nil {
			t.Fatal(err)
		}
		if skip == nil || !skip(q) {
			golden = append(golden, q)
		}
	}
	// The fixture window observes 36h past its end; a window that ends
	// among the events, observed until its end, makes many trials
	// immature.
	early := FixtureWindow()
	early.End, early.Until = oracle.BaseTime.Add(36*time.Hour), time.Time{}
	cases := []lagCase{
		{name: "golden references", table: "events", evs: Events(), qs: golden, unit: compiler.UnitSession, window: FixtureWindow()},
		{name: "golden references, cut off at an end among the events", table: "events_early", evs: Events(), qs: golden, unit: compiler.UnitUser, window: early},
	}
	r := rand.New(rand.NewPCG(seed, 0x1a6))
	for round := 0; round < rounds; round++ {
		cases = append(cases, lagCase{
			name:   fmt.Sprintf("random round %d", round),
			table:  fmt.Sprintf("lag_events_%d", round),
			evs:    oracle.RandomEvents(r, 500+r.IntN(2000)),
			qs:     randomLagBatch(r, 8, skip),
			unit:   randomUnit(r),
			window: oracle.RandomWindow(r),
		})
	}
	return cases
}

// lagTotals are the trials in a histogram's cells: mature conversions and
// immature trials.
type lagTotals struct{ mature, immature int64 }

func (a *lagTotals) add(b lagTotals) { a.mature, a.immature = a.mature+b.mature, a.immature+b.immature }

// check fails the test unless both kinds of cell were checked.
func (a lagTotals) check(t *testing.T) {
	t.Helper()
	if a.mature == 0 || a.immature == 0 {
		t.Errorf("%d mature conversions and %d immature trials in the histograms: the cases check too little", a.mature, a.immature)
	}
	t.Logf("%d mature conversions and %d immature trials in the histograms", a.mature, a.immature)
}

// checkLagCase compares the engine's histograms (cols and raw rows) with
// the evaluator's and returns the trials in their cells.
func checkLagCase(t *testing.T, c lagCase, h *compiler.LagHistogram, sql string, cols []string, raw [][]any) lagTotals {
	t.Helper()
	got, err := lagRows(h, cols, raw)
	if err != nil {
		t.Fatalf("%s: %v\n%s", c.name, err, sql)
	}
	schema := compiler.DefaultSchema()
	schema.Table = c.table
	want := oracleLags(h, c.qs, c.evs, schema, c.unit, c.window)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("%s, unit %s (-oracle +engine):\n%s\n%s", c.name, c.unit, diff, sql)
	}
	var total lagTotals
	for _, cells := range want {
		for cell, n := range cells {
			if cell.AgeUpTo == 0 {
				total.mature += n
			} else {
				total.immature += n
			}
		}
	}
	return total
}

func compileLagCase(t *testing.T, c lagCase, d dialects.Dialect) (dialects.Statement, *compiler.LagHistogram) {
	t.Helper()
	schema := compiler.DefaultSchema()
	schema.Table = c.table
	st, h, err := dialects.CompileLagHistograms(c.qs, d, compiler.Options{Schema: schema, Unit: c.unit})
	if err != nil {
		t.Fatal(err)
	}
	return st, h
}

// TestLagHistogramOnEngines runs each batch of lag histograms as one
// statement on every engine but Redshift (see onEngines) and checks every
// reference's histogram against the evaluator's.
func TestLagHistogramOnEngines(t *testing.T) {
	onEngines(t, "lag", checkLagHistograms)
}

// TestLagHistogramOnZetaSQL is TestLagHistogramOnEngines for BigQuery's
// SQL on the ZetaSQL evaluator.
func TestLagHistogramOnZetaSQL(t *testing.T) {
	t.Parallel()
	onZetaSQL(t, checkLagHistograms)
}

// checkLagHistograms runs the random lag cases' statements in d with
// query and checks them against the evaluator's.
func checkLagHistograms(t *testing.T, d dialects.Dialect, rounds int, query engineQuery) {
	var total lagTotals
	for _, c := range lagCases(t, 61, rounds, nil) {
		st, h := compileLagCase(t, c, d)
		cols, raw := query(c.name, c.table, c.evs, st, c.window)
		total.add(checkLagCase(t, c, h, st.SQL, cols, raw))
	}
	total.check(t)
}
