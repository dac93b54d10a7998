package dialects

// duckDB is the embedded default engine. It speaks standard SQL with
// FILTER clauses and window functions.
type duckDB struct{ ansi }

func init() { register(duckDB{}) }

func (duckDB) Name() string { return "duckdb" }

func (duckDB) CountIf(cond string) string { return "count(*) FILTER (WHERE " + cond + ")" }

// ValueAtFirst orders (ts, value IS NULL, value) as a struct, so the
// least is the earliest row and, among rows at that instant, a non-NULL
// value before NULL and then the least value.
func (duckDB) ValueAtFirst(value, ts, cond string) string {
	return "(min({'t': " + ts + ", 'n': " + value + " IS NULL, 'v': " + value + "}) FILTER (WHERE " + cond + ")).v"
}

func (duckDB) MaterializesCTE() bool { return true }
