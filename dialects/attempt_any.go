package dialects

import (
	"fmt"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// attempt(any) asks, per from-event, whether another to-event follows it
// within the window. Dialects with window functions answer on each event
// row with the nearest to-event times on either side of it; ClickHouse
// answers from arrays of the unit's times (ArrayWithin.FirstConverting).

// nextToAlias and prevToAlias name the per-event columns of a
// MeasureFirstConverting: the earliest to-event time among the rows after
// the event, and the latest among the rows before it, in the unit's order.
func nextToAlias(m compiler.Measure) string { return "next_" + m.Name }
func prevToAlias(m compiler.Measure) string { return "prev_" + m.Name }

// toEventsAround writes the two window columns of m. The rows are ordered
// by time, then to-events last, then from-events last, so that rows tied
// in all three are interchangeable; the frames leave the event's own row
// out, which is what keeps a from-event from converting on itself. A
// to-event at the same instant lies before or after the event, and is
// seen by one of the two columns either way.
func (r *renderer) toEventsAround(m compiler.Measure, partition []string) ([]string, error) {
	from, err := r.expr(m.When)
	if err != nil {
		return nil, err
	}
	to, err := r.expr(m.To)
	if err != nil {
		return nil, err
	}
	ts := r.id(r.plan.Time)
	over := fmt.Sprintf("PARTITION BY %s ORDER BY %s, CASE WHEN %s THEN 1 ELSE 0 END, CASE WHEN %s THEN 1 ELSE 0 END",
		strings.Join(partition, ", "), ts, to, from)
	toTime := "CASE WHEN " + to + " THEN " + ts + " END"
	cols := []string{
		fmt.Sprintf("min(%s) OVER (%s ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS %s", toTime, over, nextToAlias(m)),
		fmt.Sprintf("max(%s) OVER (%s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS %s", toTime, over, prevToAlias(m)),
	}
	if m.Blocker != nil {
		blocked, err := r.blockersAfter(m, partition)
		if err != nil {
			return nil, err
		}
		cols = append(cols, blocked)
	}
	return cols, nil
}

// firstConverting is the per-unit aggregate of m: the earliest from-event
// with a to-event after it within the window, or tied with it before it.
func (r *renderer) firstConverting(m compiler.Measure, ts, from string) (string, error) {
	if aw, ok := r.d.(ArrayWithin); ok {
		to, err := r.expr(m.To)
		if err != nil {
			return "", err
		}
		fromOnly, err := r.expr(compiler.And{m.When, compiler.Not{X: m.To}})
		if err != nil {
			return "", err
		}
		both, err := r.expr(compiler.And{m.When, m.To})
		if err != nil {
			return "", err
		}
		if m.Blocker == nil {
			return aw.FirstConverting(ts, fromOnly, both, to, m.Seconds), nil
		}
		// excludeBetween: every pair of from- and to-event times is
		// tested against the excluded times between them.
		x, err := r.expr(m.Blocker)
		if err != nil {
			return "", err
		}
		return aw.FirstUnblocked(ts, fromOnly, both, to, x, m.Seconds, m.Unbounded), nil
	}
	return r.d.FirstWhen(ts, r.convertsHere(m, ts, from)), nil
}

// convertsHere holds on the event rows of from-events that m's to-events
// convert, read from the window columns of toEventsAround.
func (r *renderer) convertsHere(m compiler.Measure, ts, from string) string {
	if m.Blocker != nil {
		return r.convertsUnblocked(m, ts, from)
	}
	return fmt.Sprintf("%s AND (%s <= %s OR %s = %s)", from, nextToAlias(m), r.d.AddSeconds(ts, m.Seconds), prevToAlias(m), ts)
}

// periodTime is the time a unit's period is truncated from: under
// attempt(any) the earliest converting from-event, else the first.
func periodTime(p *compiler.Plan) string {
	if p.PeriodFirst != "" {
		return "COALESCE(" + p.PeriodOf + ", " + p.PeriodFirst + ")"
	}
	return p.PeriodOf
}

// periodPresent is the measure that is NULL exactly for the units with no
// from-event, which make no period row.
func periodPresent(p *compiler.Plan) string {
	if p.PeriodFirst != "" {
		return p.PeriodFirst
	}
	return p.PeriodOf
}
