package dialects

import (
	"fmt"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// excludeBetween under attempt(any): a from-event converts when another
// to-event lies at its instant, or when the earliest to-event strictly
// after it is within the window and no later than the earliest excluded
// event strictly after it (a tie with that event does not block). If the
// earliest to-event is blocked, so is every later one.
//
// Window-function dialects find the earliest excluded event strictly
// after each row in two levels: the least excluded time among the rows
// that follow it, which is non-decreasing along the unit's rows, and then
// the greatest of those among the rows of its instant, which is the last
// row's: the least excluded time after the instant. A value equal to the
// instant means none after it. ClickHouse tests every pair of from- and
// to-event times from arrays (ArrayWithin.FirstUnblocked).

// afterAlias names the per-row least excluded time among the following
// rows; nextBlockerAlias the least excluded time after the row's instant.
func afterAlias(m compiler.Measure) string       { return "after_" + m.Name }
func nextBlockerAlias(m compiler.Measure) string { return "blocker_" + m.Name }

// blockersAfter is the first level's column of m.
func (r *renderer) blockersAfter(m compiler.Measure, partition []string) (string, error) {
	x, err := r.expr(m.Blocker)
	if err != nil {
		return "", err
	}
	ts := r.id(r.plan.Time)
	return fmt.Sprintf("min(CASE WHEN %s THEN %s END) OVER (PARTITION BY %s ORDER BY %s ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS %s",
		x, ts, strings.Join(partition, ", "), ts, afterAlias(m)), nil
}

// blockerColumns are the second level's columns: one per converting
// measure with excluded nodes.
func (r *renderer) blockerColumns() []string {
	ts := r.id(r.plan.Time)
	partition := append(r.unitPartition(), ts)
	var cols []string
	for _, m := range r.plan.Measures {
		if m.Kind == compiler.MeasureFirstConverting && m.Blocker != nil {
			cols = append(cols, fmt.Sprintf("max(%s) OVER (PARTITION BY %s) AS %s", afterAlias(m), strings.Join(partition, ", "), nextBlockerAlias(m)))
		}
	}
	return cols
}

// unitPartition lists the columns that key one unit's rows.
func (r *renderer) unitPartition() []string {
	var out []string
	for _, k := range r.plan.UnitKeys {
		out = append(out, r.id(k))
	}
	for _, s := range r.plan.Shards {
		out = append(out, r.id(s.Column))
	}
	return out
}

// convertsUnblocked holds on the rows of from-events that m's to-events
// convert past its excluded events.
func (r *renderer) convertsUnblocked(m compiler.Measure, ts, from string) string {
	next, prev, x := nextToAlias(m), prevToAlias(m), nextBlockerAlias(m)
	later := next + " IS NOT NULL"
	if !m.Unbounded {
		later = next + " <= " + r.d.AddSeconds(ts, m.Seconds)
	}
	return fmt.Sprintf("%s AND (%s = %s OR %s = %s OR (%s AND (%s IS NULL OR %s <= %s OR %s <= %s)))",
		from, prev, ts, next, ts, later, x, x, ts, next, x)
}
