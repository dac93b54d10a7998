package dialects

// duckDB is the embedded default engine. It speaks standard SQL with
// FILTER clauses and window functions.
type duckDB struct{ ansi }

func init() { register(duckDB{}) }

func (duckDB) Name() string { return "duckdb" }

func (duckDB) CountIf(cond string) string { return "count(*) FILTER (WHERE " + cond + ")" }

func (duckDB) MaterializesCTE() bool { return true }
