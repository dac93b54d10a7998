package pipeline_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/sffake"
	"github.com/paramsql/paramsql/runtime/connect"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

// TestUpdateOnSnowflakeFake runs update through the snowflake driver
// against the Snowflake fake. Snowflake's SQL is not executed (nothing
// here runs it): the fake checks that the driver sent the snowflake
// dialect's batch text with the window bound as TIMESTAMP_NTZ UTC
// instants, and answers in Snowflake's wire form (NUMBER as text, DATE as
// days, unquoted names folded to upper case) with what the equivalent
// DuckDB statement counts. The counts must be the reference evaluator's,
// which proves the result decoding that update relies on.
func TestUpdateOnSnowflakeFake(t *testing.T) {
	evs := rawEvents()
	p := duckProject(t, evs)
	refs := map[string]string{
		"signup-google": "e.signup.context(channel='google')",
		"signup-obrien": "e.signup.context(channel='o''brien')",
		"signup-by-day": "e.signup.by(day)",
	}
	type expected struct {
		sfParams []string
		duck     dialects.Statement
	}
	expect := map[string]expected{}
	fake := sffake.New(func(q sffake.Query) (*sffake.Answer, error) {
		if q.SQL == "SELECT 1" {
			return &sffake.Answer{Columns: []sffake.Column{{Name: "1", Type: "fixed"}}, Rows: [][]*string{}}, nil
		}
		e, ok := expect[q.SQL]
		if !ok {
			t.Errorf("the fake received SQL it does not expect:\n%s", q.SQL)
			return nil, &sffake.Error{Code: "001003", SQLState: "42000", Message: "SQL compilation error"}
		}
		values := map[string]any{}
		for i, name := range e.sfParams {
			b, ok := q.Bindings[strconv.Itoa(i+1)]
			if !ok || b.Type != "TIMESTAMP_NTZ" {
				t.Errorf("binding %d (%s) is %+v, want a TIMESTAMP_NTZ", i+1, name, b)
				return nil, fmt.Errorf("bad binding")
			}
			ns, err := strconv.ParseInt(fmt.Sprint(b.Value), 10, 64)
			if err != nil {
				return nil, err
			}
			values[name] = time.Unix(0, ns).UTC()
		}
		args, err := e.duck.Bind(values)
		if err != nil {
			return nil, err
		}
		rows, err := p.eventsDB.Query(e.duck.SQL, args...)
		if err != nil {
			return nil, err
		}
		res, err := connect.ReadRows(rows)
		if err != nil {
			return nil, err
		}
		return snowflakeWire(res), nil
	})
	defer fake.Close()
	host, port := fake.HostPort()
	var texts []string
	for _, id := range keys(refs) {
		texts = append(texts, fmt.Sprintf("id: %s\nedge_reference: %q\nbayesian_update: { prior: { alpha: 2, beta: 3 } }\n", id, refs[id]))
	}
	p.write(t, fmt.Sprintf(`connections:
  warehouse: { driver: snowflake, dsn: "app:pw@%s:%s/ANALYTICS/PUBLIC?account=acct&warehouse=WH&protocol=http" }
  posteriors: { driver: duckdb, dsn: posteriors.duckdb }
schema:
  table: events
  unit: session
  connection: warehouse
posterior_store: { connection: posteriors, table: parameter_posteriors }
window: { start: "-7d", end: "now" }
`, host, port), texts...)
	proj, params := p.load(t)
	var qs []*compiler.Query
	for _, prm := range params {
		q, err := compiler.ParseQuery(refs[prm.ID])
		if err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q)
	}
	b, err := compiler.CompileBatch(qs, compiler.Options{Schema: proj.Schema, Graph: proj.Graph})
	if err != nil {
		t.Fatal(err)
	}
	sf, err := dialects.RenderBatch(b, mustDialect(t, "snowflake"))
	if err != nil {
		t.Fatal(err)
	}
	duck, err := dialects.RenderBatch(b, mustDialect(t, "duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	expect[sf.SQL] = expected{sfParams: sf.Params, duck: duck}

	res := run(t, pipeline.Runner{}, proj, params, asOf)
	week := asOf.Add(-7 * 24 * time.Hour)
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
	}
	if l := fake.Logins(); len(l) != 1 || l[0].SessionParameters["TIMEZONE"] != "UTC" {
		t.Errorf("logins %+v, want one with TIMEZONE=UTC", l)
	}
}

// snowflakeWire writes a result as Snowflake's JSON result format does:
// names upper case (the batch's names are unquoted), NUMBER as decimal
// text, DATE as days since the epoch.
func snowflakeWire(res *connect.Result) *sffake.Answer {
	ans := &sffake.Answer{}
	for i, c := range res.Columns {
		typ := "text"
		for _, r := range res.Rows {
			if r[i] == nil {
				continue
			}
			switch r[i].(type) {
			case int64:
				typ = "fixed"
			case time.Time:
				typ = "date"
			}
			break
		}
		ans.Columns = append(ans.Columns, sffake.Column{Name: strings.ToUpper(c), Type: typ})
	}
	for _, r := range res.Rows {
		var row []*string
		for _, v := range r {
			var s string
			switch x := v.(type) {
			case nil:
				row = append(row, nil)
				continue
			case int64:
				s = strconv.FormatInt(x, 10)
			case time.Time:
				s = strconv.FormatInt(x.Unix()/86400, 10)
			default:
				s = fmt.Sprint(x)
			}
			row = append(row, &s)
		}
		ans.Rows = append(ans.Rows, row)
	}
	return ans
}
