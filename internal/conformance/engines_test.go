package conformance

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/golden"
	"github.com/paramsql/paramsql/internal/oracle"
	"github.com/paramsql/paramsql/internal/testdb"
)

// redshiftGap says why a reference's Redshift SQL cannot be checked on
// PostgreSQL, or "" when it can.
func redshiftGap(q *compiler.Query) string {
	if q.Within != nil {
		return "within() uses DATEADD, which Redshift has and PostgreSQL does not"
	}
	if strings.Contains(q.String(), `\`) {
		return `Redshift reads \\ in a string as one backslash; PostgreSQL's standard strings read two`
	}
	return ""
}

// TestGoldenCasesOnEngines runs every golden case's SQL on every engine the
// suite starts, over the same fixture events, and asserts the counts of the
// reference evaluator, row by row.
func TestGoldenCasesOnEngines(t *testing.T) {
	cases := golden.LoadCases(t, "../../testdata/golden")
	evs := Events()
	w := FixtureWindow()
	for _, tg := range Targets {
		t.Run(tg.Dialect, func(t *testing.T) {
			db := testdb.Open(t, tg.Engine)
			testdb.LoadEvents(t, db, tg.Engine, "events", evs)
			nonZero := 0
			for _, c := range cases {
				for i, ref := range c.Refs {
					q, err := compiler.ParseQuery(ref)
					if err != nil {
						t.Fatal(err)
					}
					if tg.Dialect == "redshift" {
						if why := redshiftGap(q); why != "" {
							t.Logf("%s: not run on PostgreSQL: %s", c.Name, why)
							continue
						}
					}
					opts := c.Opts
					opts.Window = compiler.Window{} // bound, so the fixture window applies
					unit := opts.Unit
					if unit == "" {
						unit = compiler.UnitSession
					}
					want := oracle.Count(evs, q, opts.Schema, c.Graph, unit, w)
					got, sql := Run(t, db, tg, q, opts, w)
					if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
						t.Errorf("%s ref %d %s (-oracle +%s):\n%s\n%s", c.Name, i, q, tg.Dialect, diff, sql)
					}
					for _, r := range want {
						if r.Trials > 0 {
							nonZero++
							break
						}
					}
				}
			}
			if nonZero < len(cases) {
				t.Logf("%d of the golden references count some trials on the fixtures", nonZero)
			}
			// No hostile value ran as a statement: the table is intact.
			if n := countRows(t, db); n != len(evs) {
				t.Errorf("events table holds %d rows after the run, want %d", n, len(evs))
			}
		})
	}
}

func countRows(t *testing.T, db *sql.DB) int {
	t.Helper()
	rows := testdb.Rows(t, db, "SELECT count(*) FROM events")
	return int(rows[0][0].(int64))
}

// TestRandomReferencesOnEngines is the property test: random event logs and
// random references, where the engine's rows must equal the evaluator's.
func TestRandomReferencesOnEngines(t *testing.T) {
	for _, tg := range Targets {
		t.Run(tg.Dialect, func(t *testing.T) {
			db := testdb.Open(t, tg.Engine)
			logs, refsPerLog := 3, 25
			if tg.Engine == testdb.DuckDB {
				logs, refsPerLog = 8, 60
			}
			// PARAMSQL_PROPERTY_LOGS runs more logs, for a longer search by
			// hand; the default keeps make test fast.
			if n, err := strconv.Atoi(os.Getenv("PARAMSQL_PROPERTY_LOGS")); err == nil && n > 0 {
				logs = n
			}
			seed := uint64(7)
			if n, err := strconv.ParseUint(os.Getenv("PARAMSQL_PROPERTY_SEED"), 10, 64); err == nil {
				seed = n
			}
			r := rand.New(rand.NewPCG(seed, uint64(len(tg.Dialect))))
			for l := 0; l < logs; l++ {
				evs := oracle.RandomEvents(r, 200+r.IntN(2500))
				table := fmt.Sprintf("events_%d", l)
				testdb.LoadEvents(t, db, tg.Engine, table, evs)
				schema := compiler.DefaultSchema()
				schema.Table = table
				for i := 0; i < refsPerLog; i++ {
					q := oracle.RandomQuery(r)
					if tg.Dialect == "redshift" && redshiftGap(q) != "" {
						continue
					}
					w := oracle.RandomWindow(r)
					unit := randomUnit(r)
					opts := compiler.Options{Schema: schema, Unit: unit}
					want := oracle.Count(evs, q, schema, nil, unit, w)
					got, sql := Run(t, db, tg, q, opts, w)
					if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
						t.Fatalf("log %d (%d events), %s, unit %s, window %s..%s (-oracle +%s):\n%s\n%s",
							l, len(evs), q, unit, w.Start, w.End, tg.Dialect, diff, sql)
					}
				}
			}
		})
	}
}
