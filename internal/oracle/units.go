package oracle

import (
	"time"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/events"
)

// anchoredUnit is one unit that is a trial of a reference without shard
// split: its considered events, in input order, and its first from-event's
// instant.
type anchoredUnit struct {
	events    []events.Event
	firstFrom time.Time
}

// anchoredUnits applies Count's rules, for LagHistogram and SiblingSplit,
// up to the anchor: it groups the events considered for q into units
// (unit "" is the schema's, else the session), in the order first seen,
// and keeps the units with a from-event in the window whose path
// conditions hold and, under attribution(entry), whose anchor passes the
// context filters (entryRow).
func anchoredUnits(evs []events.Event, q *compiler.Query, s compiler.Schema, g *compiler.Graph, unit compiler.Unit, w Window) []anchoredUnit {
	unit = unitOf(unit, s)
	fromMatch, _ := g.EdgeMatch(q.Edge)
	entry := q.AttributionRule() == compiler.AttributionEntry
	isFrom := func(ev events.Event) bool { return matches(ev, fromMatch) && ev.CreatedAt.Before(w.End) }

	type unitKey struct{ user, session string }
	units := map[unitKey][]events.Event{}
	var order []unitKey
	for _, ev := range evs {
		if !consideredUnder(entry, ev, q, s, w) {
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

	var out []anchoredUnit
	for _, k := range order {
		unitEvents := units[k]
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
		out = append(out, anchoredUnit{events: unitEvents, firstFrom: firstFrom})
	}
	return out
}
