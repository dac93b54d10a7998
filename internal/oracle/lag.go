package oracle

import (
	"time"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/events"
)

// LagCell is one row of a lag histogram: its age and lag buckets' upper
// edges, zero for none (a mature trial has no age bucket; an immature one
// that has not converted has no lag bucket).
type LagCell struct {
	AgeUpTo, LagUpTo time.Duration
}

// LagHistogram evaluates the time-to-convert histogram of a reference with
// within() over evs, and the immature trials by age. upTo lists the
// buckets' upper edges, increasing; the last one is the window. A lag or
// an age lies in the first bucket whose edge it does not exceed. It
// returns the number of trials per cell:
//   - a mature trial (anchor + within before the cut-off, so no
//     conversion in its window can be unobserved) that converts counts in
//     {0, its lag's bucket}; one that does not convert is not counted;
//   - an immature trial counts in {its age's bucket, its lag's bucket so
//     far, or 0 when it has not converted}, its age being the time from
//     its anchor to the cut-off.
//
// The rules are Count's, with nothing added: the anchor is the unit's
// first from-event in [Start, End), the unit must meet every path
// condition, and the lag runs from an anchor (any from-event at the first
// instant) to the earliest to-event that is another event at or after
// it, at most within later (ties are lag 0), before the cut-off.
//
// Under attribution(entry), as in Count, the unit's events are not
// filtered by their context values: its context filters test the values
// on its anchor (entryRow), and all its events in reach count for the
// to-event.
//
// A sharded reference under attribution(entry) has one histogram pooled
// over its rows: a unit is in its anchor's row whatever the shard values.
//
// Only references with within() of at least 1s and without attempt(any),
// excludeBetween, or shard keys under attribution(event) are evaluated;
// the compiler refuses the others.
func LagHistogram(evs []events.Event, q *compiler.Query, s compiler.Schema, g *compiler.Graph, unit compiler.Unit, w Window, upTo []time.Duration) map[LagCell]int64 {
	out := map[LagCell]int64{}
	if q.Within == nil || q.Within.Seconds() == 0 || len(upTo) == 0 {
		return out
	}
	bucket := func(d time.Duration) time.Duration {
		for _, edge := range upTo {
			if d <= edge {
				return edge
			}
		}
		return 0
	}
	for _, u := range anchoredUnits(evs, q, s, g, unit, w) {
		firstFrom := u.firstFrom
		var cell LagCell
		if immature(q, w, firstFrom) {
			cell.AgeUpTo = bucket(w.cutOff(q).Sub(firstFrom))
		}
		// The shortest lag: the earliest to-event that is another event
		// than an anchor at the first instant, not before it and within.
		if to, ok := firstToEvent(u.events, q, g, firstFrom); ok {
			cell.LagUpTo = bucket(to.Sub(firstFrom))
		}
		if cell != (LagCell{}) {
			out[cell]++
		}
	}
	return out
}
