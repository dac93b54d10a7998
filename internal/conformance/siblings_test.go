package conformance

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/events"
	"github.com/paramsql/paramsql/internal/golden"
	"github.com/paramsql/paramsql/internal/oracle"
)

// siblingGoldenGroups are sibling groups over the fixture events: the
// hostile node and context values the fixtures hold, a group with a
// repeated step, and one group with a context filter under each
// attribution, written out so that they hold whatever the default is.
var siblingGoldenGroups = [][]string{
	{"e.from(homepage).to(signup)", "e.from(homepage).to(pricing)", "e.from(homepage).to(homepage)"},
	{"e.from('it''s').to('a\\b''').within(1d)", "e.from('it''s').to('x--y; DROP TABLE events; --').within(1d)", "e.from('it''s').to('ünïcödé 😀 数据').within(1d)", "e.from('it''s').to('line1\nline2 -- not a comment').within(1d)"},
	{"e.from(homepage).to(signup).context(channel='o''brien').within(2h)", "e.from(homepage).to(pricing).context(channel='o''brien').within(2h)"},
	{"e.from(homepage).to(pricing).context(channel='google').within(1d).attribution(entry)", "e.from(homepage).to(docs).context(channel='google').within(1d).attribution(entry)", "e.from(homepage).to(homepage).context(channel='google').within(1d).attribution(entry)"},
	{"e.from(homepage).to(pricing).context(channel='google').within(1d).attribution(event)", "e.from(homepage).to(docs).context(channel='google').within(1d).attribution(event)", "e.from(homepage).to(homepage).context(channel='google').within(1d).attribution(event)"},
	{"e.from(homepage).to(demo).contextAny(device='mobile',device='a\\b').attribution(entry)", "e.from(homepage).to(signup).contextAny(device='mobile',device='a\\b').attribution(entry)"},
}

// siblingCase is one sibling-split statement to check.
type siblingCase struct {
	name   string
	table  string
	evs    []events.Event
	qs     []*compiler.Query
	unit   compiler.Unit
	window oracle.Window
}

// randomSiblings draws a random sibling group: the trials of a random
// reference the split defines, from one node to two to four others (the
// from-node itself among them at times, a repeated step).
func randomSiblings(r *rand.Rand) []*compiler.Query {
	var base *compiler.Query
	for base == nil {
		q := oracle.RandomQuery(r)
		if q.Attempt == compiler.AttemptAny || len(q.ExcludeBetween) > 0 || len(q.ShardKeys()) > 0 {
			continue
		}
		q.By, q.Stat = compiler.PeriodNone, compiler.StatNone
		base = q
	}
	nodes := oracle.NodeSlugs
	from := nodes[r.IntN(len(nodes))]
	var qs []*compiler.Query
	for _, i := range r.Perm(len(nodes))[:2+r.IntN(3)] {
		q := *base
		q.Edge = compiler.Edge{From: from, To: nodes[i]}
		qs = append(qs, &q)
	}
	return qs
}

func siblingCases(t *testing.T, seed uint64, rounds int) []siblingCase {
	t.Helper()
	var cases []siblingCase
	for i, refs := range siblingGoldenGroups {
		qs := golden.ParseRefs(t, refs)
		cases = append(cases, siblingCase{name: fmt.Sprintf("golden group %d", i), table: "events", evs: Events(), qs: qs, unit: compiler.UnitSession, window: FixtureWindow()})
	}
	r := rand.New(rand.NewPCG(seed, 0x5b1))
	for round := 0; round < rounds; round++ {
		evs := oracle.RandomEvents(r, 500+r.IntN(2000))
		table := fmt.Sprintf("sibling_events_%d", round)
		unit, window := randomUnit(r), oracle.RandomWindow(r)
		for g := 0; g < 4; g++ {
			cases = append(cases, siblingCase{name: fmt.Sprintf("random round %d group %d", round, g), table: table, evs: evs, qs: randomSiblings(r), unit: unit, window: window})
		}
	}
	return cases
}

func compileSiblingCase(t *testing.T, c siblingCase, d dialects.Dialect) dialects.Statement {
	t.Helper()
	schema := compiler.DefaultSchema()
	schema.Table = c.table
	st, _, err := dialects.CompileSiblingSplit(c.qs, d, compiler.Options{Schema: schema, Unit: c.unit})
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	return st
}

// checkSiblingCase compares the engine's one row (cols, raw) with the
// evaluator's split and returns the trials members took.
func checkSiblingCase(t *testing.T, c siblingCase, sql string, cols []string, raw [][]any) int64 {
	t.Helper()
	if len(raw) != 1 || len(cols) != len(raw[0]) {
		t.Fatalf("%s: %d rows of columns %v, want one row\n%s", c.name, len(raw), cols, sql)
	}
	got := oracle.SiblingCounts{Taken: make([]int64, len(c.qs))}
	for i, col := range cols {
		n, ok := raw[0][i].(int64)
		if !ok {
			t.Fatalf("%s: column %s holds %T", c.name, col, raw[0][i])
		}
		switch col {
		case "trials":
			got.Trials = n
		case "immature":
			got.Immature = n
		default:
			var m int
			if _, err := fmt.Sscanf(col, "taken_%d", &m); err != nil || m < 1 || m > len(c.qs) {
				t.Fatalf("%s: unexpected column %s", c.name, col)
			}
			got.Taken[m-1] = n
		}
	}
	schema := compiler.DefaultSchema()
	schema.Table = c.table
	want := oracle.SiblingSplit(c.evs, c.qs, schema, nil, c.unit, c.window)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("%s, unit %s, %v (-oracle +engine):\n%s\n%s", c.name, c.unit, c.qs, diff, sql)
	}
	var taken int64
	for _, n := range want.Taken {
		taken += n
	}
	if strings.HasPrefix(c.name, "golden") && taken == 0 {
		t.Errorf("%s: no member takes a trial, so the group checks nothing", c.name)
	}
	return taken
}

// TestSiblingSplitOnEngines runs each sibling group's split as one
// statement on every engine but Redshift (see onEngines) and checks it
// against the evaluator's.
func TestSiblingSplitOnEngines(t *testing.T) {
	onEngines(t, "split", checkSiblingSplits)
}

// TestSiblingSplitOnZetaSQL is TestSiblingSplitOnEngines for BigQuery's
// SQL on the ZetaSQL evaluator.
func TestSiblingSplitOnZetaSQL(t *testing.T) {
	t.Parallel()
	onZetaSQL(t, checkSiblingSplits)
}

// checkSiblingSplits runs the sibling cases' splits in d with query and
// checks them against the evaluator's.
func checkSiblingSplits(t *testing.T, d dialects.Dialect, rounds int, query engineQuery) {
	var taken int64
	for _, c := range siblingCases(t, 71, rounds) {
		st := compileSiblingCase(t, c, d)
		cols, raw := query(c.name, c.table, c.evs, st, c.window)
		taken += checkSiblingCase(t, c, st.SQL, cols, raw)
	}
	if taken == 0 {
		t.Error("no member took a trial: the cases check nothing")
	}
	t.Logf("%d trials taken by members", taken)
}
