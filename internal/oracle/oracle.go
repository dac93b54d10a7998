// Package oracle is the test oracle of paramsql: a plain evaluator that
// counts the trials and successes of a normalised reference straight from an
// in-memory list of events, with no SQL in between.
//
// It is written for obviousness, not speed: it filters the events, groups
// them by unit (and shard values), and walks each group with a few loops.
// Every rule it implements is stated next to the code that implements it, so
// that a disagreement between the oracle and a compiled query can be settled
// by reading this file. It must never share code with the compiler beyond the
// types and the small resolvers of the compiler package (Schema.ContextColumn,
// Graph.Node, Graph.EdgeMatch, Query.ShardKeys), which define the meaning of
// names rather than the counting.
package oracle

import (
	"fmt"
	"sort"
	"time"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/events"
)

// Row is one output row of a reference.
//
// Shard holds the shard key values in the order of q.ShardKeys(); it is nil
// when the reference has no shard keys. Period is the UTC midnight that
// starts the row's day, week (Monday) or month under by(), and the zero time
// when the reference has no by(). Successes never exceed Trials.
type Row struct {
	Shard []string
	// NullShard, set only when some shard value is NULL (a row of
	// attribution(entry) for units whose anchor has no value), says
	// which: Shard[i] is then "" and NullShard[i] true.
	NullShard []bool
	Period    time.Time
	Trials    int64
	Successes int64
	// Immature counts the units, under within() only, that pass every
	// condition of a trial but whose anchor plus the window lies after
	// the cut-off. They are in neither Trials nor Successes.
	Immature int64
}

// Window is the half-open entry window: an anchor counts when Start <=
// created_at < End. Until is the observation cut-off (the zero time means
// End): under within(), to-events and excludeBetween events may lie after
// End, before Until.
type Window struct {
	Start, End, Until time.Time
}

// cutOff is the instant no event of a reference reaches: Until under
// within() (End when unset), else End.
func (w Window) cutOff(q *compiler.Query) time.Time {
	if q.Within == nil || w.Until.IsZero() {
		return w.End
	}
	return w.Until
}

// Count evaluates the reference q over evs and returns its output rows,
// sorted by Shard (element by element, in Go string order) and then Period.
//
// s names the context columns (s.ContextColumn), g resolves the edge and the
// nodes (a nil g gives the default conventions), and unit says what one
// trial is; an empty unit means s.Unit, and then session.
//
// The rows are:
//   - no shard keys and no by(): exactly one row, possibly with zero counts;
//   - shard keys and no by(): one row per combination of shard values that
//     occurs among the considered events, including rows with zero trials;
//   - by(): one row per (shard values, period) for every unit that has a
//     from-event, whether or not it passes the path conditions.
func Count(evs []events.Event, q *compiler.Query, s compiler.Schema, g *compiler.Graph, unit compiler.Unit, w Window) []Row {
	unit = unitOf(unit, s)
	shardKeys := q.ShardKeys()
	fromMatch, toMatch := g.EdgeMatch(q.Edge)

	// Step 1: keep the considered events, and put each one in its group.
	// A group is one unit together with one combination of shard values:
	// with shard keys, each shard value is evaluated as if the reference
	// had context(key='value'), so a unit's events with different shard
	// values never meet.
	groups := map[groupKey]*group{}
	var order []groupKey // first-seen order, only so iteration is stable
	// shardRows records the shard combinations seen among considered events:
	// without by(), each is an output row even when it has no trial.
	shardRows := map[string][]string{}
	// Under attribution(entry) the context clauses read the unit's anchor
	// (entryRow below), so the events are neither filtered nor split by
	// their values: every event in the window is considered, in one group
	// per unit.
	entry := q.AttributionRule() == compiler.AttributionEntry
	for _, ev := range evs {
		if !consideredUnder(entry, ev, q, s, w) {
			continue
		}
		var shard []string
		sk := encode(nil)
		if !entry {
			shard = shardValues(ev, shardKeys, s)
			sk = encode(shard)
			shardRows[sk] = shard
		}

		k := groupKey{user: ev.UserID, shard: sk}
		if unit == compiler.UnitSession {
			// A session is the pair (user_id, session_id): the same
			// session_id under two users is two sessions.
			k.session = ev.SessionID
		}
		gr, ok := groups[k]
		if !ok {
			gr = &group{shard: shard}
			groups[k] = gr
			order = append(order, k)
		}
		gr.events = append(gr.events, ev)
	}

	// Step 2: judge each group, and add it to its output row.
	rows := map[rowKey]*Row{}
	addRow := func(shard []string, nulls []bool, period time.Time) *Row {
		k := rowKey{shard: encode(shard), nulls: fmt.Sprint(nulls), period: period}
		r, ok := rows[k]
		if !ok {
			r = &Row{Shard: shard, NullShard: nulls, Period: period}
			rows[k] = r
		}
		return r
	}
	if q.By == compiler.PeriodNone {
		// Without by() the rows exist before any counting: the single row,
		// or one per shard combination seen.
		if len(shardKeys) == 0 {
			addRow(nil, nil, time.Time{})
		} else {
			for _, shard := range shardRows {
				addRow(shard, nil, time.Time{})
			}
		}
	}
	for _, k := range order {
		gr := groups[k]

		// first_from is the earliest from-event in the window (an event
		// at or after End, read under within(), is never an anchor); a
		// group with none is not a trial and, under by(), makes no row.
		isFrom := func(ev events.Event) bool { return matches(ev, fromMatch) && ev.CreatedAt.Before(w.End) }
		var firstFrom time.Time
		hasFrom := false
		for _, ev := range gr.events {
			if isFrom(ev) && (!hasFrom || ev.CreatedAt.Before(firstFrom)) {
				firstFrom = ev.CreatedAt
				hasFrom = true
			}
		}
		if !hasFrom {
			continue
		}

		// A from-event converts when another event, a to-event, lies at or
		// after it (ties count) and, with within(), no later than it plus
		// within, inclusive. The to-event must be another event: in
		// e.from(x).to(x) one x event is not a success on its own. Events
		// are told apart by their place in the list, so two identical rows
		// are two events.
		//
		// Under attempt(first), the default, the anchor is a from-event at
		// first_from; when several share that instant any of them may be
		// the anchor, so a tie between two different events counts. Under
		// attempt(any) every from-event may be the anchor.
		//
		// With excludeBetween, the to-event must also have no event at an
		// excluded node strictly after the anchor and strictly before it.
		converts := func(i int) bool {
			anchor := gr.events[i]
			for j, ev := range gr.events {
				if j == i || !matches(ev, toMatch) || ev.CreatedAt.Before(anchor.CreatedAt) {
					continue
				}
				if q.Within != nil {
					if ev.CreatedAt.After(deadline(q, anchor.CreatedAt)) {
						continue
					}
				}
				if excludedBetween(gr.events, q, g, anchor.CreatedAt, ev.CreatedAt) {
					continue
				}
				return true
			}
			return false
		}
		succeeded := false
		// periodOf is the instant whose period the unit counts in: the
		// earliest anchor that converts, else first_from. Under
		// attempt(first) both are first_from.
		periodOf := firstFrom
		for i, ev := range gr.events {
			if !isFrom(ev) {
				continue
			}
			if q.Attempt != compiler.AttemptAny && !ev.CreatedAt.Equal(firstFrom) {
				continue
			}
			if converts(i) && (!succeeded || ev.CreatedAt.Before(periodOf)) {
				succeeded = true
				periodOf = ev.CreatedAt
			}
		}

		// The row of this group. Under by() the group makes its row exist
		// even if the path conditions below reject it.
		shard := gr.shard
		var nullShard []bool
		if entry {
			var ok bool
			if shard, nullShard, ok = entryRow(gr.events, q, s, isFrom, periodOf); !ok {
				continue
			}
		}
		var row *Row
		if q.By == compiler.PeriodNone {
			row = addRow(shard, nullShard, time.Time{})
		} else {
			row = addRow(shard, nullShard, truncate(periodOf, q.By))
		}

		if !pathConditionsHold(inWindow(gr.events, w), q, g, firstFrom) {
			continue
		}
		// Maturity: under within(), a unit is mature when every instant
		// of its conversion window lies before the cut-off.
		if immature(q, w, firstFrom) {
			row.Immature++
			continue
		}
		row.Trials++
		if succeeded {
			row.Successes++
		}
	}

	// Step 3: sort the rows by shard values, then period.
	out := make([]Row, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return rowLess(out[i], out[j]) })
	return out
}

// group is the considered events of one unit with one combination of shard
// values.
type group struct {
	shard  []string
	events []events.Event
}

// groupKey identifies a group. session is empty when the unit is the user.
type groupKey struct {
	user, session string
	shard         string // encode(shard values)
}

// rowKey identifies an output row.
type rowKey struct {
	shard  string // encode(shard values)
	nulls  string // which of them are NULL, under attribution(entry)
	period time.Time
}

// encode turns shard values into a map key that no two different value
// lists share, whatever characters the values hold (%q quotes each one).
func encode(values []string) string { return fmt.Sprintf("%q", values) }

// considered tells whether an event takes part in the reference at all:
// inside the window, equal to every context value, equal to one of the
// values of every contextAny key, and non-NULL in every shard column.
//
// Under within() an event up to the cut-off is considered, so that a
// to-event after End counts; a shard value seen only after End then makes
// a row with zero trials, as any shard value of a considered event does.
func considered(ev events.Event, q *compiler.Query, s compiler.Schema, w Window) bool {
	// The window is half-open: an event exactly at Start is in, exactly at
	// the cut-off (End without within()) is out.
	if ev.CreatedAt.Before(w.Start) || !ev.CreatedAt.Before(w.cutOff(q)) {
		return false
	}
	for _, t := range q.Context {
		v := column(ev, s, t.Key)
		if t.Shard {
			if v == nil {
				return false
			}
			continue
		}
		// NULL never equals a value, not even the empty string.
		if v == nil || *v != t.Value {
			return false
		}
	}
	// contextAny: OR within a key, AND across keys.
	anyOK := map[string]bool{}
	for _, t := range q.ContextAny {
		if _, seen := anyOK[t.Key]; !seen {
			anyOK[t.Key] = false
		}
		if v := column(ev, s, t.Key); v != nil && *v == t.Value {
			anyOK[t.Key] = true
		}
	}
	for _, ok := range anyOK {
		if !ok {
			return false
		}
	}
	return true
}

// unitOf resolves the unit argument of Count and its kin: "" means the
// schema's unit, and then session.
func unitOf(unit compiler.Unit, s compiler.Schema) compiler.Unit {
	if unit == "" {
		unit = s.Unit
	}
	if unit == "" {
		unit = compiler.UnitSession
	}
	return unit
}

// consideredUnder tells whether ev is one of the events q counts: under
// attribution(entry) (entry set) every event in reach, else those that
// pass its context filters too (considered).
func consideredUnder(entry bool, ev events.Event, q *compiler.Query, s compiler.Schema, w Window) bool {
	if entry {
		return inReach(ev, q, w)
	}
	return considered(ev, q, s, w)
}

// immature tells whether a trial anchored at firstFrom is not yet
// judged: q has within() and the end of its conversion window [anchor,
// anchor + within] is not before the cut-off. The cut-off is exclusive,
// so anchor + within exactly at the cut-off is immature: a to-event at
// that instant would not be seen.
func immature(q *compiler.Query, w Window, firstFrom time.Time) bool {
	if q.Within == nil {
		return false
	}
	return !deadline(q, firstFrom).Before(w.cutOff(q))
}

// deadline is the last instant at which a to-event converts a trial of
// q, which has within(), anchored at anchor.
func deadline(q *compiler.Query, anchor time.Time) time.Time {
	return anchor.Add(time.Duration(q.Within.Seconds()) * time.Second)
}

// inReach tells whether an event lies in [Start, cut-off): the events
// attribution(entry) considers, whatever their context values.
func inReach(ev events.Event, q *compiler.Query, w Window) bool {
	return !ev.CreatedAt.Before(w.Start) && ev.CreatedAt.Before(w.cutOff(q))
}

// entryRow reads a unit's context values on its anchor, under
// attribution(entry): the from-events at the instant at (the first
// from-event, or under attempt(any) the earliest one that converts). When
// they disagree the unit takes the least value (Go string order, which is
// the engines' byte order), and NULL only when none has a value. It
// returns the shard values in the order of q.ShardKeys() with the NULL
// flags (nil when none is NULL), and whether the values pass the context
// filters: a unit whose anchor fails them is not part of the reference
// and makes no row.
func entryRow(evs []events.Event, q *compiler.Query, s compiler.Schema, isFrom func(events.Event) bool, at time.Time) ([]string, []bool, bool) {
	value := func(key string) *string {
		var least *string
		for _, ev := range evs {
			if !isFrom(ev) || !ev.CreatedAt.Equal(at) {
				continue
			}
			if v := column(ev, s, key); v != nil && (least == nil || *v < *least) {
				least = v
			}
		}
		return least
	}
	var shard []string
	var nulls []bool
	for _, t := range q.Context {
		v := value(t.Key)
		if !t.Shard {
			if v == nil || *v != t.Value {
				return nil, nil, false
			}
			continue
		}
		if v == nil {
			if nulls == nil {
				nulls = make([]bool, len(q.ShardKeys()))
			}
			nulls[len(shard)] = true
			shard = append(shard, "")
			continue
		}
		shard = append(shard, *v)
	}
	// contextAny: the anchor's value is one of the key's values, for every
	// key.
	anyOK := map[string]bool{}
	for _, t := range q.ContextAny {
		v := value(t.Key)
		anyOK[t.Key] = anyOK[t.Key] || v != nil && *v == t.Value
	}
	for _, ok := range anyOK {
		if !ok {
			return nil, nil, false
		}
	}
	return shard, nulls, true
}

// inWindow keeps the events before End: visited, visitedAny and exclude
// look at the entry window only, also under within().
func inWindow(evs []events.Event, w Window) []events.Event {
	var out []events.Event
	for _, ev := range evs {
		if ev.CreatedAt.Before(w.End) {
			out = append(out, ev)
		}
	}
	return out
}

// column reads the context column of key k on an event; nil is NULL.
func column(ev events.Event, s compiler.Schema, k string) *string {
	return ev.Context[s.ContextColumn(k)] // a nil map or missing key is NULL
}

// shardValues returns the event's shard column values in the order of the
// shard keys; considered has already checked that none is NULL.
func shardValues(ev events.Event, keys []string, s compiler.Schema) []string {
	if len(keys) == 0 {
		return nil
	}
	vals := make([]string, len(keys))
	for i, k := range keys {
		vals[i] = *column(ev, s, k)
	}
	return vals
}

// matches tells whether an event is at a node: every non-empty field of the
// predicate equals the event's column.
func matches(ev events.Event, m compiler.NodeMatch) bool {
	if m.EventType != "" && ev.EventType != m.EventType {
		return false
	}
	if m.NodeSlug != "" && ev.NodeSlug != m.NodeSlug {
		return false
	}
	return true
}

// atNode tells whether any of the events is at the named node. Time order
// does not matter: a visit after the attempt counts as a visit.
func atNode(evs []events.Event, g *compiler.Graph, name string) bool {
	m := g.Node(name)
	for _, ev := range evs {
		if matches(ev, m) {
			return true
		}
	}
	return false
}

// pathConditionsHold checks visited (every node), visitedAny (some node of
// every group), visitedBefore (every node, at or before first_from, the
// first from-event, whatever attempt() says) and exclude (no node) over one
// group's considered events.
func pathConditionsHold(evs []events.Event, q *compiler.Query, g *compiler.Graph, firstFrom time.Time) bool {
	for _, n := range q.VisitedBefore {
		m := g.Node(n)
		found := false
		for _, ev := range evs {
			if matches(ev, m) && !ev.CreatedAt.After(firstFrom) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	for _, n := range q.Visited {
		if !atNode(evs, g, n) {
			return false
		}
	}
	for _, grp := range q.VisitedAny {
		found := false
		for _, n := range grp {
			if atNode(evs, g, n) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	for _, n := range q.Exclude {
		if atNode(evs, g, n) {
			return false
		}
	}
	return true
}

// excludedBetween tells whether an event at an excludeBetween node lies
// strictly after from and strictly before to.
func excludedBetween(evs []events.Event, q *compiler.Query, g *compiler.Graph, from, to time.Time) bool {
	for _, n := range q.ExcludeBetween {
		m := g.Node(n)
		for _, ev := range evs {
			if matches(ev, m) && ev.CreatedAt.After(from) && ev.CreatedAt.Before(to) {
				return true
			}
		}
	}
	return false
}

// truncate returns the UTC midnight starting t's day, week (weeks start on
// Monday) or month.
func truncate(t time.Time, p compiler.Period) time.Time {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	switch p {
	case compiler.PeriodDay:
		return day
	case compiler.PeriodWeek:
		// Weekday counts from Sunday = 0; days since Monday is (wd+6)%7.
		back := (int(day.Weekday()) + 6) % 7
		return day.AddDate(0, 0, -back)
	case compiler.PeriodMonth:
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	panic(fmt.Sprintf("oracle: unknown period %q", p))
}

// isNull tells whether a row's i-th shard value is NULL.
func isNull(r Row, i int) bool { return i < len(r.NullShard) && r.NullShard[i] }

// rowLess orders rows by shard values element by element, then by period.
func rowLess(a, b Row) bool {
	for i := 0; i < len(a.Shard) && i < len(b.Shard); i++ {
		if a.Shard[i] != b.Shard[i] {
			return a.Shard[i] < b.Shard[i]
		}
		// A NULL value, spelt "", sorts before the empty string.
		if an, bn := isNull(a, i), isNull(b, i); an != bn {
			return an
		}
	}
	if len(a.Shard) != len(b.Shard) {
		return len(a.Shard) < len(b.Shard)
	}
	return a.Period.Before(b.Period)
}
