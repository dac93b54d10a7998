package compiler

import (
	"fmt"
	"strings"
)

// Batch is many references planned over the same table and window. Each
// scan reads the events once; most batches need exactly one.
type Batch struct {
	Scans []*Plan
	// Shared lists groups of scans, by index, that differ only in their
	// shard keys. A renderer that can name a subquery reads the events
	// for a group once: it aggregates them per unit and context values,
	// shard columns included, and each scan of the group groups those
	// rows its own way.
	Shared [][]int
	// Explain says, per scan, which references it serves and why it could
	// not share an earlier scan.
	Explain []string
}

// CompileBatch plans references into as few scans as their shapes allow.
// References share a scan when they group units the same way (the same
// shard keys) and, for time series, truncate the same first from-event.
// Context filters do not split scans: a filter that only some references
// have moves into their measures.
func CompileBatch(qs []*Query, opts Options) (*Batch, error) {
	if len(qs) == 0 {
		return nil, fmt.Errorf("a batch needs at least one reference")
	}
	var groups []*scanGroup
	byKey := map[string]*scanGroup{}
	probe, err := newPlanBuilder(opts)
	if err != nil {
		return nil, err
	}
	for _, q := range qs {
		if err := Batchable(q); err != nil {
			return nil, err
		}
		ref := q.String()
		filter, shards, err := probe.eventFilter(q, ref)
		if err != nil {
			return nil, err
		}
		key, why, mapped, plainKey := scanKey(q, filter, shards, opts.Graph)
		g, ok := byKey[key]
		if !ok {
			g = &scanGroup{key: key, why: why, plainKey: plainKey}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.refs = append(g.refs, q)
		g.plain = append(g.plain, len(filter) == 0 && len(shards) == 0)
		g.mapped = g.mapped || mapped
	}
	groups = joinEntryScans(groups)
	// Scans that differ only in shard keys can share one pass when none
	// of their references needs each event's time (within, a repeated
	// step) or a period, and their shard keys read columns of the same
	// names.
	var sharable []int
	apart := map[int]string{}
	for i, g := range groups {
		timed := eventTimesNeeded(g.refs, opts.Graph)
		if !strings.Contains(g.key, "|by=") && timed == "" && !g.mapped {
			sharable = append(sharable, i)
		} else if timed != "" {
			apart[i] = timed
		}
	}
	share := len(sharable) > 1
	inShare := map[int]bool{}
	if share {
		for _, i := range sharable {
			inShare[i] = true
		}
	}
	out := &Batch{}
	for i, g := range groups {
		p, err := planScan(g.refs, opts, !inShare[i])
		if err != nil {
			return nil, err
		}
		out.Scans = append(out.Scans, p)
		why := g.why
		if inShare[i] {
			why = strings.Replace(why, ", unlike in other scans", "", 1)
			why += fmt.Sprintf("; reads the events in one pass with %s, where the dialect can name a subquery", scanList(sharable, i))
		} else if timed := apart[i]; timed != "" && len(groups) > 1 {
			why += "; reads the events on its own: " + timed + " compares each event's time with the unit's anchor"
		}
		out.Explain = append(out.Explain, fmt.Sprintf("scan %d: %d reference(s), %d measure(s); %s", i+1, len(g.refs), len(p.Measures), why))
	}
	if share {
		shareScans(out, sharable)
		out.Shared = append(out.Shared, sharable)
	}
	return out, nil
}

// scanKey says which scan a reference goes into: references of one key
// share a scan. why says what sets the scan apart, for Explain; mapped
// reports a shard key that reads a column of another name. The key reads
// the shard keys, then how context is attributed, then what within()
// and by() add. plainKey, for an unsharded attribution(entry) reference,
// is the key of a reference of the same shape without context; "" for
// any other.
func scanKey(q *Query, filter []Expr, shards []Shard, g *Graph) (key, why string, mapped bool, plainKey string) {
	var keys []string
	for _, s := range shards {
		keys = append(keys, s.Key)
		mapped = mapped || s.Column != s.Key
	}
	key = "shards=" + strings.Join(keys, ",")
	switch {
	case q.AttributesToEntry() && len(keys) > 0:
		// The context values are per-unit facts read on this edge's
		// anchor: references of other anchors group units by other
		// values.
		from, to := g.EdgeMatch(q.Edge)
		key += "|entry|anchor=" + matchKey(from) + "|to=" + matchKey(to) + "|attempt=" + string(q.Attempt)
		if q.Within != nil {
			key += "|within=" + q.Within.String()
		}
		why = "attribution(entry), sharded by " + strings.Join(keys, ", ") + " read on the anchor of " + aliasPart(q.Edge, "from")
		mapped = false
	case q.AttributesToEntry():
		// Its context values are per-unit facts read on the anchor, not
		// event filters: a unit is one row, whatever its events.
		plainKey = key
		key += "|entry"
		why = "attribution(entry)"
		mapped = false
	case len(keys) > 0:
		why = "sharded by " + strings.Join(keys, ", ") + ": units are grouped per shard value, unlike in other scans"
	default:
		why = "no shard keys"
	}
	if q.Within != nil {
		// Its scan reads to-events up to the cut-off, which the counts
		// of a reference without within() must not see.
		key += "|observed"
		if plainKey != "" {
			plainKey += "|observed"
		}
		why += "; within(): reads to-events after the window's end, up to observe_until"
	}
	if q.By != PeriodNone {
		from, to := g.EdgeMatch(q.Edge)
		key += "|by=" + string(q.By) + "|anchor=" + matchKey(from) + "|" + listKey(withoutShardFilters(filter))
		anchor := "the first " + aliasPart(q.Edge, "from")
		if q.Attempt == AttemptAny && q.Within != nil {
			key += "|attempt=any|to=" + matchKey(to) + "|within=" + q.Within.String()
			anchor = "the " + aliasPart(q.Edge, "from") + " that converts within " + q.Within.String()
		}
		why += fmt.Sprintf("; by(%s) of %s: a time series needs its own period column", q.By, anchor)
		// A time series' scan groups per period: plain references of
		// its shape are not counted there.
		plainKey = ""
	}
	return key, why, mapped, plainKey
}

// scanGroup is the references CompileBatch plans into one scan.
type scanGroup struct {
	key    string // what references of one scan have in common
	why    string // why the scan is apart from the others, for Explain
	refs   []*Query
	mapped bool // a shard key reads a column of another name
	// plain marks the references without context, shard or event
	// filter: they count the same in any scan of their shape.
	plain []bool
	// plainKey, on an unsharded attribution(entry) scan, is the key of
	// the scan its shape's plain references would have apart from it.
	plainKey string
}

// joinEntryScans moves the references without any filter into the
// unsharded attribution(entry) scan of the same shape, when there is one:
// such a reference tests no context, so it counts the same there, and
// most of its measures are the entry references' own. Without the move
// the batch reads the events twice; with it, once. A scan left empty is
// dropped.
func joinEntryScans(groups []*scanGroup) []*scanGroup {
	entry := map[string]*scanGroup{}
	for _, g := range groups {
		if g.plainKey != "" {
			entry[g.plainKey] = g
		}
	}
	if len(entry) == 0 {
		return groups
	}
	var out []*scanGroup
	for _, g := range groups {
		to, ok := entry[g.key]
		if !ok {
			out = append(out, g)
			continue
		}
		var keep []*Query
		moved := 0
		for i, q := range g.refs {
			if g.plain[i] {
				to.refs, to.plain = append(to.refs, q), append(to.plain, true)
				moved++
			} else {
				keep = append(keep, q)
			}
		}
		if moved > 0 {
			to.why += fmt.Sprintf("; with %d reference(s) without context, which count the same here and so share its pass", moved)
		}
		g.refs, g.plain = keep, make([]bool, len(keep))
		if len(keep) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// eventTimesNeeded names the first reference of qs whose counting needs
// each event's time rather than per-unit aggregates, "" when none does:
// within(), a repeated step, whose to-event must be another event than
// the anchor, and attribution(entry), whose context values are those of
// the anchor event.
func eventTimesNeeded(qs []*Query, g *Graph) string {
	for _, q := range qs {
		if q.AttributesToEntry() {
			return q.String() + " (attribution(entry))"
		}
		if q.Attempt == AttemptAny && q.Within != nil {
			return q.String() + " (attempt(any) with within)"
		}
		if len(q.ExcludeBetween) > 0 {
			return q.String() + " (excludeBetween)"
		}
		if q.Within != nil {
			return q.String() + " (within)"
		}
		if from, to := g.EdgeMatch(q.Edge); from.MayOverlap(to) {
			return q.String() + " (a repeated step)"
		}
	}
	return ""
}

// scanList names the other scans of a group, 1-based.
func scanList(group []int, self int) string {
	var names []string
	for _, i := range group {
		if i != self {
			names = append(names, fmt.Sprint(i+1))
		}
	}
	if len(names) == 1 {
		return "scan " + names[0]
	}
	return "scans " + strings.Join(names, ", ")
}

// shareScans makes the scans of a group read the same rows: every event in
// the window (a shard value must appear wherever any event has it), grouped
// per unit and the context columns of every scan, shard columns included.
func shareScans(b *Batch, group []int) {
	seen := map[string]bool{}
	var cols []string
	for _, i := range group {
		p := b.Scans[i]
		for _, c := range p.Contexts {
			if !seen[c] {
				seen[c] = true
				cols = append(cols, c)
			}
		}
		for _, s := range p.Shards {
			if !seen[s.Column] {
				seen[s.Column] = true
				cols = append(cols, s.Column)
			}
		}
	}
	for _, i := range group {
		p := b.Scans[i]
		p.Contexts = cols
		p.Filter = nil
		p.Relevance = nil
		p.SharedPass = true
	}
}

func (b *planBuilder) ownFilterOf(own []Expr) Expr {
	saved := b.own
	b.own = own
	defer func() { b.own = saved }()
	return b.ownFilter()
}

// contextColumns lists the columns the measures' own filters read, when
// pre-aggregating per context value is exact for every measure: not with
// within() or a repeated step, whose measures need each event's time.
func contextColumns(ms []Measure) []string {
	seen := map[string]bool{}
	var cols []string
	for _, m := range ms {
		if m.Kind == MeasureReachedWithin || m.Kind == MeasureCountWithin || m.Kind == MeasureFirstConverting || m.Kind == MeasureFirstAfter {
			return nil
		}
		if m.Filter == nil {
			continue
		}
		for _, c := range ColumnsRead(m.Filter) {
			if !seen[c] {
				seen[c] = true
				cols = append(cols, c)
			}
		}
	}
	return cols
}

func withoutShardFilters(f []Expr) []Expr {
	var out []Expr
	for _, e := range f {
		if _, ok := e.(NotNull); !ok {
			out = append(out, e)
		}
	}
	return out
}

// planScan plans references that share one scan: conditions every
// reference has are applied to the scan, the rest to each one's measures.
// With hoist false, every condition stays each output's own, so that the
// scan can share its pass over the events with scans of other shapes.
func planScan(qs []*Query, opts Options, hoist bool) (*Plan, error) {
	b, err := newPlanBuilder(opts)
	if err != nil {
		return nil, err
	}
	filters := make([][]Expr, len(qs))
	count := map[string]int{}
	for i, q := range qs {
		f, shards, err := b.eventFilter(q, q.String())
		if err != nil {
			return nil, err
		}
		if q.AttributesToEntry() {
			// As in Compile: the context clauses read the anchor, and the
			// shard keys name output columns no measure may take.
			b.reserveShardKeys(shards)
			f, shards = nil, nil
		}
		filters[i] = f
		if i == 0 {
			b.plan.Shards = shards
			b.plan.Period = q.By
		}
		seen := map[string]bool{}
		for _, e := range f {
			k := Key(e)
			if !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	common := map[string]bool{}
	for _, e := range filters[0] {
		k := Key(e)
		if hoist && count[k] == len(qs) && !common[k] {
			common[k] = true
			b.plan.Filter = append(b.plan.Filter, e)
		}
	}
	b.observe(qs[0].Within != nil) // CompileBatch never mixes the two
	for i, q := range qs {
		var own []Expr
		for _, e := range filters[i] {
			if !common[Key(e)] {
				own = append(own, e)
			}
		}
		b.addOutput(q, q.String(), own)
		if len(own) > 0 {
			b.plan.Outputs[len(b.plan.Outputs)-1].Filter = b.ownFilterOf(own)
		}
		if len(own) > 0 && len(b.plan.Shards) > 0 {
			// A bare flag under the output's own filter: did the unit
			// have any of the output's events?
			b.own = own
			name := b.measure(Measure{Kind: MeasureAny}, "seen", "own_events")
			b.own = nil
			b.plan.Outputs[len(b.plan.Outputs)-1].Present = HasFlag{Name: name, Want: true}
		}
	}
	b.plan.Contexts = contextColumns(b.plan.Measures)
	// Each entry reference adds its attributed keys; the scan's share
	// them, since its references shard by the same keys.
	var attributed []Shard
	seen := map[string]bool{}
	for _, a := range b.plan.Attributed {
		if !seen[a.Key] {
			seen[a.Key] = true
			attributed = append(attributed, a)
		}
	}
	b.plan.Attributed = attributed
	return b.finish(), nil
}

// AtomOf maps a condition to the fact it tests: a flag tested for 0 and
// for 1 is one fact.
func AtomOf(e Expr) Expr {
	if f, ok := e.(HasFlag); ok && !f.Want {
		return HasFlag{Name: f.Name, Want: true}
	}
	return e
}
