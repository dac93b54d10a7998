package oracle

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/events"
)

// BaseTime is the fixed instant the random events cluster around:
// Saturday 2025-02-01 00:00:00 UTC. The events span roughly three weeks
// around it, so they cross a month boundary (January to February) and
// several Sunday/Monday week boundaries.
var BaseTime = time.Date(2025, time.February, 1, 0, 0, 0, 0, time.UTC)

// The vocabularies of the random events and queries. They are small so that
// random queries often hit random events.
var (
	// EventTypes are the event_type values of random events.
	EventTypes = []string{"signup_attempt", "signup_success", "checkout_attempt", "checkout_success", "page_view"}
	// NodeSlugs are the node_slug values of random events, and the node
	// names of random queries (with no graph a node matches its slug).
	NodeSlugs = []string{"homepage", "pricing", "demo", "docs", "signup", "checkout"}
	// EdgeNames are the named edges of random queries: e.signup means
	// signup_attempt -> signup_success under the default graph.
	EdgeNames = []string{"signup", "checkout"}
	// ContextValues are the non-NULL values of each context column. Each
	// list holds a value that needs escaping in SQL, so that a compiler
	// that splices text into SQL breaks visibly. A random event may also
	// leave any column NULL.
	ContextValues = map[string][]string{
		"channel": {"google", "facebook", "o'brien"},
		"device":  {"mobile", "desktop", `a\b`},
		"country": {"us", "gb", "x--y;", "ünï😀"},
	}
)

// offsets are the distances, in seconds, of a random event from its
// session's anchor instant. Zero is listed often so that many events share
// an instant (ties); the others sit on, just before and just after the
// within() amounts RandomQuery picks, and a few are negative so that a
// success often comes before the first attempt.
var offsets = []int64{
	0, 0, 0, 0, 0, 0,
	1, 2, 30, 59, 60, 61, 90, 1799, 1800, 1801,
	3599, 3600, 3601, 7200, 86399, 86400, 86401,
	3 * 86400, 7*86400 - 1, 7 * 86400, 7*86400 + 1,
	-1, -60, -3600,
}

// withinSeconds are the within() bounds RandomQuery draws, before they are
// normalised to the largest unit that divides them. They match offsets.
var withinSeconds = []int64{0, 1, 2, 30, 59, 60, 90, 1800, 3600, 7200, 86400, 3 * 86400, 7 * 86400, 90061}

// RandomEvents returns n random events, a pure function of r's state.
//
// They are shaped to make the interesting cases frequent: 1 to 40 users
// (fewer when n is small) with 1 to 4 sessions each, where session ids repeat across users (s1, s2,
// …) so a session must be keyed by user too; events of a session sit at its
// anchor instant plus an offset from a short list, giving ties, successes
// before attempts and events exactly at within() boundaries; anchors are
// often on whole hours so that RandomWindow bounds land on events; and the
// context of a session sometimes changes mid-session, so a unit's events
// split across contexts. Timestamps are UTC whole seconds.
func RandomEvents(r *rand.Rand, n int) []events.Event {
	// At most one user per ten events, so sessions have several events
	// and attempts meet successes even when n is small.
	users := 1 + r.IntN(min(40, max(1, n/10)))
	type session struct {
		user, id string
		anchor   time.Time
		ctx      map[string]*string
	}
	var sessions []session
	for u := 1; u <= users; u++ {
		perUser := 1 + r.IntN(4)
		for s := 1; s <= perUser; s++ {
			sessions = append(sessions, session{
				user:   "u" + strconv.Itoa(u),
				id:     "s" + strconv.Itoa(s),
				anchor: randomAnchor(r),
				ctx:    randomContext(r),
			})
		}
	}
	evs := make([]events.Event, 0, n)
	for range n {
		s := sessions[r.IntN(len(sessions))]
		var at time.Time
		if r.IntN(4) == 0 {
			// Some events anywhere in the first six hours of the session.
			at = s.anchor.Add(time.Duration(r.IntN(6*3600)) * time.Second)
		} else {
			at = s.anchor.Add(time.Duration(offsets[r.IntN(len(offsets))]) * time.Second)
		}
		ctx := s.ctx
		if r.IntN(4) == 0 {
			// The unit's events split across contexts.
			ctx = randomContext(r)
		}
		typ, slug := randomTypeAndSlug(r)
		evs = append(evs, events.Event{
			UserID:    s.user,
			SessionID: s.id,
			EventType: typ,
			NodeSlug:  slug,
			CreatedAt: at,
			Context:   copyContext(ctx),
		})
	}
	return evs
}

// randomAnchor picks a session's anchor between 10 days before and 4 days
// after BaseTime; offsets then spread the events over about three weeks.
// Half of the anchors are on whole hours, the grid RandomWindow uses, and
// some are exactly on a midnight so by() boundaries are hit.
func randomAnchor(r *rand.Rand) time.Time {
	const span = 14 * 24 // hours
	start := BaseTime.Add(-10 * 24 * time.Hour)
	switch r.IntN(4) {
	case 0:
		return start.Add(time.Duration(r.IntN(14)) * 24 * time.Hour)
	case 1:
		return start.Add(time.Duration(r.IntN(span)) * time.Hour)
	}
	return start.Add(time.Duration(r.IntN(span*3600)) * time.Second)
}

// randomContext gives each context column a value, with NULLs (both a
// missing key and an explicit nil) among them.
func randomContext(r *rand.Rand) map[string]*string {
	ctx := map[string]*string{}
	for _, k := range events.ContextKeys {
		vals := ContextValues[k]
		if r.IntN(2) == 0 {
			// The first value is common, as real traffic is skewed, so
			// that filters on it keep many units.
			ctx[k] = events.Str(vals[0])
			continue
		}
		// Otherwise each value is twice as likely as either kind of NULL.
		switch i := r.IntN(2*len(vals) + 2); {
		case i < 2*len(vals):
			ctx[k] = events.Str(vals[i/2])
		case i == 2*len(vals):
			ctx[k] = nil // explicit NULL
		default:
			// missing key: also NULL
		}
	}
	return ctx
}

// copyContext copies the map so events never share one: a test that edits
// one event's context must not change another's.
func copyContext(ctx map[string]*string) map[string]*string {
	out := make(map[string]*string, len(ctx))
	for k, v := range ctx {
		if v != nil {
			v = events.Str(*v)
		}
		out[k] = v
	}
	return out
}

// randomTypeAndSlug keeps event types and slugs mostly coherent (a signup
// attempt usually happens on the signup page) but not always, so node
// predicates that test both columns have something to reject.
func randomTypeAndSlug(r *rand.Rand) (string, string) {
	typ := EventTypes[r.IntN(len(EventTypes))]
	if r.IntN(5) == 0 {
		return typ, NodeSlugs[r.IntN(len(NodeSlugs))]
	}
	switch typ {
	case "signup_attempt", "signup_success":
		return typ, "signup"
	case "checkout_attempt", "checkout_success":
		return typ, "checkout"
	}
	return typ, NodeSlugs[r.IntN(len(NodeSlugs))]
}

// RandomQuery returns a random valid Query in normal form: exactly what the
// parser produces for the query's canonical text (q.String()).
//
// The normal form it keeps: Visited, Exclude and every VisitedAny group are
// sorted and de-duplicated, nil when empty; the VisitedAny groups are
// themselves sorted (slices.Compare) and de-duplicated; no node is both in
// Visited and in Exclude, no excluded node is the edge's from- or to-node,
// and no VisitedAny group is wholly excluded; a context value whose key
// ContextAny lists is among its values; Context has at most one term per key, sorted by
// key, a shard term having no value; ContextAny is sorted by key then value
// and de-duplicated; Within is written in the largest of d, h, m that
// divides it (0 is 0s); terms carry no positions.
//
// Within those rules it deliberately produces the legal oddities too: an
// e.from(a).to(a) edge (one event is both attempt and success), one-node
// and overlapping visitedAny groups, a node in both visitedAny and exclude
// (the group's others not), a key in both context and contextAny (a shard
// key, or a value contextAny lists), within(0s), attempt(any) without
// within, attribution(entry) with any of these, and context values no
// event has.
func RandomQuery(r *rand.Rand) *compiler.Query {
	q := &compiler.Query{}
	switch r.IntN(8) {
	case 0, 1, 2, 3:
		q.Edge.Name = EdgeNames[r.IntN(len(EdgeNames))]
	case 4:
		n := NodeSlugs[r.IntN(len(NodeSlugs))]
		q.Edge.From, q.Edge.To = n, n
	default:
		nodes := pick(r, NodeSlugs, 2)
		q.Edge.From, q.Edge.To = nodes[0], nodes[1]
	}

	if r.IntN(4) == 0 {
		q.Visited = sortedPick(r, NodeSlugs, 1+r.IntN(2))
	}
	if r.IntN(4) == 0 {
		for range 1 + r.IntN(2) {
			q.VisitedAny = append(q.VisitedAny, sortedPick(r, NodeSlugs, 1+r.IntN(3)))
		}
		// Groups AND together, so the normal form sorts them and drops
		// repeats.
		slices.SortFunc(q.VisitedAny, slices.Compare)
		q.VisitedAny = slices.CompactFunc(q.VisitedAny, slices.Equal)
	}
	if r.IntN(4) == 0 {
		q.VisitedBefore = sortedPick(r, NodeSlugs, 1+r.IntN(2))
	}
	if r.IntN(4) == 0 {
		// A node both visited (or visitedBefore) and excluded is an
		// error, and so is the edge's own from- or to-node, so exclude
		// only draws from the others.
		var rest []string
		for _, n := range NodeSlugs {
			if !slices.Contains(q.Visited, n) && !slices.Contains(q.VisitedBefore, n) && n != q.Edge.From && n != q.Edge.To {
				rest = append(rest, n)
			}
		}
		q.Exclude = sortedPick(r, rest, 1+r.IntN(2))
		// A visitedAny group whose every node is excluded is an error
		// too: such a group is dropped.
		q.VisitedAny = slices.DeleteFunc(q.VisitedAny, func(g []string) bool {
			return !slices.ContainsFunc(g, func(n string) bool { return !slices.Contains(q.Exclude, n) })
		})
		if len(q.VisitedAny) == 0 {
			q.VisitedAny = nil
		}
	}

	// Context keys in sorted order, each at most once: absent, a value, or
	// a shard. contextAny draws its keys independently.
	keys := slices.Sorted(slices.Values(events.ContextKeys))
	for _, k := range keys {
		switch r.IntN(7) {
		case 0:
			q.Context = append(q.Context, compiler.Term{Key: k, Value: randomValue(r, k)})
		case 1:
			q.Context = append(q.Context, compiler.Term{Key: k, Shard: true})
		}
	}
	for _, k := range keys {
		if r.IntN(6) != 0 {
			continue
		}
		var vals []string
		for range 1 + r.IntN(3) {
			vals = append(vals, randomValue(r, k))
		}
		// A context value that contextAny does not list is an error, so
		// contextAny of that key lists it too.
		if i := slices.IndexFunc(q.Context, func(t compiler.Term) bool { return t.Key == k && !t.Shard }); i >= 0 {
			vals = append(vals, q.Context[i].Value)
		}
		slices.Sort(vals)
		for _, v := range slices.Compact(vals) {
			q.ContextAny = append(q.ContextAny, compiler.Term{Key: k, Value: v})
		}
	}

	// attribution() needs a context clause; either rule is drawn, and the
	// default is left out as the parser leaves it out.
	if (len(q.Context) > 0 || len(q.ContextAny) > 0) && r.IntN(3) == 0 {
		if a := []compiler.Attribution{compiler.AttributionEntry, compiler.AttributionEvent}[r.IntN(2)]; a != compiler.DefaultAttribution {
			q.Attribution = a
		}
	}
	if r.IntN(5) < 2 {
		d := normaliseWithin(withinSeconds[r.IntN(len(withinSeconds))])
		q.Within = &d
	}
	// attempt(any) mostly with within(), where it differs from first,
	// and now and then without, where it must count as first does.
	if r.IntN(3) == 0 {
		q.Attempt = compiler.AttemptAny
	}
	if r.IntN(4) == 0 {
		q.ExcludeBetween = sortedPick(r, NodeSlugs, 1+r.IntN(2))
	}
	switch r.IntN(6) {
	case 0:
		q.By = compiler.PeriodDay
	case 1:
		q.By = compiler.PeriodWeek
	case 2:
		q.By = compiler.PeriodMonth
	}
	stats := []compiler.Stat{compiler.StatNone, compiler.StatNone, compiler.StatMean, compiler.StatStdev,
		compiler.StatAlpha, compiler.StatBeta, compiler.StatN, compiler.StatK}
	q.Stat = stats[r.IntN(len(stats))]
	return q
}

// randomValue picks a context value for a query: mostly one the events
// have, now and then "none", which no event has, so that a filter sometimes
// leaves nothing.
func randomValue(r *rand.Rand, key string) string {
	vals := ContextValues[key]
	if r.IntN(8) == 0 {
		return "none"
	}
	return vals[r.IntN(len(vals))]
}

// normaliseWithin writes a positive number of seconds in the largest unit
// that divides it evenly: 86400 is 1d, never 24h; 90 stays 90s; 0 is 0s.
func normaliseWithin(sec int64) compiler.Duration {
	switch {
	case sec == 0:
		return compiler.Duration{Amount: 0, Unit: 's'}
	case sec%86400 == 0:
		return compiler.Duration{Amount: sec / 86400, Unit: 'd'}
	case sec%3600 == 0:
		return compiler.Duration{Amount: sec / 3600, Unit: 'h'}
	case sec%60 == 0:
		return compiler.Duration{Amount: sec / 60, Unit: 'm'}
	}
	return compiler.Duration{Amount: sec, Unit: 's'}
}

// sortedPick returns k distinct elements of xs, sorted.
func sortedPick(r *rand.Rand, xs []string, k int) []string {
	out := pick(r, xs, k)
	slices.Sort(out)
	return out
}

// pick returns k distinct elements of xs in random order.
func pick(r *rand.Rand, xs []string, k int) []string {
	p := r.Perm(len(xs))
	out := make([]string, 0, k)
	for _, i := range p[:min(k, len(xs))] {
		out = append(out, xs[i])
	}
	return out
}

// RandomWindow returns a random window over the span of RandomEvents.
// Its bounds are on whole hours (and often on midnights), the grid many
// random events sit on, so events often fall exactly on a bound; now and
// then the window covers every event. Start is always before End. Until,
// the cut-off, is End (often left zero, which means End) or whole hours
// to eight days after it, so within() sees to-events after End and
// immature trials both ways.
func RandomWindow(r *rand.Rand) Window {
	w := randomEntry(r)
	switch r.IntN(3) {
	case 0:
	case 1:
		w.Until = w.End
	default:
		w.Until = w.End.Add(time.Duration(r.IntN(8*24+1)) * time.Hour)
	}
	return w
}

// randomEntry draws the entry window of RandomWindow.
func randomEntry(r *rand.Rand) Window {
	first := BaseTime.Add(-11 * 24 * time.Hour) // before every event
	const hours = 23 * 24                       // past every event
	if r.IntN(3) == 0 {
		return Window{Start: first, End: first.Add(hours * time.Hour)}
	}
	bound := func() time.Time {
		if r.IntN(2) == 0 {
			return first.Add(time.Duration(r.IntN(hours/24)) * 24 * time.Hour)
		}
		return first.Add(time.Duration(r.IntN(hours)) * time.Hour)
	}
	a, b := bound(), bound()
	for a.Equal(b) {
		b = bound()
	}
	if b.Before(a) {
		a, b = b, a
	}
	return Window{Start: a, End: b}
}
