package conformance

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/oracle"
	"github.com/paramsql/paramsql/internal/testdb"
)

// TestBatchOnEngines runs random batches as one statement per batch and
// checks every reference's rows against the evaluator, on every engine.
func TestBatchOnEngines(t *testing.T) {
	for _, tg := range Targets {
		t.Run(tg.Dialect, func(t *testing.T) {
			db := testdb.Open(t, tg.Engine)
			d, err := dialects.Get(tg.Dialect)
			if err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewPCG(51, uint64(len(tg.Dialect))))
			rounds := 3
			if tg.Engine == testdb.DuckDB {
				rounds = 9
			}
			for round := 0; round < rounds; round++ {
				evs := oracle.RandomEvents(r, 500+r.IntN(2000))
				table := fmt.Sprintf("batch_events_%d", round)
				testdb.LoadEvents(t, db, tg.Engine, table, evs)
				schema := compiler.DefaultSchema()
				schema.Table = table
				unit := compiler.UnitSession
				if round%2 == 1 {
					unit = compiler.UnitUser
				}
				var skip func(*compiler.Query) bool
				if tg.Dialect == "redshift" {
					skip = func(q *compiler.Query) bool { return redshiftGap(q) != "" }
				}
				qs := randomBatch(r, round, 30, skip)
				w := oracle.RandomWindow(r)
				opts := compiler.Options{Schema: schema, Unit: unit}
				got := runBatch(t, db, d, qs, opts, w)
				for _, q := range qs {
					want := oracle.Count(evs, q, schema, nil, unit, w)
					if diff := cmp.Diff(want, got[q.String()], cmpopts.EquateEmpty()); diff != "" {
						t.Fatalf("round %d, %s in a batch of %d (-oracle +%s):\n%s", round, q, len(qs), tg.Dialect, diff)
					}
				}
			}
		})
	}
}

// runBatch compiles qs as one batch with opts, renders it for d, runs it
// on db over window w and returns each reference's rows in the oracle's
// shape; a step that fails ends the test, with the SQL where it ran.
func runBatch(t testing.TB, db *sql.DB, d dialects.Dialect, qs []*compiler.Query, opts compiler.Options, w oracle.Window) map[string][]oracle.Row {
	t.Helper()
	b, err := compiler.CompileBatch(qs, opts)
	if err != nil {
		t.Fatal(err)
	}
	st, err := dialects.RenderBatch(b, d)
	if err != nil {
		t.Fatal(err)
	}
	args, err := st.Bind(WindowValues(w))
	if err != nil {
		t.Fatal(err)
	}
	got, err := batchRows(db, st.SQL, args, qs)
	if err != nil {
		t.Fatalf("%v\n%s", err, st.SQL)
	}
	return got
}

// batchRows runs a batch statement and splits its rows by reference.
func batchRows(db *sql.DB, query string, args []any, qs []*compiler.Query) (map[string][]oracle.Row, error) {
	cols, raw, err := QueryColumns(db, query, args...)
	if err != nil {
		return nil, err
	}
	return splitBatchRows(cols, raw, qs)
}

// splitBatchRows is batchRows on rows already read: columns ref, shard
// and period columns, trials, successes, and immature when the batch has
// a reference with within(). A reference's shard values are those of
// the columns of its own shard keys, in its order; NULL is a value there
// (attribution(entry) with no value on the anchor).
func splitBatchRows(cols []string, raw [][]any, qs []*compiler.Query) (map[string][]oracle.Row, error) {
	shardKeys := map[string][]string{}
	for _, q := range qs {
		shardKeys[q.String()] = q.ShardKeys()
	}
	index := map[string]int{}
	for i, c := range cols {
		index[strings.ToLower(c)] = i
	}
	out := map[string][]oracle.Row{}
	n := len(cols)
	withImmature := strings.EqualFold(cols[n-1], "immature")
	if withImmature {
		n--
	}
	for _, r := range raw {
		var row oracle.Row
		ref, _ := r[0].(string)
		if withImmature {
			var ok bool
			if row.Immature, ok = r[n].(int64); !ok {
				return nil, fmt.Errorf("immature is %T", r[n])
			}
		}
		keys := shardKeys[ref]
		for k, key := range keys {
			i, ok := index[strings.ToLower(key)]
			if !ok {
				return nil, fmt.Errorf("no column for shard key %s of %s", key, ref)
			}
			switch v := r[i].(type) {
			case string:
				row.Shard = append(row.Shard, v)
			case nil:
				if row.NullShard == nil {
					row.NullShard = make([]bool, len(keys))
				}
				row.NullShard[k] = true
				row.Shard = append(row.Shard, "")
			default:
				return nil, fmt.Errorf("column %s holds %T", key, v)
			}
		}
		if i, ok := index["period"]; ok {
			switch v := r[i].(type) {
			case time.Time:
				row.Period = v
			case nil:
			default:
				return nil, fmt.Errorf("column period holds %T", v)
			}
		}
		var ok1, ok2 bool
		row.Trials, ok1 = r[n-2].(int64)
		row.Successes, ok2 = r[n-1].(int64)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("counts of %s are %T and %T", ref, r[n-2], r[n-1])
		}
		out[ref] = append(out[ref], row)
	}
	for ref := range out {
		rows := out[ref]
		sort.SliceStable(rows, func(a, b int) bool { return less(rows[a], rows[b]) })
	}
	return out, nil
}
