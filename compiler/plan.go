package compiler

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paramsql/paramsql/internal/snapcache"
)

// Plan is the database-neutral shape of one statement. It reads the events
// table once over a window, groups the considered events per unit (and per
// shard value), computes per-unit measures, then counts trials and successes
// for each output from those measures. A later batch planner puts many
// outputs on one Plan so that they share the scan.
type Plan struct {
	Table  string
	Time   string // the created_at column
	Window Window // start <= Time < end
	// ObserveUntil, when set, is the observation cut-off: the scan reads
	// events up to it rather than up to Window.End, because the plan's
	// references take to-events after the entry window (see Entry). The
	// measures of the entry side carry Time < Window.End themselves.
	ObserveUntil Expr
	Filter       []Expr // event-level conditions besides the window, ANDed
	// Relevance, when set, ORs the events that some measure reads: the
	// scan may skip the rest, and it may also read them, since no count
	// changes either way (see finish). It is apart from Filter so that a
	// dialect on which the test costs more than it saves can leave it out.
	Relevance Expr
	UnitKeys  []string // columns that key one unit
	Shards    []Shard  // columns that shard the result, grouped with the unit
	// Attributed are the shard keys of a reference with attribution(entry):
	// each is a per-unit value read on the unit's anchor (Shard.Measure),
	// not an event column the units are grouped by. See entryRow.
	Attributed []Shard
	Measures   []Measure // per-unit aggregates, in a stable order
	Period     Period    // PeriodNone unless the outputs are a time series
	PeriodOf   string    // the MeasureFirst whose time is truncated into period
	// PeriodFirst, when set, is the unit's first from-event: PeriodOf is
	// then a MeasureFirstConverting, NULL for a unit whose attempts all
	// failed, which counts in the period of PeriodFirst instead.
	PeriodFirst string
	// Contexts, when set, are the context columns of the outputs' own
	// filters. The renderer may then aggregate events per unit and
	// context values first, and apply each Filter to those few rows.
	Contexts []string
	// SharedPass is set on the scans of a Batch.Shared group: their
	// Contexts include every scan's shard columns, and units are counted
	// as single-context across all of them.
	SharedPass bool
	Outputs    []Output
}

// Window is the half-open entry window. Each bound is a Param (bound at
// run time) or a Timestamp literal. Until is the observation cut-off of
// references with within(): their to-events may lie after End, up to the
// anchor plus the window, and never at or after Until; nil means the
// parameter observe_until.
type Window struct {
	Start Expr
	End   Expr
	Until Expr
}

// Shard is a shard key: Key names the output column, Column the physical
// column read. Measure, set on a Plan.Attributed shard only, is the
// MeasureAtAnchor that holds the unit's value.
type Shard struct {
	Key     string
	Column  string
	Measure string
}

// MeasureKind says how a per-unit measure aggregates the unit's events.
type MeasureKind int

// The measure kinds.
const (
	// MeasureFirst is the earliest time of the matching events, NULL when none.
	MeasureFirst MeasureKind = iota
	// MeasureLast is the latest time of the matching events, NULL when none.
	MeasureLast
	// MeasureAny tells whether any event matches.
	MeasureAny
	// MeasureReachedWithin tells whether a matching event lies in
	// [Anchor, Anchor + Seconds], where Anchor is a MeasureFirst.
	MeasureReachedWithin
	// MeasureCountWithin is how many matching events lie in [Anchor,
	// Anchor + Seconds], or at or after Anchor when Unbounded. A repeated
	// step reads it: the anchor itself may be one of the events counted.
	MeasureCountWithin
	// MeasureFirstConverting is the earliest time of an event matching
	// When that another event matching To follows within [time, time +
	// Seconds]; NULL when none. attempt(any) reads it.
	MeasureFirstConverting
	// MeasureFirstAfter is the earliest time of a matching event strictly
	// after Anchor, NULL when none. excludeBetween reads it.
	MeasureFirstAfter
	// MeasureAtAnchor is the value of Column on the events matching When
	// at the anchor's instant: Converting's time when that is not NULL,
	// else Anchor's. The least value when they differ, NULL when none has
	// one. attribution(entry) reads it.
	MeasureAtAnchor
)

// Measure is one per-unit aggregate. Name is a plain lower-case SQL alias.
type Measure struct {
	Name string
	Kind MeasureKind
	When Expr // the event condition: Filter AND Pred
	// Filter is the output's own context condition folded into When (nil
	// when the scan applies it to every event), and Pred the rest: the
	// node or edge predicate (nil for a bare "has own events" flag). A
	// renderer that pre-aggregates per context value applies Filter to
	// the pre-aggregated rows instead of to every event.
	Filter    Expr
	Pred      Expr
	Anchor    string // MeasureReachedWithin and MeasureCountWithin only
	Seconds   int64  // MeasureReachedWithin and MeasureCountWithin only
	Unbounded bool   // MeasureCountWithin only: Seconds is ignored
	// To is the to-event condition of a MeasureFirstConverting, with the
	// output's own filter folded in as in When.
	To Expr
	// Blocker, on a MeasureFirstConverting only, is the condition of the
	// excludeBetween events: a to-event converts a from-event only when
	// no such event lies strictly between them. Unbounded, there, drops
	// the window's upper bound.
	Blocker Expr
	// Column and Converting are read by MeasureAtAnchor only: the column
	// whose value it takes, and the MeasureFirstConverting whose time
	// replaces Anchor's when set.
	Column     string
	Converting string
}

// Output is one reference's counts over the per-unit rows.
type Output struct {
	Ref     string // the canonical reference, for comments and batch rows
	Trial   Expr   // over measures: the unit is a trial
	Success Expr   // over measures: the trial succeeded (Trial is implied)
	// Filter is the output's own context condition when the plan folds it
	// into the output's measures (see Measure.Filter); nil otherwise.
	Filter Expr
	// Present, when set, says which per-unit rows hold any of the output's
	// considered events. A batch sets it on sharded outputs whose context
	// filter is not the scan's: a shard row exists only where it holds.
	Present Expr
	// Immature, set for a reference with within(), holds for a unit that
	// would be a trial but whose conversion window ends after the
	// cut-off: it is left out of Trial and counted apart.
	Immature Expr
}

// Options says what a reference is compiled against.
type Options struct {
	Schema Schema
	Graph  *Graph
	Unit   Unit   // empty means Schema.Unit, then session
	Window Window // nil bounds become the parameters window_start and window_end
}

// Window parameter names used when no literal bounds are given.
const (
	ParamWindowStart  = "window_start"
	ParamWindowEnd    = "window_end"
	ParamObserveUntil = "observe_until"
)

// WindowValues names the values of the window parameters, for binding a
// statement whose window is not written as literals. The observation
// cut-off is the window's end.
func WindowValues(start, end time.Time) map[string]any {
	return ObservedWindowValues(start, end, end)
}

// ObservedWindowValues is WindowValues with an observation cut-off until,
// which should not be before end.
func ObservedWindowValues(start, end, until time.Time) map[string]any {
	return map[string]any{ParamWindowStart: start, ParamWindowEnd: end, ParamObserveUntil: until}
}

// LiteralWindow returns a window written into the SQL as UTC literals,
// observed until its end.
func LiteralWindow(start, end time.Time) Window {
	return LiteralObservedWindow(start, end, end)
}

// LiteralObservedWindow is LiteralWindow with an observation cut-off.
func LiteralObservedWindow(start, end, until time.Time) Window {
	return Window{Start: Timestamp{start.UTC()}, End: Timestamp{end.UTC()}, Until: Timestamp{until.UTC()}}
}

// PlanError is a reference that is well-formed but cannot be compiled
// against the given schema.
type PlanError struct {
	Ref string
	Msg string
}

// Error gives the canonical reference and what cannot be compiled.
func (e *PlanError) Error() string { return fmt.Sprintf("%s: %s", e.Ref, e.Msg) }

// Compile plans one normalised reference.
func Compile(q *Query, opts Options) (*Plan, error) {
	return compileIn(&planStorage{}, q, opts)
}

// CompileWith plans one normalised reference and passes the plan to use,
// whose error it returns. The plan's memory is reused once use returns,
// so use must keep nothing of the plan: a caller that renders the plan
// and drops it spares the allocation of a plan per reference, which
// showed in compile profiles.
func CompileWith(q *Query, opts Options, use func(*Plan) error) error {
	st := planStorages.Get().(*planStorage)
	defer releasePlanStorage(st)
	p, err := compileIn(st, q, opts)
	if err != nil {
		return err
	}
	return use(p)
}

// planStorages keeps the storage of CompileWith's plans.
var planStorages = sync.Pool{New: func() any { return new(planStorage) }}

// releasePlanStorage clears st and returns it to planStorages. Of the
// room for measures and conditions, most of the storage, it clears only
// what the plan may have used: the rest is zero already, and clearing
// it, write barriers included while the collector marks, showed in
// compile profiles.
func releasePlanStorage(st *planStorage) {
	clear(st.measures[:min(len(st.plan.Measures), len(st.measures))])
	clear(st.exprs[:len(st.exprs)-len(st.builder.exprsFree)])
	st.planRoom = planRoom{}
	planStorages.Put(st)
}

// compileIn is Compile with the plan built in st.
func compileIn(st *planStorage, q *Query, opts Options) (*Plan, error) {
	b, err := st.newPlanBuilder(opts)
	if err != nil {
		return nil, err
	}
	b.measuresHint = measuresOf(q)
	ref := q.String()
	filter, shards, err := b.eventFilter(q, ref)
	if err != nil {
		return nil, err
	}
	if q.AttributesToEntry() {
		// The context clauses read the anchor (entryRow), not the events.
		// The shard keys name output columns: no measure may take them.
		b.reserveShardKeys(shards)
		filter, shards = filter[:0], nil
	}
	b.plan.Shards = shards
	b.plan.Filter = filter
	b.plan.Period = q.By
	b.observe(q.Within != nil)
	b.addOutput(q, ref, nil)
	return b.finish(), nil
}

// planBuilder accumulates the measures of a plan, de-duplicating them so
// that outputs which test the same thing share one aggregate.
type planBuilder struct {
	opts      Options
	plan      *Plan
	byKey     map[measureKey]string // measure identity -> name, once named holds many
	usedNames nameSet
	// measuresHint, when set, is how many measures the plan will have
	// about: the room its list starts with, measureRoom's when it fits.
	measuresHint int
	measureRoom  []Measure
	// exprsFree is what is left of the storage's room for conditions
	// (see exprRoom).
	exprsFree []Expr
	// shardKeys are the names reserved for attribution(entry) shard
	// columns: another reference of the scan may shard by the same key.
	shardKeys map[string]bool
	relevant  []Expr // event predicates that any measure reads
	own       []Expr // the current output's own event conditions
	// observed is set when the scan reads past the entry window, up to
	// the cut-off: every measure outside a within() conversion window
	// then bounds its events by the window's end (see entry).
	observed bool

	// suffixes holds, per alias base, the last number a clash gave it:
	// names are never released, so the search for a free one resumes
	// there, which keeps a batch of many similar references linear.
	suffixes map[string]int
}

func newPlanBuilder(opts Options) (*planBuilder, error) {
	return (&planStorage{}).newPlanBuilder(opts)
}

// newPlanBuilder is a plan builder in st, which must be zero.
func (st *planStorage) newPlanBuilder(opts Options) (*planBuilder, error) {
	s := opts.Schema
	if s.Table == "" {
		s = DefaultSchema()
		opts.Schema = s
	}
	unit := opts.Unit
	if unit == "" {
		unit = s.Unit
	}
	if unit == "" {
		unit = UnitSession
	}
	if unit != UnitSession && unit != UnitUser {
		return nil, fmt.Errorf("unknown unit %q (want session or user)", unit)
	}
	opts.Unit = unit
	w := opts.Window
	if w.Start == nil {
		w.Start = Param{ParamWindowStart}
	}
	if w.End == nil {
		w.End = Param{ParamWindowEnd}
	}
	if w.Until == nil {
		w.Until = Param{ParamObserveUntil}
	}
	// Field by field, as st is zero: assigning whole structs copied
	// their zero fields too, write barriers included while the
	// collector marks, which showed in compile profiles.
	st.plan.Table = s.Table
	st.plan.Time = s.Columns.CreatedAt
	st.plan.Window = w
	st.plan.UnitKeys = append(st.unitKeys[:0], s.UnitColumns(unit)...)
	st.plan.Outputs = st.outputs[:0]
	st.builder.opts = opts
	st.builder.plan = &st.plan
	st.builder.usedNames.list = st.used[:0]
	st.builder.relevant = st.relevant[:0]
	st.builder.measureRoom = st.measures[:0]
	st.builder.exprsFree = st.exprs[:]
	return &st.builder, nil
}

// exprRoom returns an empty list with room for n conditions, carved
// from the storage's room while it lasts: the lists allocated apart
// showed in compile profiles. Its capacity is n, so that appending past
// it never writes into the next list's room.
func (b *planBuilder) exprRoom(n int) []Expr {
	if n > len(b.exprsFree) {
		return make([]Expr, 0, n)
	}
	room := b.exprsFree[:0:n]
	b.exprsFree = b.exprsFree[n:]
	return room
}

// planStorage is a plan builder, its plan and the first room of their
// lists in one allocation: a reference's plan is small, and their
// separate allocations showed in compile profiles. The plan keeps the
// builder's memory alive, which is little beside a plan's own.
type planStorage struct {
	planRoom
	measures [8]Measure
	// exprs is room for a reference's lists of conditions: its event
	// filter, its trial, its Present and its relevance filter's lists
	// (see exprRoom).
	exprs [32]Expr
}

// planRoom is a planStorage but for its room for measures and
// conditions, so that reusing one clears those apart: only what its plan
// used (see releasePlanStorage).
type planRoom struct {
	builder  planBuilder
	plan     Plan
	unitKeys [2]string
	used     [8]string
	relevant [4]Expr
	outputs  [1]Output
}

// measuresOf is about how many measures q's plan has: two for its edge,
// one per node tested, per context key read on the anchor, and one to
// tell a within() window's end from the cut-off. The rarer clauses may
// still grow the list.
func measuresOf(q *Query) int {
	n := 2 + len(q.Visited) + len(q.VisitedBefore) + len(q.Exclude)
	for _, g := range q.VisitedAny {
		n += len(g)
	}
	if q.AttributesToEntry() {
		n += len(q.Context) + len(q.ContextAny)
	}
	if q.Within != nil {
		n++
	}
	return n
}

// nameSet is a set of names, searched in order while it is small: a
// reference has a handful, and a map showed in compile profiles.
type nameSet struct {
	list []string
	m    map[string]bool // the names, once list would be long
}

func (s *nameSet) has(name string) bool {
	if s.m != nil {
		return s.m[name]
	}
	return slices.Contains(s.list, name)
}

func (s *nameSet) add(name string) {
	switch {
	case s.m != nil:
		s.m[name] = true
	case len(s.list) < 32:
		s.list = append(s.list, name)
	default:
		s.m = make(map[string]bool, 4*len(s.list))
		for _, n := range s.list {
			s.m[n] = true
		}
		s.m[name] = true
		s.list = nil
	}
}

// measureKey identifies a measure, so outputs testing the same thing share
// one aggregate.
type measureKey struct {
	kind       MeasureKind
	when       string
	anchor     string
	seconds    int64
	unbounded  bool
	to         string
	column     string
	converting string
	blocker    string
}

// reservedAliases are names the renderers use for their own columns, so no
// measure or shard key may take them.
var reservedAliases = map[string]bool{
	"units": true, "unit_contexts": true, "ev": true, "trials": true, "successes": true, "period": true,
	"ref": true, "immature": true, "t": true, "batch": true, "signatures": true, "refs": true, "trial_counts": true,
	"success_counts": true, "present_flags": true, "present": true, "totals": true, "facts": true, "unpivoted": true, "single_context": true, "parts": true, "contexts_per_unit": true, "filters": true,
}

// reserveShardKeys keeps measures off the names of attribution(entry)
// shard columns, while letting other references shard by them too.
func (b *planBuilder) reserveShardKeys(shards []Shard) {
	if len(shards) > 0 && b.shardKeys == nil {
		b.shardKeys = map[string]bool{}
	}
	for _, s := range shards {
		b.usedNames.add(s.Key)
		b.shardKeys[s.Key] = true
	}
}

// taken tells whether an alias is in use or reserved.
func (b *planBuilder) taken(name string) bool { return b.usedNames.has(name) || reservedAliases[name] }

// eventFilter returns the event-level conditions of a reference's context
// clauses, and its shard keys.
func (b *planBuilder) eventFilter(q *Query, ref string) ([]Expr, []Shard, error) {
	s := b.opts.Schema
	filter := b.exprRoom(len(q.Context) + len(q.ContextAny))
	var shards []Shard
	for _, t := range q.Context {
		col := Column{s.ContextColumn(t.Key)}
		if t.Shard {
			if (b.taken(t.Key) && !b.shardKeys[t.Key]) || isUnitColumn(s, t.Key) {
				return nil, nil, &PlanError{ref, fmt.Sprintf("context key %q cannot shard: the name is taken by a column paramsql computes", t.Key)}
			}
			shards = append(shards, Shard{Key: t.Key, Column: col.Name})
			filter = append(filter, NotNull{col})
			continue
		}
		filter = append(filter, nodePredicate(col.Name, t.Value))
	}
	for i := 0; i < len(q.ContextAny); {
		j := i
		var vals []Expr
		for ; j < len(q.ContextAny) && q.ContextAny[j].Key == q.ContextAny[i].Key; j++ {
			vals = append(vals, Text{q.ContextAny[j].Value})
		}
		col := Column{s.ContextColumn(q.ContextAny[i].Key)}
		if len(vals) == 1 {
			filter = append(filter, Equals{col, vals[0]})
		} else {
			filter = append(filter, InList{col, vals})
		}
		i = j
	}
	return filter, shards, nil
}

func isUnitColumn(s Schema, name string) bool {
	c := s.Columns
	return name == c.UserID || name == c.SessionID || name == c.CreatedAt || name == c.EventType || name == c.NodeSlug
}

// addOutput adds the measures and counting conditions of one reference.
// own holds the reference's event conditions that the scan does not apply
// to every event; they are folded into each of its measures, so that its
// visited, exclude and edge checks see only its own events.
func (b *planBuilder) addOutput(q *Query, ref string, own []Expr) {
	b.own = own
	from, to := b.opts.Graph.EdgeMatch(q.Edge)
	fromPred, toPred := b.entry(b.match(from)), b.match(to)
	if q.Within == nil {
		toPred = b.entry(toPred)
	}
	first := b.measure(Measure{Kind: MeasureFirst, When: fromPred}, "first", aliasPart(q.Edge, "from"))
	// Boxed once for the conditions that read it.
	firstValue := Expr(MeasureValue{first})
	// Room for a condition per node, and per context term that entryRow
	// adds: growing it showed in compile profiles.
	room := 1 + len(q.Visited) + len(q.VisitedAny) + len(q.VisitedBefore) + len(q.Exclude)
	if q.AttributesToEntry() {
		room += len(q.Context) + len(q.ContextAny)
	}
	trial := And(b.exprRoom(room))[:1]
	trial[0] = NotNull{firstValue}
	for _, n := range q.Visited {
		trial = append(trial, HasFlag{b.nodeFlag(n), true})
	}
	for _, group := range q.VisitedAny {
		var any Or
		for _, n := range group {
			any = append(any, HasFlag{b.nodeFlag(n), true})
		}
		if len(any) == 1 {
			trial = append(trial, any[0])
		} else {
			trial = append(trial, any)
		}
	}
	for _, n := range q.VisitedBefore {
		// NULL, no event at the node, compares as not holding.
		at := b.measure(Measure{Kind: MeasureFirst, When: b.match(b.opts.Graph.Node(n))}, "first_at", n)
		trial = append(trial, Compare{"<=", MeasureValue{at}, firstValue})
	}
	for _, n := range q.Exclude {
		trial = append(trial, HasFlag{b.nodeFlag(n), false})
	}
	var success Expr
	converting := ""
	switch {
	case q.Attempt == AttemptAny && len(q.ExcludeBetween) > 0:
		converting = b.convertsBetween(q, fromPred, toPred)
		success = NotNull{MeasureValue{converting}}
	case len(q.ExcludeBetween) > 0:
		success = b.betweenSuccess(q, from, to, fromPred, toPred, first)
	case q.Attempt == AttemptAny && q.Within != nil:
		// Without within(), any attempt converts exactly when the first
		// does, so attempt(any) compiles as first there.
		converting = b.measure(Measure{Kind: MeasureFirstConverting, When: fromPred, To: toPred, Seconds: q.Within.Seconds()},
			"converts", aliasPart(q.Edge, "from")+"_within_"+q.Within.String())
		success = NotNull{MeasureValue{converting}}
	case from.MayOverlap(to):
		success = b.distinctSuccess(q, fromPred, toPred, first)
	case q.Within != nil:
		name := b.measure(Measure{Kind: MeasureReachedWithin, When: toPred, Anchor: first, Seconds: q.Within.Seconds()},
			"reached", aliasPart(q.Edge, "to")+"_within_"+q.Within.String())
		success = Reached{name}
	default:
		last := b.measure(Measure{Kind: MeasureLast, When: toPred}, "last", aliasPart(q.Edge, "to"))
		success = Compare{">=", MeasureValue{last}, firstValue}
	}
	if b.plan.Period != PeriodNone && b.plan.PeriodOf == "" {
		b.plan.PeriodOf = first
		if converting != "" {
			b.plan.PeriodOf, b.plan.PeriodFirst = converting, first
		}
	}
	var present Expr
	if q.AttributesToEntry() {
		trial, present = b.entryRow(q, trial, fromPred, first, converting)
	}
	out := Output{Ref: ref, Trial: trial, Success: success, Present: present}
	if q.Within != nil {
		mature := b.matureFlag(fromPred, aliasPart(q.Edge, "from"), *q.Within)
		out.Trial = append(append(And{}, trial...), HasFlag{mature, true})
		out.Immature = append(append(And{}, trial...), HasFlag{mature, false})
	}
	b.plan.Outputs = append(b.plan.Outputs, out)
}

// aliasPart names an edge end for a readable alias: signup_attempt for
// e.signup's from side, the node for e.from(a).to(b).
func aliasPart(e Edge, side string) string {
	switch {
	case e.Name != "" && side == "from":
		return edgeEventsOf(e.Name).attempt
	case e.Name != "":
		return edgeEventsOf(e.Name).success
	case side == "from":
		return e.From
	}
	return e.To
}

// nodeFlag returns the MeasureAny that tells whether the unit was at a node.
func (b *planBuilder) nodeFlag(name string) string {
	return b.measure(Measure{Kind: MeasureAny, When: b.entry(b.match(b.opts.Graph.Node(name)))}, "at", name)
}

// match turns a node predicate into an event condition and remembers it, so
// that the scan can skip events no measure reads.
func (b *planBuilder) match(m NodeMatch) Expr {
	c := b.opts.Schema.Columns
	// Built without growing an And first: a reference matches a few
	// nodes, and the appends showed in compile profiles.
	var out Expr
	switch {
	case m.EventType != "" && m.NodeSlug != "":
		out = And{Equals{Column{c.EventType}, Text{m.EventType}}, Equals{Column{c.NodeSlug}, Text{m.NodeSlug}}}
	case m.EventType != "":
		out = nodePredicate(c.EventType, m.EventType)
	case m.NodeSlug != "":
		out = nodePredicate(c.NodeSlug, m.NodeSlug)
	default:
		out = And(nil)
	}
	b.relevant = append(b.relevant, out)
	return out
}

// measure adds m unless an identical measure exists, and returns its name.
func (b *planBuilder) measure(m Measure, prefix, hint string) string {
	if len(b.own) > 0 {
		m.Filter = b.ownFilter()
		m.Pred = m.When
		if m.When == nil {
			m.When = m.Filter
		} else {
			m.When = append(append(And{}, b.own...), flatten(m.When)...)
		}
	} else {
		m.Pred = m.When
	}
	if m.To != nil && len(b.own) > 0 {
		m.To = append(append(And{}, b.own...), flatten(m.To)...)
	}
	if m.Blocker != nil && len(b.own) > 0 {
		m.Blocker = append(append(And{}, b.own...), flatten(m.Blocker)...)
	}
	id := identityOf(&m)
	if name, ok := b.measureNamed(id); ok {
		return name
	}
	m.Name = b.alias(prefix, hint)
	b.nameMeasure(id, m.Name)
	if b.plan.Measures == nil {
		if n := cmp.Or(b.measuresHint, 4); n <= cap(b.measureRoom) {
			b.plan.Measures = b.measureRoom
		} else {
			b.plan.Measures = make([]Measure, 0, n)
		}
	}
	b.plan.Measures = append(b.plan.Measures, m)
	return m.Name
}

// measureIdentity is what makes two measures the same: a measure without
// its name, and without Filter and Pred, which When holds.
type measureIdentity struct {
	kind                       MeasureKind
	when, to, blocker          Expr
	anchor, column, converting string
	seconds                    int64
	unbounded                  bool
}

func identityOf(m *Measure) measureIdentity {
	return measureIdentity{m.Kind, m.When, m.To, m.Blocker, m.Anchor, m.Column, m.Converting, m.Seconds, m.Unbounded}
}

// equal compares two identities without building their keys, which
// compile profiles showed: a reference has a few measures to compare.
func (a measureIdentity) equal(b measureIdentity) bool {
	return a.kind == b.kind && a.anchor == b.anchor && a.column == b.column && a.converting == b.converting &&
		a.seconds == b.seconds && a.unbounded == b.unbounded &&
		equalExpr(a.when, b.when) && equalExpr(a.to, b.to) && equalExpr(a.blocker, b.blocker)
}

// key is the identity as a map key, for plans with many measures.
func (a measureIdentity) key() measureKey {
	var to, blocker string
	if a.to != nil {
		to = quickKey(a.to)
	}
	if a.blocker != nil {
		blocker = quickKey(a.blocker)
	}
	return measureKey{a.kind, quickKey(a.when), a.anchor, a.seconds, a.unbounded, to, a.column, a.converting, blocker}
}

// measuresInOrder is how many measures are searched in order before
// they move to a map.
const measuresInOrder = 16

// measureNamed returns the name of the measure with identity id. While
// they are few the plan's measures are searched in order: a reference
// has a handful, and a map of their wide keys showed in compile profiles.
func (b *planBuilder) measureNamed(id measureIdentity) (string, bool) {
	if b.byKey != nil {
		name, ok := b.byKey[id.key()]
		return name, ok
	}
	for i := range b.plan.Measures {
		if m := &b.plan.Measures[i]; identityOf(m).equal(id) {
			return m.Name, true
		}
	}
	return "", false
}

// nameMeasure records the name of the measure with identity id, which is
// about to join the plan's: a batch moves them all to byKey once they
// are more than measuresInOrder.
func (b *planBuilder) nameMeasure(id measureIdentity, name string) {
	switch {
	case b.byKey != nil:
		b.byKey[id.key()] = name
	case len(b.plan.Measures) >= measuresInOrder:
		b.byKey = make(map[measureKey]string, 4*measuresInOrder)
		for i := range b.plan.Measures {
			m := &b.plan.Measures[i]
			b.byKey[identityOf(m).key()] = m.Name
		}
		b.byKey[id.key()] = name
	}
}

// ownFilter is the current output's own event conditions as one Expr.
func (b *planBuilder) ownFilter() Expr {
	if len(b.own) == 1 {
		return b.own[0]
	}
	return append(And{}, b.own...)
}

func flatten(e Expr) []Expr {
	if a, ok := e.(And); ok {
		return a
	}
	return []Expr{e}
}

// aliasPartOf lower-cases a hint and turns each run of characters outside
// [a-z0-9_] into one underscore, trimming underscores at both ends.
func aliasPartOf(hint string) string {
	if isAliasPart(hint) {
		return hint
	}
	var b strings.Builder
	pending := false
	for _, c := range strings.ToLower(hint) {
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_'
		if !ok {
			pending = b.Len() > 0
			continue
		}
		if pending {
			b.WriteByte('_')
			pending = false
		}
		b.WriteRune(c)
	}
	return strings.Trim(b.String(), "_")
}

// isAliasPart tells whether a hint is already a clean alias part, the
// common case, so it needs no rewriting.
func isAliasPart(s string) bool {
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// alias makes a safe, unique, readable lower-case SQL alias from a fixed
// prefix and a hint that may hold any user text. The prefix and the
// underscore keep it clear of keywords such as AT.
func (b *planBuilder) alias(prefix, hint string) string {
	a := aliasBases.Get(aliasHint{prefix, hint}, aliasBase)
	name := a
	if b.taken(name) {
		i := max(b.suffixes[a], 1)
		for {
			i++
			if name = a + "_" + strconv.Itoa(i); !b.taken(name) {
				break
			}
		}
		if b.suffixes == nil {
			b.suffixes = map[string]int{}
		}
		b.suffixes[a] = i
	}
	b.usedNames.add(name)
	return name
}

// aliasHint is what alias names a measure from.
type aliasHint struct{ prefix, hint string }

// aliasBases shares the aliases made of the same prefix and hint between
// plans: every reference names its measures from the same few, and
// making them anew showed in compile profiles.
var aliasBases snapcache.Cache[aliasHint, string]

// aliasBase is the alias of a prefix and hint before any clash.
func aliasBase(h aliasHint) string {
	part := aliasPartOf(h.hint)
	if len(part) > 40 {
		part = strings.TrimRight(part[:40], "_")
	}
	if part == "" {
		part = "node"
	}
	return h.prefix + "_" + part
}

// finish sets the relevance filter (Plan.Relevance): with no shard keys,
// only events that some measure reads can change a count, so the scan may
// skip the rest, or read them where testing costs more than reading. With
// shard keys every considered event can create a shard row, so all of them
// stay.
func (b *planBuilder) finish() *Plan {
	if len(b.plan.Shards) == 0 {
		b.plan.Relevance = relevanceFilter(b.opts.Schema.Columns, b.relevant, b.exprRoom)
	}
	return b.plan
}

// relevanceFilter ORs the event predicates, folding single-column equalities
// into IN lists so the condition stays short and index-friendly.
//
// room returns the lists it builds, as exprRoom does.
func relevanceFilter(c Columns, preds []Expr, room func(n int) []Expr) Expr {
	// A reference has a handful of predicates, so slices searched in
	// order beat maps here, and a column equal to a text, the common
	// predicate, is recognised by its value without building a key: the
	// maps and keys showed in compile profiles. A batch has more, so past
	// a few dozen keys the seen set becomes a map.
	type column struct {
		name  string
		left  Expr // the predicates' own Column, reused rather than boxed again
		vals  []Expr
		texts map[Text]bool // the text values, once vals is long
	}
	var keyBuf [16]string
	keys := keyBuf[:0]
	var seen map[string]bool
	var colBuf [4]column
	cols := colBuf[:0]
	var other Or
	for _, p := range preds {
		if eq, ok := p.(Equals); ok {
			col := eq.Left.(Column).Name
			i := slices.IndexFunc(cols, func(c column) bool { return c.name == col })
			if i < 0 {
				i = len(cols)
				// Room for every predicate: growing the list showed in
				// compile profiles.
				cols = append(cols, column{name: col, left: eq.Left, vals: room(len(preds))})
			}
			if t, ok := eq.Right.(Text); ok {
				c := &cols[i]
				switch {
				case c.texts != nil:
					if c.texts[t] {
						continue
					}
				case slices.ContainsFunc(c.vals, func(v Expr) bool { u, ok := v.(Text); return ok && u == t }):
					continue
				case len(c.vals) >= 32:
					c.texts = make(map[Text]bool, 2*len(c.vals))
					for _, v := range c.vals {
						if u, ok := v.(Text); ok {
							c.texts[u] = true
						}
					}
				}
				if c.texts != nil {
					c.texts[t] = true
				}
				c.vals = append(c.vals, eq.Right)
				continue
			}
		}
		key := quickKey(p)
		if seen != nil {
			if seen[key] {
				continue
			}
			seen[key] = true
		} else {
			if slices.Contains(keys, key) {
				continue
			}
			keys = append(keys, key)
			if len(keys) > 32 {
				seen = make(map[string]bool, 2*len(keys))
				for _, k := range keys {
					seen[k] = true
				}
			}
		}
		if eq, ok := p.(Equals); ok {
			col := eq.Left.(Column).Name
			i := slices.IndexFunc(cols, func(c column) bool { return c.name == col })
			cols[i].vals = append(cols[i].vals, eq.Right)
			continue
		}
		other = append(other, p)
	}
	out := Or(room(len(cols) + len(other)))
	for _, col := range cols {
		if len(col.vals) == 1 {
			out = append(out, Equals{col.left, col.vals[0]})
		} else {
			out = append(out, InList{col.left, col.vals})
		}
	}
	out = append(out, other...)
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	return out
}
