package conformance

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/events"
	"github.com/paramsql/paramsql/internal/oracle"
	"github.com/paramsql/paramsql/internal/testdb"
)

// contextOnceRefs is a batch shaped like cmd/paramsql-bench's: entry
// references testing every context column at four anchors, so that
// DuckDB splits its units into those whose events share their context
// values and the others (dialects/entry_context_once.go). The values
// include the random events' hostile ones, NULL's neighbours among them.
func contextOnceRefs() []string {
	edges := []string{"e.signup", "e.checkout", "e.from(homepage).to(pricing)", "e.from(pricing).to(signup)"}
	contexts := []string{
		"", ".context(channel='google')", ".context(channel='o''brien',device='mobile')",
		".context(device='desktop')", `.context(device='a\b')`, ".context(country='x--y;')",
		".context(country='ünï😀',channel='facebook')", ".context(country='us',device='mobile')",
	}
	visited := []string{"", ".visited(homepage)", ".visitedAny(demo,docs)"}
	var refs []string
	for _, e := range edges {
		for _, v := range visited {
			for _, c := range contexts {
				refs = append(refs, e+v+c)
			}
		}
	}
	return refs
}

// TestContextOnceSplitOnDuckDB checks the split's counts against the
// evaluator's over units whose events share their context values and
// units whose events do not, with ties at the anchors' first instants,
// for session and user units: in a batch that also groups its units by
// their ranked values (PreGroupedSignatures), whose shared units are then
// grouped by their code first, and in one too small for that, whose two
// kinds of unit rows meet before their signatures are taken.
func TestContextOnceSplitOnDuckDB(t *testing.T) {
	db := testdb.Open(t, testdb.DuckDB)
	d, err := dialects.Get("duckdb")
	if err != nil {
		t.Fatal(err)
	}
	var small []string
	for _, e := range []string{"e.signup", "e.checkout", "e.from(homepage).to(pricing)", "e.from(pricing).to(signup)"} {
		small = append(small, e+".context(channel='o''brien',device='mobile')")
	}
	cases := []struct {
		name string
		refs []string
		// shape is SQL text only the intended plan has.
		shape string
	}{
		{"pre-grouped", contextOnceRefs(), ") AS shared_contexts"},
		{"unit rows", small, "FROM unit_contexts\n      WHERE bit_count(context_codes) = 2\n      UNION ALL"},
	}
	r := rand.New(rand.NewPCG(7, 11))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var qs []*compiler.Query
			for _, ref := range c.refs {
				q, err := compiler.ParseQuery(ref)
				if err != nil {
					t.Fatal(err)
				}
				qs = append(qs, q)
			}
			for round := 0; round < 6; round++ {
				w := oracle.RandomWindow(r)
				evs := append(oracle.RandomEvents(r, 300+r.IntN(3000)), nearlySharedUnits(w)...)
				table := fmt.Sprintf("context_once_%s_%d", strings.ReplaceAll(c.name, " ", "_"), round)
				testdb.LoadEvents(t, db, testdb.DuckDB, table, evs)
				schema := compiler.DefaultSchema()
				schema.Table = table
				unit := compiler.UnitSession
				if round%2 == 1 {
					unit = compiler.UnitUser
				}
				b, err := compiler.CompileBatch(qs, compiler.Options{Schema: schema, Unit: unit})
				if err != nil {
					t.Fatal(err)
				}
				st, err := dialects.RenderBatch(b, d)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(st.SQL, c.shape) {
					t.Fatalf("the batch is not of the shape tested (%q):\n%s", c.shape, st.SQL)
				}
				args, err := st.Bind(WindowValues(w))
				if err != nil {
					t.Fatal(err)
				}
				got, err := batchRows(db, st.SQL, args, qs)
				if err != nil {
					t.Fatalf("%v\n%s", err, st.SQL)
				}
				for _, q := range qs {
					want := oracle.Count(evs, q, schema, nil, unit, w)
					if diff := cmp.Diff(want, got[q.String()], cmpopts.EquateEmpty()); diff != "" {
						t.Fatalf("round %d, %s (-oracle +duckdb):\n%s", round, q, diff)
					}
				}
			}
		})
	}
}

// nearlySharedUnits are sessions inside w whose events differ in one
// context column only, between a literal the references test and a value
// none does (NULL, or another): in one order the anchors' first events
// carry the literal, in the other the value no test names. A split that
// took such a unit for one whose events share their values would read
// the wrong value at its anchors.
func nearlySharedUnits(w oracle.Window) []events.Event {
	shared := map[string]string{"channel": "google", "device": "mobile", "country": "us"}
	var evs []events.Event
	at := w.Start.Add(time.Hour)
	for _, key := range events.ContextKeys {
		for _, other := range []*string{nil, events.Str("zzz")} {
			for order := 0; order < 2; order++ {
				session := fmt.Sprintf("near_%s_%t_%d", key, other == nil, order)
				ctx := func(anchor bool) map[string]*string {
					c := map[string]*string{}
					for k, v := range shared {
						c[k] = events.Str(v)
					}
					if anchor == (order == 1) {
						c[key] = other
					}
					return c
				}
				add := func(typ, slug string, t time.Time, anchor bool) {
					evs = append(evs, events.Event{UserID: "near", SessionID: session, EventType: typ, NodeSlug: slug, CreatedAt: t, Context: ctx(anchor)})
				}
				add("page_view", "docs", at, false)
				for _, a := range [][2]string{{"signup_attempt", "signup"}, {"checkout_attempt", "checkout"}, {"page_view", "homepage"}, {"page_view", "pricing"}} {
					add(a[0], a[1], at.Add(time.Minute), true)
				}
				add("signup_success", "signup", at.Add(2*time.Minute), false)
				add("checkout_success", "checkout", at.Add(2*time.Minute), false)
				add("page_view", "pricing", at.Add(3*time.Minute), false)
				at = at.Add(time.Second)
			}
		}
	}
	return evs
}
