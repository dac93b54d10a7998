package oracle

import (
	"time"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/events"
)

// LagHistogram evaluates the time-to-convert histogram of a reference with
// within() over evs: for every mature trial that converts, the lag from
// its anchor to its to-event, counted in the first bucket whose upper edge
// it does not exceed. upTo lists the buckets' upper edges, increasing; the
// last one is the window. It returns one count per bucket.
//
// The rules are Count's, with nothing added:
//   - the anchor is the unit's first from-event in [Start, End), and the
//     unit must meet every path condition;
//   - a trial counts only when mature, anchor + within before the cut-off,
//     so that no conversion in its window can be unobserved;
//   - its lag is the time from an anchor (any from-event at the first
//     instant) to the earliest to-event that is another event at or after
//     it, at most within later (ties are lag 0).
//
// Only references without shard keys, attempt(any) or excludeBetween are
// evaluated; the compiler refuses the others.
func LagHistogram(evs []events.Event, q *compiler.Query, s compiler.Schema, g *compiler.Graph, unit compiler.Unit, w Window, upTo []time.Duration) []int64 {
	if unit == "" {
		unit = s.Unit
	}
	if unit == "" {
		unit = compiler.UnitSession
	}
	out := make([]int64, len(upTo))
	if q.Within == nil || len(upTo) == 0 {
		return out
	}
	within := time.Duration(q.Within.Seconds()) * time.Second
	fromMatch, toMatch := g.EdgeMatch(q.Edge)

	// The units, each with its considered events, in the order first seen.
	type unitKey struct{ user, session string }
	units := map[unitKey][]events.Event{}
	var order []unitKey
	for _, ev := range evs {
		if !considered(ev, q, s, w) {
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
		var firstFrom time.Time
		hasFrom := false
		for _, ev := range unitEvents {
			if matches(ev, fromMatch) && ev.CreatedAt.Before(w.End) && (!hasFrom || ev.CreatedAt.Before(firstFrom)) {
				firstFrom, hasFrom = ev.CreatedAt, true
			}
		}
		if !hasFrom || !pathConditionsHold(inWindow(unitEvents, w), q, g, firstFrom) {
			continue
		}
		if !firstFrom.Add(within).Before(w.cutOff(q)) {
			continue // immature: its window is not fully observed
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
		if !converted {
			continue
		}
		for b, edge := range upTo {
			if lag <= edge {
				out[b]++
				break
			}
		}
	}
	return out
}
