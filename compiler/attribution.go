package compiler

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
const DefaultAttribution = AttributionEvent

// AttributionRule returns the query's attribution with the default
// resolved.
func (q *Query) AttributionRule() Attribution {
	if q.Attribution == "" {
		return DefaultAttribution
	}
	return q.Attribution
}
