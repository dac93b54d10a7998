package conformance

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/events"
	"github.com/paramsql/paramsql/internal/golden"
	"github.com/paramsql/paramsql/internal/oracle"
	"github.com/paramsql/paramsql/internal/zetasql"
)

// ga4ExportTable is the wildcard table the documented view reads; ZetaSQL
// has no wildcard tables, so the test names one table instead.
const ga4ExportTable = "`my_project.analytics_123456.events_*`"

// ga4Cases are the golden cases run through the GA4 view: together they
// read every column it maps (both units, periods, within(), each context
// column, hostile values). All of them would take about a minute: each
// event carries an array of structs the evaluator unnests per row.
var ga4Cases = map[string]bool{
	"everything": true, "unit_user": true, "graph_mapped": true,
	"hostile_unicode": true, "hostile_newline": true, "from_to_within_by": true,
}

// TestGA4ViewOnZetaSQL runs the GA4 view that docs/engines.md documents,
// as written there, over the fixture events stored the way a GA4 export
// stores them (microsecond timestamps, session id and page in
// event_params, context in structs), and checks golden references read
// through the view against the reference evaluator.
func TestGA4ViewOnZetaSQL(t *testing.T) {
	t.Parallel()
	c := zetasql.Shared(t)
	body := ga4ViewBody(t)
	evs := Events()
	ga4 := ga4Table(evs)
	w := FixtureWindow()
	ran := 0
	for _, cs := range golden.LoadCases(t, goldenDir) {
		if !ga4Cases[cs.Name] {
			continue
		}
		for i, ref := range cs.Refs {
			q, err := compiler.ParseQuery(ref)
			if err != nil {
				t.Fatal(err)
			}
			opts := cs.Opts
			opts.Window = compiler.Window{}
			opts.Schema.Table = "paramsql_events"
			unit := opts.Unit
			if unit == "" {
				unit = compiler.UnitSession
			}
			want := oracle.Count(evs, q, compiler.DefaultSchema(), cs.Graph, unit, w)
			st := compileBigQuery(t, q, opts)
			params, err := Params(st, w)
			if err != nil {
				t.Fatal(err)
			}
			sql := "WITH paramsql_events AS (\n" + body + "\n)\n" + st.SQL
			res, err := c.Evaluate(sql, []zetasql.Table{ga4}, params)
			if err != nil {
				t.Fatalf("%s through the GA4 view: %v\n%s", q, err, sql)
			}
			if diff := cmp.Diff(want, ToRows(t, q, res.Rows), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s ref %d %s through the GA4 view (-oracle +zetasql):\n%s", cs.Name, i, q, diff)
			}
			ran++
		}
	}
	if ran < len(ga4Cases) {
		t.Errorf("ran %d references through the GA4 view, want one per case of %d", ran, len(ga4Cases))
	}
	t.Logf("ran %d golden references through the GA4 view", ran)
}

// ga4ViewBody returns the SELECT of the view docs/engines.md documents,
// reading the test's export table.
func ga4ViewBody(t *testing.T) string {
	t.Helper()
	doc, err := os.ReadFile("../../docs/engines.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "<!-- ga4-view")
	block, _, ok2 := strings.Cut(rest, "<!-- end ga4-view -->")
	if !ok || !ok2 {
		t.Fatal("docs/engines.md: no <!-- ga4-view --> … <!-- end ga4-view --> block")
	}
	_, sql, ok := strings.Cut(block, "```sql\n")
	sql, _, ok2 = strings.Cut(sql, "```")
	if !ok || !ok2 {
		t.Fatal("docs/engines.md: the ga4-view block holds no ```sql fence")
	}
	head, body, ok := strings.Cut(sql, " AS\n")
	if !ok || !strings.HasPrefix(head, "CREATE OR REPLACE VIEW ") {
		t.Fatalf("docs/engines.md: the ga4-view block is not CREATE OR REPLACE VIEW … AS SELECT:\n%s", sql)
	}
	if !strings.Contains(body, ga4ExportTable) {
		t.Fatalf("docs/engines.md: the view reads no %s", ga4ExportTable)
	}
	return strings.ReplaceAll(strings.TrimSpace(body), ga4ExportTable, "ga4_events")
}

// ga4Table stores events as a GA4 export does, with a parameter the view
// must skip next to the two it reads.
func ga4Table(evs []events.Event) zetasql.Table {
	str := func(name string) zetasql.Column { return zetasql.Column{Name: name, Kind: zetasql.String} }
	strct := func(name string, fields ...zetasql.Column) zetasql.Column {
		return zetasql.Column{Name: name, Kind: zetasql.Struct, Fields: fields}
	}
	param := strct("", str("key"), strct("value", str("string_value"), zetasql.Column{Name: "int_value", Kind: zetasql.Int64}))
	t := zetasql.Table{Name: "ga4_events", Columns: []zetasql.Column{
		{Name: "event_timestamp", Kind: zetasql.Int64},
		str("event_name"),
		str("user_pseudo_id"),
		{Name: "event_params", Kind: zetasql.Array, Elem: &param},
		strct("traffic_source", str("name"), str("medium"), str("source")),
		strct("device", str("category")),
		strct("geo", str("country")),
	}}
	sessions := map[string]int64{} // GA4 session ids are integers
	ctx := func(ev events.Event, key string) any {
		if v := ev.Context[key]; v != nil {
			return *v
		}
		return nil
	}
	for _, ev := range evs {
		sid, ok := sessions[ev.SessionID]
		if !ok {
			sid = int64(1_700_000_000 + len(sessions))
			sessions[ev.SessionID] = sid
		}
		params := []any{
			[]any{"engagement_time_msec", []any{nil, int64(42)}},
			[]any{"ga_session_id", []any{nil, sid}},
			[]any{"page_title", []any{ev.NodeSlug, nil}},
		}
		t.Rows = append(t.Rows, []any{
			ev.CreatedAt.UnixMicro(), ev.EventType, ev.UserID, params,
			[]any{"(organic)", ctx(ev, "channel"), "google"},
			[]any{ctx(ev, "device")},
			[]any{ctx(ev, "country")},
		})
	}
	return t
}
