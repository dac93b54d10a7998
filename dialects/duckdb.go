package dialects

import "strconv"

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

// CodeAtFirst packs (microseconds since the epoch, code) into one BIGINT
// whose least is the earliest row's least code, and masks the code back
// out: two's complement keeps the low bits exact for times before 1970.
func (duckDB) CodeAtFirst(code, ts, cond string, bits int) string {
	return "(min(epoch_us(" + ts + ") * " + strconv.Itoa(1<<bits) + " + " + code + ") FILTER (WHERE " + cond + ") & " + strconv.Itoa(1<<bits-1) + ")"
}

// FirstCodeTime is CodeAtFirst's aggregate shifted instead of masked:
// the same min, which DuckDB computes once for both.
func (duckDB) FirstCodeTime(code, ts, cond string, bits int) string {
	return "(min(epoch_us(" + ts + ") * " + strconv.Itoa(1<<bits) + " + " + code + ") FILTER (WHERE " + cond + ") >> " + strconv.Itoa(bits) + ")"
}

func (duckDB) MicrosOf() (before, after string) { return "epoch_us(", ")" }

func (duckDB) MaterializesCTE() bool { return true }

func (duckDB) ReadsContextOnce() bool { return true }

func (duckDB) BitCount(x string) string { return "bit_count(" + x + ")" }

func (duckDB) PreGroupsSignatures() bool { return true }

func (duckDB) ChainsOrFilters() bool { return true }

// MaxRelevanceLiterals: see RelevanceFilterLimit.
func (duckDB) MaxRelevanceLiterals() int { return 8 }

func (duckDB) BitOr(x string) string { return "bit_or(" + x + ")" }

// Sum casts as SumIf does: DuckDB widens sum(BIGINT) to HUGEINT.
func (duckDB) Sum(value string) string {
	return "CAST(COALESCE(sum(" + value + "), 0) AS BIGINT)"
}

// Tick counts from a day before start, in ticks of (end - start + two
// days) / 2^32 microseconds, rounded down and plus one: the margins keep
// a bound read in another time zone than the column's within range. The
// bounds are cast, since a parameter bound as a string would leave
// epoch_us no overload to choose; the cast moves them by at most the
// session's time zone offset, which the margins hold too.
func (duckDB) Tick(ts, start, end string) string {
	s := "epoch_us(CAST(" + start + " AS TIMESTAMP))"
	return "CAST((epoch_us(" + ts + ") - (" + s + " - 86400000000)) // ((epoch_us(CAST(" + end + " AS TIMESTAMP)) - " + s + " + 172800000000) // 4294967296 + 1) AS UINTEGER)"
}
