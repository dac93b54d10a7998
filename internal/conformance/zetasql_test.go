package conformance

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/golden"
	"github.com/paramsql/paramsql/internal/oracle"
	"github.com/paramsql/paramsql/internal/zetasql"
)

// The ZetaSQL tests run in parallel with the other engines' tests: the
// evaluator works in its own process while they wait on their servers.
// Calls to the shared client are serialised.

func TestMain(m *testing.M) {
	code := m.Run()
	zetasql.CloseShared()
	os.Exit(code)
}

const goldenDir = "../../testdata/golden"

// windowParams are the parameters every compiled statement may bind.
var windowParams = map[string]zetasql.Kind{"window_start": zetasql.Timestamp, "window_end": zetasql.Timestamp, "observe_until": zetasql.Timestamp}

// TestBigQueryGoldensAnalyze resolves every BigQuery golden file, batch
// goldens included, against the events table: names and types, not only
// syntax. Each statement must be a query ending in INT64 trials and
// successes, followed by INT64 immature when it has the column.
func TestBigQueryGoldensAnalyze(t *testing.T) {
	t.Parallel()
	c := zetasql.Shared(t)
	files, err := filepath.Glob(filepath.Join(goldenDir, "*", BigQuery+".sql"))
	if err != nil {
		t.Fatal(err)
	}
	refs := map[string]int{}
	for _, cs := range golden.LoadCases(t, goldenDir) {
		refs[cs.Name] = len(cs.Refs)
	}
	tables := []zetasql.Table{zetasql.EventsTable("events", nil)}
	statements := 0
	for _, f := range files {
		name := filepath.Base(filepath.Dir(f))
		t.Run(name, func(t *testing.T) {
			text, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.AnalyzeAll(string(text), tables, windowParams)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			want, ok := refs[name]
			if !ok {
				want = 1 // a batch golden: one statement
			}
			if len(got) != want {
				t.Errorf("%s: %d statements, want %d", f, len(got), want)
			}
			if strings.HasPrefix(name, "lag_histogram") {
				// A lag histogram: (ref, age_upto, lag_upto, units).
				want := []zetasql.Column{{Name: "ref", Kind: zetasql.String}, {Name: "age_upto", Kind: zetasql.Int64}, {Name: "lag_upto", Kind: zetasql.Int64}, {Name: "units", Kind: zetasql.Int64}}
				for i, cols := range got {
					if !cmp.Equal(want, cols) {
						t.Errorf("%s statement %d: columns %v, want %v", f, i+1, cols, want)
					}
				}
				statements += len(got)
				return
			}
			if strings.HasPrefix(name, "sibling_split") {
				// A sibling split: (trials, [immature under within()],
				// taken_1, …, taken_N).
				for i, cols := range got {
					want := []zetasql.Column{{Name: "trials", Kind: zetasql.Int64}}
					if len(cols) > 1 && cols[1].Name == "immature" {
						want = append(want, zetasql.Column{Name: "immature", Kind: zetasql.Int64})
					}
					members := len(cols) - len(want)
					for j := 1; j <= members; j++ {
						want = append(want, zetasql.Column{Name: fmt.Sprintf("taken_%d", j), Kind: zetasql.Int64})
					}
					if members < 2 || !cmp.Equal(want, cols) {
						t.Errorf("%s statement %d: columns %v, want %v", f, i+1, cols, want)
					}
				}
				statements += len(got)
				return
			}
			for i, cols := range got {
				n := len(cols)
				if n > 0 && cols[n-1].Name == "immature" {
					if cols[n-1].Kind != zetasql.Int64 {
						t.Errorf("%s statement %d: immature is %v, want INT64", f, i+1, cols[n-1].Kind)
					}
					n--
				}
				want := []zetasql.Column{{Name: "trials", Kind: zetasql.Int64}, {Name: "successes", Kind: zetasql.Int64}}
				if n < 2 || !cmp.Equal(want, cols[n-2:n]) {
					t.Errorf("%s statement %d: columns %v, want them to end in INT64 trials and successes", f, i+1, cols)
				}
			}
			statements += len(got)
		})
	}
	if len(files) < 25 {
		t.Errorf("only %d BigQuery golden files", len(files))
	}
	t.Logf("analyzed %d statements in %d BigQuery golden files", statements, len(files))
}

// TestGoldenCasesOnZetaSQL is TestGoldenCasesOnEngines for BigQuery:
// every golden reference, compiled as its golden file holds it, runs on
// the ZetaSQL evaluator over the fixture events, hostile values included,
// and must give the reference evaluator's rows.
func TestGoldenCasesOnZetaSQL(t *testing.T) {
	t.Parallel()
	c := zetasql.Shared(t)
	cases := golden.LoadCases(t, goldenDir)
	evs := Events()
	tables := []zetasql.Table{zetasql.EventsTable("events", evs)}
	w := FixtureWindow()
	ran, nonZero := 0, 0
	for _, cs := range cases {
		for i, ref := range cs.Refs {
			q, err := compiler.ParseQuery(ref)
			if err != nil {
				t.Fatal(err)
			}
			opts := cs.Opts
			opts.Window = compiler.Window{} // bound, so the fixture window applies
			unit := opts.Unit
			if unit == "" {
				unit = compiler.UnitSession
			}
			want := oracle.Count(evs, q, opts.Schema, cs.Graph, unit, w)
			got, sql := RunZetaSQL(t, c, tables, q, opts, w)
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s ref %d %s (-oracle +zetasql):\n%s\n%s", cs.Name, i, q, diff, sql)
			}
			ran++
			for _, r := range want {
				if r.Trials > 0 {
					nonZero++
					break
				}
			}
		}
	}
	t.Logf("ran %d golden references over %d events; %d count some trials", ran, len(evs), nonZero)
}

// TestBatchGoldensOnZetaSQL runs the batch golden files' text as it is
// and checks each reference the file's header lists against the
// evaluator.
func TestBatchGoldensOnZetaSQL(t *testing.T) {
	t.Parallel()
	c := zetasql.Shared(t)
	evs := Events()
	tables := []zetasql.Table{zetasql.EventsTable("events", evs)}
	w := FixtureWindow()
	for _, folder := range []string{"batch", "batch_shared"} {
		t.Run(folder, func(t *testing.T) {
			text, err := os.ReadFile(filepath.Join(goldenDir, folder, BigQuery+".sql"))
			if err != nil {
				t.Fatal(err)
			}
			qs := batchHeaderRefs(t, string(text))
			if len(qs) < 2 {
				t.Fatalf("the batch golden lists %d references", len(qs))
			}
			params := map[string]any{}
			for _, name := range []string{"window_start", "window_end", "observe_until"} {
				params[name] = WindowValues(w)[name]
			}
			sql := strings.TrimSuffix(strings.TrimSpace(string(text)), ";")
			cols, rows, err := EvaluateColumns(c, sql, tables, params)
			if err != nil {
				t.Fatalf("%v\n%s", err, sql)
			}
			got, err := splitBatchRows(cols, rows, qs)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range qs {
				want := oracle.Count(evs, q, compiler.DefaultSchema(), nil, compiler.UnitSession, w)
				if diff := cmp.Diff(want, got[q.String()], cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("%s (-oracle +zetasql):\n%s", q, diff)
				}
			}
		})
	}
}

// batchHeaderRefs parses the references a batch golden lists in its
// leading comment, one per line after the "-- batch of" line.
func batchHeaderRefs(t *testing.T, text string) []*compiler.Query {
	t.Helper()
	var qs []*compiler.Query
	for _, line := range strings.Split(text, "\n")[1:] {
		ref, ok := strings.CutPrefix(line, "-- ")
		if !ok {
			break
		}
		q, err := compiler.ParseQuery(ref)
		if err != nil {
			t.Fatalf("batch header %q: %v", line, err)
		}
		qs = append(qs, q)
	}
	return qs
}

// TestRandomReferencesOnZetaSQL is TestRandomReferencesOnEngines for
// BigQuery's SQL on the ZetaSQL evaluator.
func TestRandomReferencesOnZetaSQL(t *testing.T) {
	t.Parallel()
	c := zetasql.Shared(t)
	const logs, refsPerLog = 3, 25
	r := rand.New(rand.NewPCG(7, uint64(len(BigQuery))))
	for l := 0; l < logs; l++ {
		evs := oracle.RandomEvents(r, 200+r.IntN(2500))
		table := fmt.Sprintf("events_%d", l)
		tables := []zetasql.Table{zetasql.EventsTable(table, evs)}
		schema := compiler.DefaultSchema()
		schema.Table = table
		for i := 0; i < refsPerLog; i++ {
			q := oracle.RandomQuery(r)
			w := oracle.RandomWindow(r)
			unit := randomUnit(r)
			opts := compiler.Options{Schema: schema, Unit: unit}
			want := oracle.Count(evs, q, schema, nil, unit, w)
			got, sql := RunZetaSQL(t, c, tables, q, opts, w)
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("log %d (%d events), %s, unit %s, window %s..%s (-oracle +zetasql):\n%s\n%s",
					l, len(evs), q, unit, w.Start, w.End, diff, sql)
			}
		}
	}
}

// TestBatchOnZetaSQL is TestBatchOnEngines for BigQuery's SQL on the
// ZetaSQL evaluator: random batches, one statement each.
func TestBatchOnZetaSQL(t *testing.T) {
	t.Parallel()
	c := zetasql.Shared(t)
	d, err := dialects.Get(BigQuery)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(51, uint64(len(BigQuery))))
	for round := 0; round < 3; round++ {
		evs := oracle.RandomEvents(r, 500+r.IntN(2000))
		table := fmt.Sprintf("batch_events_%d", round)
		tables := []zetasql.Table{zetasql.EventsTable(table, evs)}
		schema := compiler.DefaultSchema()
		schema.Table = table
		unit := compiler.UnitSession
		if round%2 == 1 {
			unit = compiler.UnitUser
		}
		qs := randomBatch(r, round, 30, nil)
		w := oracle.RandomWindow(r)
		b, err := compiler.CompileBatch(qs, compiler.Options{Schema: schema, Unit: unit})
		if err != nil {
			t.Fatal(err)
		}
		st, err := dialects.RenderBatch(b, d)
		if err != nil {
			t.Fatal(err)
		}
		params, err := Params(st, w)
		if err != nil {
			t.Fatal(err)
		}
		cols, rows, err := EvaluateColumns(c, st.SQL, tables, params)
		if err != nil {
			t.Fatalf("%v\n%s", err, st.SQL)
		}
		got, err := splitBatchRows(cols, rows, qs)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			want := oracle.Count(evs, q, schema, nil, unit, w)
			if diff := cmp.Diff(want, got[q.String()], cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("round %d, %s in a batch of %d (-oracle +zetasql):\n%s", round, q, len(qs), diff)
			}
		}
	}
}
