package oracle

import (
	"time"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/events"
)

// SiblingCounts is the exclusive split of a sibling group's trials.
type SiblingCounts struct {
	// Trials and Immature are the group's, as Count gives them for any
	// one member.
	Trials, Immature int64
	// Taken holds, per member in declared order, the trials whose
	// outcome is that member. Trials − ΣTaken is the residual share.
	Taken []int64
}

// SiblingSplit evaluates the exclusive split of a sibling group whose
// members' references are qs, in declared order; they must differ only
// in their edge, which all leave one node. The trials are Count's. A
// trial's outcome is the member whose first to-event comes first, the
// to-events being those Count would accept for that member: another event
// than the anchor (any from-event at the first instant), at or after it,
// at most within later, before the cut-off. A tie at one instant goes to
// the member declared first; a trial no member reaches is taken by none.
//
// Under attribution(entry), as in Count, every event in reach counts
// whatever its context values, and the context filters test the values
// on the anchor (entryRow): a unit whose anchor fails them is no trial.
// So a member's to-event counts even where its own values differ.
//
// Only references without shard keys, by(), attempt(any) or
// excludeBetween are evaluated; the compiler refuses the others.
func SiblingSplit(evs []events.Event, qs []*compiler.Query, s compiler.Schema, g *compiler.Graph, unit compiler.Unit, w Window) SiblingCounts {
	out := SiblingCounts{Taken: make([]int64, len(qs))}
	if len(qs) == 0 {
		return out
	}
	q := qs[0]
	for _, u := range anchoredUnits(evs, q, s, g, unit, w) {
		unitEvents, firstFrom := u.events, u.firstFrom
		if immature(q, w, firstFrom) {
			out.Immature++
			continue
		}
		out.Trials++
		// Each member's earliest to-event that another event at the
		// anchor's instant may precede; the earliest of them wins, and a
		// later member only by being strictly earlier.
		winner, best := -1, time.Time{}
		for m, mq := range qs {
			at, ok := firstToEvent(unitEvents, mq, g, firstFrom)
			if ok && (winner < 0 || at.Before(best)) {
				winner, best = m, at
			}
		}
		if winner >= 0 {
			out.Taken[winner]++
		}
	}
	return out
}

// firstToEvent is the time of the unit's earliest to-event of q that is
// another event than some anchor at firstFrom, not before it and, with
// within(), at most within after it.
func firstToEvent(evs []events.Event, q *compiler.Query, g *compiler.Graph, firstFrom time.Time) (time.Time, bool) {
	fromMatch, toMatch := g.EdgeMatch(q.Edge)
	var last time.Time
	if q.Within != nil {
		last = deadline(q, firstFrom)
	}
	var best time.Time
	found := false
	for i, anchor := range evs {
		if !matches(anchor, fromMatch) || !anchor.CreatedAt.Equal(firstFrom) {
			continue
		}
		for j, to := range evs {
			if j == i || !matches(to, toMatch) || to.CreatedAt.Before(firstFrom) {
				continue
			}
			if q.Within != nil && to.CreatedAt.After(last) {
				continue
			}
			if !found || to.CreatedAt.Before(best) {
				best, found = to.CreatedAt, true
			}
		}
	}
	return best, found
}
