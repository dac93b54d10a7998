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
	if unit == "" {
		unit = s.Unit
	}
	if unit == "" {
		unit = compiler.UnitSession
	}
	out := map[LagCell]int64{}
	if q.Within == nil || q.Within.Seconds() == 0 || len(upTo) == 0 {
		return out
	}
	within := time.Duration(q.Within.Seconds()) * time.Second
	fromMatch, toMatch := g.EdgeMatch(q.Edge)

	// The units, each with its considered events, in the order first seen.
	type unitKey struct{ user, session string }
	units := map[unitKey][]events.Event{}
	var order []unitKey
	entry := q.AttributionRule() == compiler.AttributionEntry
	for _, ev := range evs {
		if entry && !inReach(ev, q, w) || !entry && !considered(ev, q, s, w) {
			continue
		}
		k := unitKey{user: ev.UserID}
		if unit == compiler.UnitSession {
			k.session = ev.SessionID
		}
		if _, ok := units[k]; !ok {
			order = append(order, k)
		}
		units[k] = append(units[k], ev)
	}

	for _, k := range order {
		unitEvents := units[k]
		isFrom := func(ev events.Event) bool { return matches(ev, fromMatch) && ev.CreatedAt.Before(w.End) }
		var firstFrom time.Time
		hasFrom := false
		for _, ev := range unitEvents {
			if isFrom(ev) && (!hasFrom || ev.CreatedAt.Before(firstFrom)) {
				firstFrom, hasFrom = ev.CreatedAt, true
			}
		}
		if !hasFrom || !pathConditionsHold(inWindow(unitEvents, w), q, g, firstFrom) {
			continue
		}
		if entry {
			if _, _, ok := entryRow(unitEvents, q, s, isFrom, firstFrom); !ok {
				continue
			}
		}
		bucket := func(d time.Duration) time.Duration {
			for _, edge := range upTo {
				if d <= edge {
					return edge
				}
			}
			return 0
		}
		var cell LagCell
		if cut := w.cutOff(q); !firstFrom.Add(within).Before(cut) {
			cell.AgeUpTo = bucket(cut.Sub(firstFrom)) // immature
		}
		// The shortest lag over the anchors at the first instant and the
		// to-events that are other events, not before the anchor.
		lag, converted := time.Duration(0), false
		for i, anchor := range unitEvents {
			if !matches(anchor, fromMatch) || !anchor.CreatedAt.Equal(firstFrom) {
				continue
			}
			for j, to := range unitEvents {
				if j == i || !matches(to, toMatch) || to.CreatedAt.Before(firstFrom) {
					continue
				}
				d := to.CreatedAt.Sub(firstFrom)
				if d <= within && (!converted || d < lag) {
					lag, converted = d, true
				}
			}
		}
		if converted {
			cell.LagUpTo = bucket(lag)
		}
		if cell != (LagCell{}) {
			out[cell]++
		}
	}
	return out
}
