package compiler

import (
	"fmt"
	"strings"
)

// The lag histogram of a reference with within(W) counts its converting
// mature trials by the time from the anchor (the unit's first from-event
// in [start, end)) to its to-event. It reuses the counting query's rules
// unchanged: a bucket's upper edge s is the success test of the same
// reference with within(s), so "converted within s" is cumulative in s,
// and a trial lies in the first bucket whose edge it reached. Only mature
// trials (anchor + W before the cut-off) count, so every conversion in
// [anchor, anchor + W] had the time to be observed and the histogram is
// the lag distribution truncated at W, which is what runtime/bayes.FitLag
// fits; its total equals the counting query's successes.
//
// A sharded reference under attribution(entry) has one histogram pooled
// over its rows: each unit is in exactly one row (its anchor's values,
// NULL included), so the pooled totals are the sums of the rows'
// successes and immature, which a pooled parameter updates on. Under
// attribution(event) a unit is a trial once per value and is refused.

// LagHistogram is the plan of one lag-histogram statement for one or more
// references read in one scan.
type LagHistogram struct {
	// Plan holds the per-unit measures of every reference; Outputs[i] is
	// reference i's counting output (Trial: a mature trial).
	Plan *Plan
	// Refs describes each reference's histogram, in the order of Outputs.
	Refs []LagRef
	// Explain says what the references share.
	Explain string
}

// LagRef is one reference's histogram.
type LagRef struct {
	Ref string
	// Trial holds, over the plan's measures, for a trial, mature or not.
	Trial Expr
	// Buckets are in increasing order; the last one's UpTo is within().
	Buckets []LagBucket
}

// LagBucket is one bar of a lag histogram: the conversions whose lag is
// at most UpTo seconds and more than the previous bucket's UpTo (from 0
// for the first bucket). The same edges bucket the age of immature
// trials, from their anchor to the cut-off.
type LagBucket struct {
	UpTo int64
	// Within holds for a trial whose to-event came within UpTo seconds of
	// its anchor.
	Within Expr
	// Younger holds for a trial whose anchor plus UpTo is not before the
	// cut-off: it is at most UpTo old. The last bucket's is immaturity.
	Younger Expr
}

// lagLadder is the sequence of readable bucket edges, in seconds, roughly
// evenly spaced in log time (steps of ×1.5 to ×2.5), from which the
// buckets below the window are taken.
var lagLadder = []int64{
	1, 2, 5, 10, 15, 30,
	60, 2 * 60, 5 * 60, 10 * 60, 15 * 60, 30 * 60,
	3600, 2 * 3600, 4 * 3600, 8 * 3600, 12 * 3600,
	86400, 2 * 86400, 3 * 86400, 5 * 86400, 7 * 86400, 14 * 86400, 21 * 86400,
	30 * 86400, 60 * 86400, 90 * 86400, 180 * 86400, 365 * 86400,
}

// MaxLagBuckets bounds the buckets of one reference's histogram: every
// bucket is one per-unit measure.
const MaxLagBuckets = 16

// LagBucketEdges returns the upper edges, in seconds, of the histogram of
// a within(window) reference: the last MaxLagBuckets-1 ladder edges below
// the window, then the window itself.
func LagBucketEdges(window Duration) []int64 {
	w := window.Seconds()
	var below []int64
	for _, e := range lagLadder {
		if e < w {
			below = append(below, e)
		}
	}
	if len(below) > MaxLagBuckets-1 {
		below = below[len(below)-(MaxLagBuckets-1):]
	}
	return append(below, w)
}

// CompileLagHistogram plans the lag histogram of one reference.
func CompileLagHistogram(q *Query, opts Options) (*LagHistogram, error) {
	return CompileLagHistograms([]*Query{q}, opts)
}

// CompileLagHistograms plans the lag histograms of references in one scan
// over the events: every reference's measures sit in one per-unit step,
// the context conditions all of them share filter the scan, and the rest
// move into each one's measures, as in a batch.
func CompileLagHistograms(qs []*Query, opts Options) (*LagHistogram, error) {
	if len(qs) == 0 {
		return nil, fmt.Errorf("a lag histogram needs at least one reference")
	}
	b, err := newPlanBuilder(opts)
	if err != nil {
		return nil, err
	}
	filters := make([][]Expr, len(qs))
	count := map[string]int{}
	for i, q := range qs {
		ref := q.String()
		switch {
		case q.Within == nil || q.Within.Seconds() == 0:
			with := *q
			with.Within = &Duration{Amount: 7, Unit: 'd'}
			return nil, &PlanError{ref, "a lag histogram needs within() of at least 1s: the lag is measured up to its window (as in " + with.String() + ")"}
		case q.Attempt == AttemptAny:
			return nil, &PlanError{ref, "a lag histogram of attempt(any) is not supported yet: its lag is measured from the first from-event"}
		case len(q.ExcludeBetween) > 0:
			return nil, &PlanError{ref, "a lag histogram with excludeBetween() is not supported yet"}
		case len(q.ShardKeys()) > 0 && !q.AttributesToEntry():
			// Per value, a unit is a trial in each of its values' rows,
			// which the one-row-per-unit step cannot count.
			return nil, &PlanError{ref, "a lag histogram of a sharded reference under attribution(event) is not supported yet (hint: name the shard's value, context(key='value'), or write attribution(entry))"}
		}
		f, _, err := b.eventFilter(q, ref)
		if err != nil {
			return nil, err
		}
		if q.AttributesToEntry() {
			// Its context clauses test the values on its anchor (entryRow,
			// in its trial), not the events: all of the unit's events
			// count, so none of its conditions filters the scan or its
			// measures.
			f = nil
		}
		filters[i] = f
		seen := map[string]bool{}
		for _, e := range f {
			if k := Key(e); !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	common := map[string]bool{}
	for _, e := range filters[0] {
		if k := Key(e); count[k] == len(qs) && !common[k] {
			common[k] = true
			b.plan.Filter = append(b.plan.Filter, e)
		}
	}
	b.observe(true)
	h := &LagHistogram{Plan: b.plan}
	for i, q := range qs {
		var own []Expr
		for _, e := range filters[i] {
			if !common[Key(e)] {
				own = append(own, e)
			}
		}
		// By() does not split the lag distribution: it is fitted over all
		// of the window's trials.
		flat := *q
		flat.By = PeriodNone
		// Pooled over its rows, a sharded reference's trials are those of
		// its other clauses: its shard values need no measure.
		flat.Context = nil
		for _, t := range q.Context {
			if !t.Shard {
				flat.Context = append(flat.Context, t)
			}
		}
		b.addOutput(&flat, q.String(), own)
		if len(own) > 0 {
			b.plan.Outputs[len(b.plan.Outputs)-1].Filter = b.ownFilterOf(own)
		}
		lr := LagRef{Ref: q.String(), Trial: trialOf(b.plan.Outputs[len(b.plan.Outputs)-1])}
		for _, s := range LagBucketEdges(*q.Within) {
			lr.Buckets = append(lr.Buckets, LagBucket{UpTo: s, Within: b.convertedWithin(&flat, own, s), Younger: b.youngerThan(&flat, own, s)})
		}
		b.own = nil
		h.Refs = append(h.Refs, lr)
	}
	b.finish()
	h.Explain = fmt.Sprintf("1 scan: %d reference(s), %d bucket(s), %d measure(s); each unit's first from-event is computed once and shared by its buckets%s",
		len(qs), bucketCount(h.Refs), len(b.plan.Measures), sharedNote(len(qs), b.plan.Filter, filters))
	return h, nil
}

// convertedWithin is the success test of q with within(seconds): the
// counting query's own rule, so a repeated step needs another event than
// the anchor here too. The measures it adds are shared with the output's
// where they coincide (the window's own edge).
func (b *planBuilder) convertedWithin(q *Query, own []Expr, seconds int64) Expr {
	b.own = own
	from, to := b.opts.Graph.EdgeMatch(q.Edge)
	fromPred, toPred := b.entry(b.match(from)), b.match(to)
	first := b.measure(Measure{Kind: MeasureFirst, When: fromPred}, "first", aliasPart(q.Edge, "from"))
	within := *q
	within.Within = &Duration{Amount: seconds, Unit: 's'}
	if from.MayOverlap(to) {
		return b.distinctSuccess(&within, fromPred, toPred, first)
	}
	name := b.measure(Measure{Kind: MeasureReachedWithin, When: toPred, Anchor: first, Seconds: seconds},
		"reached", aliasPart(q.Edge, "to")+"_within_"+within.Within.String())
	return Reached{name}
}

// youngerThan holds for a trial of q whose anchor plus seconds is not
// before the cut-off: the maturity test of within(seconds), negated. It
// reads the anchor's time in the counting step rather than adding a
// per-event aggregate per bucket, as maturity does, which halves the
// aggregates of the per-unit step.
func (b *planBuilder) youngerThan(q *Query, own []Expr, seconds int64) Expr {
	b.own = own
	from, _ := b.opts.Graph.EdgeMatch(q.Edge)
	first := b.measure(Measure{Kind: MeasureFirst, When: b.entry(b.match(from))}, "first", aliasPart(q.Edge, "from"))
	return Compare{">=", PlusSeconds{MeasureValue{first}, seconds}, b.plan.Window.Until}
}

// trialOf is an output's trial test without its maturity: addOutput
// writes Immature as the trial's terms and then the maturity flag.
func trialOf(o Output) Expr {
	imm := o.Immature.(And)
	return append(And{}, imm[:len(imm)-1]...)
}

func bucketCount(rs []LagRef) int {
	n := 0
	for _, r := range rs {
		n += len(r.Buckets)
	}
	return n
}

// sharedNote says which context conditions filter the scan for every
// reference and that the others filter their own measures.
func sharedNote(refs int, scanFilter []Expr, filters [][]Expr) string {
	if refs == 1 {
		return ""
	}
	var own []string
	for i, f := range filters {
		if len(f) > 0 && len(f) > countCommon(f, scanFilter) {
			own = append(own, fmt.Sprint(i+1))
		}
	}
	note := "; the references share the scan and the per-unit step"
	if len(own) > 0 {
		note += ", and the context conditions of reference(s) " + strings.Join(own, ", ") + " that the others lack filter their own measures"
	}
	return note
}

func countCommon(f, scan []Expr) int {
	n := 0
	for _, e := range f {
		for _, s := range scan {
			if Key(e) == Key(s) {
				n++
				break
			}
		}
	}
	return n
}
