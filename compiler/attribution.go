package compiler

import "github.com/paramsql/paramsql/internal/snapcache"

// Attribution says which row of a context() breakdown or filter a unit
// counts in when its events carry different values.
type Attribution string

// The attributions of attribution(). A Query holds DefaultAttribution as
// "", so that writing the default and writing nothing are the same query
// and the canonical form omits it.
const (
	// AttributionEntry: the unit's row is the context value on its anchor
	// from-event, and all of its events count in that row (first touch,
	// as funnel breakdowns in PostHog, Mixpanel and Amplitude attribute).
	AttributionEntry Attribution = "entry"
	// AttributionEvent: each event counts under its own value, so a
	// context() row is a sub-funnel over the events carrying that value.
	AttributionEvent Attribution = "event"
)

// DefaultAttribution is the attribution of a reference that writes none.
const DefaultAttribution = AttributionEntry

// AttributionRule returns the query's attribution with the default
// resolved.
func (q *Query) AttributionRule() Attribution {
	if q.Attribution == "" {
		return DefaultAttribution
	}
	return q.Attribution
}

// entryRow compiles attribution(entry): the unit's row is the context
// values on its anchor, and its context filters test those values, while
// every other condition reads all of the unit's events. Compile has left
// the context clauses out of the event filter, so the unit's events are
// not split by value.
//
// The anchor is the first from-event (in [start, end) under within()), or
// under attempt(any) with within() the earliest from-event that converts,
// so the unit counts where its period does. From-events at the anchor's
// instant are all the anchor: when their values differ the unit takes
// the least one, and NULL only when none has a value. The value of each
// key is taken on its own.
//
// It returns trial with the filters added, and the output's Present:
// only units with an anchor that passes the filters make a row, as under
// the per-event rule only units with events that pass them do. The shard
// keys go to Plan.Attributed. trial begins with the test that the unit
// has an anchor, which Present shares.
func (b *planBuilder) entryRow(q *Query, trial And, fromPred Expr, first, converting string) (And, Expr) {
	// Room for every filter: growing the list showed in compile profiles.
	present := And(b.exprRoom(1 + len(q.Context) + len(q.ContextAny)))[:1]
	present[0] = trial[0]
	s := b.opts.Schema
	valueOf := func(key string) string {
		col := s.ContextColumn(key)
		return b.measure(Measure{Kind: MeasureAtAnchor, When: fromPred, Anchor: first, Converting: converting, Column: col},
			"entry", key)
	}
	for _, t := range q.Context {
		v := valueOf(t.Key)
		if t.Shard {
			b.plan.Attributed = append(b.plan.Attributed, Shard{Key: t.Key, Column: s.ContextColumn(t.Key), Measure: v})
			continue
		}
		present = append(present, anchorTest(v, t.Value))
	}
	for i := 0; i < len(q.ContextAny); {
		j := i
		var vals []Expr
		for ; j < len(q.ContextAny) && q.ContextAny[j].Key == q.ContextAny[i].Key; j++ {
			vals = append(vals, Text{q.ContextAny[j].Value})
		}
		v := MeasureValue{valueOf(q.ContextAny[i].Key)}
		if len(vals) == 1 {
			present = append(present, Equals{v, vals[0]})
		} else {
			present = append(present, InList{v, vals})
		}
		i = j
	}
	return append(trial, present[1:]...), present
}

// AttributesToEntry tells whether q's context clauses read its anchor:
// it has some, under attribution(entry).
func (q *Query) AttributesToEntry() bool {
	return q.AttributionRule() == AttributionEntry && (len(q.Context) > 0 || len(q.ContextAny) > 0)
}

// Batchable returns nil when CompileBatch counts q, else a *PlanError
// that says why. The batch plans do not key a time series by the
// excluded nodes of excludeBetween under attempt(any): such a reference
// is compiled on its own, with Compile.
func Batchable(q *Query) error {
	if q.Attempt == AttemptAny && len(q.ExcludeBetween) > 0 {
		return &PlanError{Ref: q.String(), Msg: "a batch does not count excludeBetween with attempt(any) yet; compile the reference on its own"}
	}
	return nil
}

// anchorValueTest is an anchor value, named by its measure, compared
// with a text.
type anchorValueTest struct{ measure, value string }

// anchorTests shares the Equals{MeasureValue, Text} filters of entry
// references between plans, as nodePredicates does node matches: they
// are immutable, and building one boxes three values.
var anchorTests snapcache.Cache[anchorValueTest, Expr]

func newAnchorTest(k anchorValueTest) Expr { return Equals{MeasureValue{k.measure}, Text{k.value}} }

// anchorTest returns Equals{MeasureValue{measure}, Text{value}}, shared
// when cached.
func anchorTest(measure, value string) Expr {
	return anchorTests.Get(anchorValueTest{measure, value}, newAnchorTest)
}
