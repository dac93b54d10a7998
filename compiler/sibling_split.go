package compiler

import (
	"fmt"
	"strings"
)

// A sibling group's edges leave one node and are exclusive shares of its
// trials, which a Dirichlet-Multinomial update needs: each trial has
// exactly one outcome, one member or none. Counted by their own
// references, a unit that goes homepage → pricing and homepage → blog is
// a success of both, so the split counts outcomes exclusively:
//   - the trials are the members' common trials (they differ only in
//     their to-node), with the counting query's rules unchanged: the
//     anchor, the path conditions, within() and maturity;
//   - a trial's outcome is the member whose first to-event comes first:
//     the earliest to-event at or after the anchor (another event than
//     the anchor for a repeated step, within the conversion window when
//     there is one, before the cut-off), as that member's own reference
//     would count it;
//   - a tie at one instant between members goes to the member declared
//     first in the group. Counting it under none would turn a trial that
//     did convert into the residual share; the declared order is
//     deterministic, lets the user say which edge wins, and leaves the
//     residual exactly the trials no member's reference counts;
//   - a trial no member counts is the residual share;
//   - under attribution(entry) the context filters test the values on the
//     anchor, the first from-event, and all the unit's events count, as
//     in each member's counting query; under attribution(event) only the
//     events that pass the filters count.
//
// So a member's exclusive successes never exceed its own reference's, and
// the members' exclusive successes sum to at most the trials.

// SiblingSplit is the plan of one statement that splits a sibling group's
// trials by outcome.
type SiblingSplit struct {
	// Plan's single output is the group's trials (Trial, Immature); its
	// Success is nil: the members' Takes replace it.
	Plan *Plan
	// Members are the group's references in declared order, each with
	// the test of the trials it takes.
	Members []SiblingMember
	// Explain says how the split is counted.
	Explain string
}

// SiblingMember is one member's share of the split.
type SiblingMember struct {
	Ref string
	// Takes holds, over the plan's measures, for a trial whose outcome is
	// this member; Plan.Outputs[0].Trial is implied.
	Takes Expr
}

// memberTime is how a member's first to-event is read: At holds when one
// lies at the anchor's own instant, Next is the earliest one strictly
// after it, and Later holds when Next is in the conversion window.
type memberTime struct {
	At    Expr
	Next  string
	Later And
}

// CompileSiblingSplit plans the exclusive split of the trials of a
// sibling group whose members' references are qs, in the group's declared
// order. The references must differ only in their edge, and the edges
// must leave one node.
func CompileSiblingSplit(qs []*Query, opts Options) (*SiblingSplit, error) {
	if len(qs) == 0 {
		return nil, fmt.Errorf("a sibling split needs at least one reference")
	}
	b, err := newPlanBuilder(opts)
	if err != nil {
		return nil, err
	}
	q0 := qs[0]
	from0, _ := b.opts.Graph.EdgeMatch(q0.Edge)
	trials0 := trialsOf(q0)
	refs := make([]string, len(qs))
	for i, q := range qs {
		refs[i] = q.String()
	}
	for i, q := range qs {
		ref := refs[i]
		switch {
		case q.Attempt == AttemptAny:
			return nil, &PlanError{ref, "a sibling split of attempt(any) is not supported: its outcome has no one anchor"}
		case len(q.ExcludeBetween) > 0:
			return nil, &PlanError{ref, "a sibling split with excludeBetween() is not supported yet"}
		case len(q.ShardKeys()) > 0:
			return nil, &PlanError{ref, "a sibling split of a sharded reference is not supported (hint: name the shard's value, context(key='value'))"}
		case q.By != PeriodNone:
			return nil, &PlanError{ref, "a sibling split of a time series (by()) is not supported"}
		case trialsOf(q) != trials0:
			return nil, &PlanError{ref, fmt.Sprintf("siblings must count the same trials: %s differs from %s in more than its edge", ref, refs[0])}
		}
		if from, _ := b.opts.Graph.EdgeMatch(q.Edge); from != from0 {
			return nil, &PlanError{ref, fmt.Sprintf("siblings leave one node: %s and %s leave different nodes", ref, refs[0])}
		}
	}
	filter, _, err := b.eventFilter(q0, refs[0])
	if err != nil {
		return nil, err
	}
	if q0.AttributesToEntry() {
		// As in Compile: the context filters test the anchor's values
		// (addOutput's entryRow), and every event of the unit counts,
		// the members' to-events among them, whatever their values.
		filter = filter[:0]
	}
	b.plan.Filter = filter
	b.observe(q0.Within != nil)
	// The first member's output carries the group's trials: every member
	// has the same anchor, path conditions and maturity.
	b.addOutput(q0, refs[0], nil)
	s := &SiblingSplit{Plan: b.plan}
	times := make([]memberTime, len(qs))
	for i, q := range qs {
		times[i] = b.memberTime(q)
	}
	for i := range qs {
		takes := And{times[i].reaches()}
		for j := range qs {
			if j == i {
				continue
			}
			// Member j comes first when it reaches, and earlier, or at
			// the same instant and declared before i.
			first := times[j].before(times[i])
			if j < i {
				first = times[j].notAfter(times[i])
			}
			takes = append(takes, Not{And{times[j].reaches(), first}})
		}
		s.Members = append(s.Members, SiblingMember{Ref: refs[i], Takes: takes})
	}
	b.finish()
	s.prune()
	s.Explain = fmt.Sprintf("1 scan: %d sibling(s) %s; a trial is taken by the member whose first to-event comes first, a tie by the one declared first, none by the residual share",
		len(qs), strings.Join(refs, ", "))
	return s, nil
}

// trialsOf is a reference without its edge: what siblings share.
func trialsOf(q *Query) string {
	c := *q
	c.Edge = Edge{Name: "_"}
	c.Stat = StatNone
	return c.String()
}

// memberTime adds the measures that place a member's first to-event, as
// its own reference's counting query anchors it.
func (b *planBuilder) memberTime(q *Query) memberTime {
	from, to := b.opts.Graph.EdgeMatch(q.Edge)
	fromPred, toPred := b.entry(b.match(from)), b.match(to)
	if q.Within == nil {
		toPred = b.entry(toPred)
	}
	first := b.measure(Measure{Kind: MeasureFirst, When: fromPred}, "first", aliasPart(q.Edge, "from"))
	return b.toEventTime(q, from, to, fromPred, toPred, first)
}

// toEventTime adds the measures that place q's first to-event relative to
// the anchor first: at the anchor's instant (another event than the
// anchor for a repeated step), or strictly after it and, with within(),
// in the conversion window. excludeBetween and sibling splits read it.
func (b *planBuilder) toEventTime(q *Query, from, to NodeMatch, fromPred, toPred Expr, first string) memberTime {
	toHint := aliasPart(q.Edge, "to")
	atAnchor := b.measure(Measure{Kind: MeasureCountWithin, When: toPred, Anchor: first}, "count", toHint+"_at_anchor")
	var at Expr = AtLeast{Name: atAnchor, Min: 1}
	if from.MayOverlap(to) {
		at = AtLeast{Name: atAnchor, Min: 2}
		if Key(fromPred) != Key(toPred) {
			notTo := b.measure(Measure{Kind: MeasureFirst, When: And{fromPred, Not{toPred}}}, "first", aliasPart(q.Edge, "from")+"_only")
			at = Or{AtLeast{Name: atAnchor, Min: 2}, And{AtLeast{Name: atAnchor, Min: 1}, Equals{MeasureValue{notTo}, MeasureValue{first}}}}
		}
	}
	next := b.measure(Measure{Kind: MeasureFirstAfter, When: toPred, Anchor: first}, "next", toHint)
	later := And{NotNull{MeasureValue{next}}}
	if q.Within != nil {
		later = append(later, Compare{"<=", MeasureValue{next}, PlusSeconds{MeasureValue{first}, q.Within.Seconds()}})
	}
	return memberTime{At: at, Next: next, Later: later}
}

// reaches holds when the member has a to-event that its reference counts.
func (t memberTime) reaches() Expr { return Or{t.At, t.Later} }

// before holds, for two members that both reach, when t's first to-event
// is strictly earlier than u's.
func (t memberTime) before(u memberTime) Expr {
	return Or{
		And{t.At, Not{u.At}},
		And{Not{t.At}, Not{u.At}, Compare{"<", MeasureValue{t.Next}, MeasureValue{u.Next}}},
	}
}

// notAfter holds, for two members that both reach, when t's first
// to-event is no later than u's.
func (t memberTime) notAfter(u memberTime) Expr {
	return Or{t.At, And{Not{u.At}, Compare{"<=", MeasureValue{t.Next}, MeasureValue{u.Next}}}}
}

// prune drops the first member's own success test, which the members'
// Takes replace, and the measures only it read, so the per-unit step
// computes nothing the split does not count.
func (s *SiblingSplit) prune() {
	used := map[string]bool{}
	var walk func(Expr)
	walk = func(e Expr) {
		switch e := e.(type) {
		case MeasureValue:
			used[e.Name] = true
		case HasFlag:
			used[e.Name] = true
		case Reached:
			used[e.Name] = true
		case AtLeast:
			used[e.Name] = true
		case Equals:
			walk(e.Left)
			walk(e.Right)
		case Compare:
			walk(e.Left)
			walk(e.Right)
		case InList:
			walk(e.Left)
			for _, v := range e.Values {
				walk(v)
			}
		case NotNull:
			walk(e.X)
		case Not:
			walk(e.X)
		case PlusSeconds:
			walk(e.X)
		case And:
			for _, t := range e {
				walk(t)
			}
		case Or:
			for _, t := range e {
				walk(t)
			}
		}
	}
	o := &s.Plan.Outputs[0]
	o.Success = nil
	walk(o.Trial)
	walk(o.Immature)
	walk(o.Present)
	for _, m := range s.Members {
		walk(m.Takes)
	}
	// A measure read through another's Anchor or Converting is used too.
	for changed := true; changed; {
		changed = false
		for _, m := range s.Plan.Measures {
			if !used[m.Name] {
				continue
			}
			for _, n := range []string{m.Anchor, m.Converting} {
				if n != "" && !used[n] {
					used[n], changed = true, true
				}
			}
		}
	}
	kept := s.Plan.Measures[:0]
	for _, m := range s.Plan.Measures {
		if used[m.Name] {
			kept = append(kept, m)
		}
	}
	s.Plan.Measures = kept
}
