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
		// shapes are SQL texts only the intended plan has.
		shapes []string
	}{
		{"pre-grouped", contextOnceRefs(), []string{") AS shared_contexts", " AS UINTEGER) END) AS last_signup_success"}},
		{"unit rows", small, []string{"FROM unit_contexts\n      WHERE NOT mixed\n      UNION ALL", "bit_count(context_codes) <> 2 AS mixed"}},
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
			for round := 0; round < 8; round++ {
				w := oracle.RandomWindow(r)
				if round >= 6 {
					// Ticks of a second and more (tickTiedUnits).
					w = oracle.Window{Start: oracle.BaseTime.AddDate(-100, 0, 0), End: oracle.BaseTime.AddDate(100, 0, 0)}
				}
				evs := append(oracle.RandomEvents(r, 300+r.IntN(3000)), nearlySharedUnits(w)...)
				tied, n := tickTiedUnits(w)
				if round >= 6 && n == 0 {
					t.Fatal("no session's to-event lies before its from-event within a tick")
				}
				evs = append(evs, tied...)
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
				for _, shape := range c.shapes {
					if !strings.Contains(st.SQL, shape) {
						t.Fatalf("the batch is not of the shape tested (%q):\n%s", shape, st.SQL)
					}
				}
				args, err := st.Bind(WindowValues(w))
				if err != nil {
					t.Fatal(err)
				}
				got, err := batchRows(db, st.SQL, args, qs)
				if err != nil {
					t.Fatalf("%v\n%s", err, st.SQL)
				}
				// The window bound as strings, as a user running the
				// compiled SQL may bind it, counts the same.
				var texts []any
				for _, a := range args {
					if at, ok := a.(time.Time); ok {
						a = at.UTC().Format("2006-01-02 15:04:05.999999")
					}
					texts = append(texts, a)
				}
				gotTexts, err := batchRows(db, st.SQL, texts, qs)
				if err != nil {
					t.Fatalf("window bound as strings: %v", err)
				}
				if diff := cmp.Diff(got, gotTexts, cmpopts.EquateEmpty()); diff != "" {
					t.Fatalf("round %d: window bound as strings (-times +strings):\n%s", round, diff)
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

// tickTiedUnits are sessions inside w whose events share their context
// values and whose compared times share a tick of DuckDB's Tick
// (dialects/entry_context_ticks.go): each edge's to-event up to two
// seconds before or after its from-event, at several instants. Test
// events have whole seconds, so only a window of more than a century has
// ticks that long; tied says how many sessions have a to-event before
// its from-event within one tick. A unit whose equal ticks were read as
// equal times, or as ordered, would count its success wrongly.
func tickTiedUnits(w oracle.Window) (evs []events.Event, tied int) {
	tickOf := func(t time.Time) int64 {
		size := (w.End.Sub(w.Start).Microseconds()+2*86400e6)/(1<<32) + 1
		return (t.Sub(w.Start).Microseconds() + 86400e6) / size
	}
	ctx := map[string]*string{"channel": events.Str("google"), "device": events.Str("mobile"), "country": events.Str("us")}
	start := oracle.BaseTime.Add(time.Hour)
	for offset := range 4 {
		for delta := -2; delta <= 2; delta++ {
			from := start.Add(time.Duration(offset)*time.Second + time.Duration(10*(delta+2)+50*offset)*time.Minute)
			to := from.Add(time.Duration(delta) * time.Second)
			if delta < 0 && tickOf(to) == tickOf(from) {
				tied++
			}
			session := fmt.Sprintf("tick_%d_%d", offset, delta)
			add := func(typ, slug string, at time.Time) {
				evs = append(evs, events.Event{UserID: "tick", SessionID: session, EventType: typ, NodeSlug: slug, CreatedAt: at, Context: ctx})
			}
			add("page_view", "homepage", from)
			add("page_view", "pricing", to)
			add("signup_attempt", "signup", from)
			add("signup_success", "signup", to)
			add("checkout_attempt", "checkout", from)
			add("checkout_success", "checkout", to)
		}
	}
	return evs, tied
}
