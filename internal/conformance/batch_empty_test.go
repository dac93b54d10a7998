package conformance

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/oracle"
	"github.com/paramsql/paramsql/internal/testdb"
)

// TestBatchOfNothingCountsZero: a batch whose filters match no event gives
// each reference 0 trials and 0 successes, not NULL, on every engine.
// ClickHouse padded the empty count arrays of a scan without GROUP BY with
// NULL where the unit facts were Nullable (attribution(event), whose
// scans aggregate times with min()).
func TestBatchOfNothingCountsZero(t *testing.T) {
	refs := []string{
		"e.checkout.contextAny(device='none').attribution(event)",
		"e.checkout.visitedBefore(checkout).context(channel='google').contextAny(device='none').attempt(any).attribution(event).p.k",
		"e.checkout.context(channel='google').contextAny(device='none')",
	}
	for _, tg := range Targets {
		t.Run(tg.Dialect, func(t *testing.T) {
			db := testdb.Open(t, tg.Engine)
			d, err := dialects.Get(tg.Dialect)
			if err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewPCG(7, 11))
			evs := oracle.RandomEvents(r, 400)
			testdb.LoadEvents(t, db, tg.Engine, "empty_batch_events", evs)
			schema := compiler.DefaultSchema()
			schema.Table = "empty_batch_events"
			w := oracle.RandomWindow(r)
			for _, src := range refs {
				q, err := compiler.ParseQuery(src)
				if err != nil {
					t.Fatal(err)
				}
				// Each alone, so that its scan has no GROUP BY of other
				// references' shards or periods.
				got := runBatch(t, db, d, []*compiler.Query{q}, compiler.Options{Schema: schema, Unit: compiler.UnitSession}, w)
				want := oracle.Count(evs, q, schema, nil, compiler.UnitSession, w)
				if diff := cmp.Diff(want, got[q.String()], cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("%s (-oracle +%s):\n%s", src, tg.Dialect, diff)
				}
			}
		})
	}
}
