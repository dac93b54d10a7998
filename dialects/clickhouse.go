package dialects

import (
	"fmt"
	"strings"
	"time"

	"github.com/paramsql/paramsql/compiler"
)

// clickHouse targets both Debian's clickhouse-server 18.16 and current
// releases, so it uses only what 18.16 has: no named-subquery CTEs, no
// window functions and no FILTER. within() is computed from an array of the
// unit's to-event times instead of a window function.
type clickHouse struct{ ansi }

func init() { register(clickHouse{}) }

func (clickHouse) Name() string { return "clickhouse" }

func (clickHouse) QuoteIdent(name string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name) + `"`
}

// QuoteString escapes with backslashes, ClickHouse's own escape character.
func (clickHouse) QuoteString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}

func (clickHouse) TimestampLiteral(t time.Time) string {
	return "toDateTime('" + t.UTC().Format("2006-01-02 15:04:05") + "', 'UTC')"
}

// CountIf reads a NULL condition as false: comparing two Nullable times
// gives NULL, which would make 18.16 return a NULL count.
func (clickHouse) CountIf(cond string) string { return "countIf(ifNull(" + cond + ", 0))" }

func (clickHouse) AddSeconds(ts string, seconds int64) string {
	return fmt.Sprintf("addSeconds(%s, %d)", ts, seconds)
}

func (clickHouse) TruncDate(p compiler.Period, ts string) (string, error) {
	switch p {
	case compiler.PeriodDay:
		return "toDate(" + ts + ")", nil
	case compiler.PeriodWeek:
		return "toMonday(" + ts + ")", nil
	case compiler.PeriodMonth:
		return "toStartOfMonth(" + ts + ")", nil
	}
	return "", fmt.Errorf("unknown period %q", p)
}

func (clickHouse) CollectTimes(ts, cond string) string {
	return "groupArrayIf(" + ts + ", " + cond + ")"
}

// AnyTimeBetween reads the anchor through assumeNotNull: the lambda cannot
// take a Nullable, and a unit without an anchor is no trial anyway.
func (c clickHouse) AnyTimeBetween(times, anchor string, seconds int64) string {
	a := "assumeNotNull(" + anchor + ")"
	return fmt.Sprintf("arrayExists(t -> t >= %s AND t <= %s, %s)", a, c.AddSeconds(a, seconds), times)
}

// CountTimesBetween reads the anchor through assumeNotNull, as
// AnyTimeBetween does.
func (c clickHouse) CountTimesBetween(times, anchor string, seconds int64, unbounded bool) string {
	a := "assumeNotNull(" + anchor + ")"
	if unbounded {
		return fmt.Sprintf("arrayCount(t -> t >= %s, %s)", a, times)
	}
	return fmt.Sprintf("arrayCount(t -> t >= %s AND t <= %s, %s)", a, c.AddSeconds(a, seconds), times)
}

// FirstConverting filters the unit's from-event times by the to-event
// times that follow them: one is enough for a from-event that is not a
// to-event, and two for one that is, since it counts itself. 18.16 has no
// arrayMin, and arrayReduce('min') of an empty array is not NULL.
func (c clickHouse) FirstConverting(ts, fromOnly, both, to string, seconds int64) string {
	toTimes := c.CollectTimes(ts, to)
	window := "t >= f AND t <= " + c.AddSeconds("f", seconds)
	converting := fmt.Sprintf("arrayConcat(arrayFilter(f -> arrayExists(t -> %s, %s), %s), arrayFilter(f -> arrayCount(t -> %s, %s) >= 2, %s))",
		window, toTimes, c.CollectTimes(ts, fromOnly), window, toTimes, c.CollectTimes(ts, both))
	return fmt.Sprintf("if(notEmpty(%s), arrayReduce('min', %s), NULL)", converting, converting)
}

// FirstTimeAfter reads the anchor through assumeNotNull, as
// AnyTimeBetween does; 18.16 has no arrayMin.
func (clickHouse) FirstTimeAfter(times, anchor string) string {
	after := fmt.Sprintf("arrayFilter(t -> t > assumeNotNull(%s), %s)", anchor, times)
	return fmt.Sprintf("if(notEmpty(%s), arrayReduce('min', %s), NULL)", after, after)
}

// FirstUnblocked nests a lambda over the excluded times in the one over
// the to-event times, which 18.16 allows.
func (c clickHouse) FirstUnblocked(ts, fromOnly, both, to, blocker string, seconds int64, unbounded bool) string {
	toTimes, xTimes := c.CollectTimes(ts, to), c.CollectTimes(ts, blocker)
	ok := "t >= f"
	if !unbounded {
		ok += " AND t <= " + c.AddSeconds("f", seconds)
	}
	ok += " AND NOT arrayExists(x -> x > f AND x < t, " + xTimes + ")"
	converting := fmt.Sprintf("arrayConcat(arrayFilter(f -> arrayExists(t -> %s, %s), %s), arrayFilter(f -> arrayCount(t -> %s, %s) >= 2, %s))",
		ok, toTimes, c.CollectTimes(ts, fromOnly), ok, toTimes, c.CollectTimes(ts, both))
	return fmt.Sprintf("if(notEmpty(%s), arrayReduce('min', %s), NULL)", converting, converting)
}

func (clickHouse) CollectPairs(ts, value, cond string) string {
	return "groupArrayIf(tuple(" + ts + ", " + value + "), " + cond + ")"
}

func (clickHouse) ValueAt(pairs, instant string) string { return valueAtArrays(pairs, instant) }

func (clickHouse) SumIf(value, cond string) string {
	return "sumIf(" + value + ", ifNull(" + cond + ", 0))"
}

func (clickHouse) NullOf(t SQLType) string {
	if t == TypeDate {
		return "CAST(NULL AS Nullable(Date))"
	}
	return "CAST(NULL AS Nullable(String))"
}

func (clickHouse) ArrayJoinBatch() bool { return true }

func (clickHouse) BitAnd(a, b string) string { return "bitAnd(" + a + ", " + b + ")" }
