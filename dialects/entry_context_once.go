package dialects

import (
	"slices"
	"strconv"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// A ranked entry value (entry_codes.go) costs one aggregate per anchor
// and column: a batch testing three context columns at four anchors
// takes twelve, and on DuckDB each costs about as much as grouping the
// events does. Yet in most units every event carries the same context
// values: a session keeps its channel, device and country. In such a
// unit every anchor's value is that one value, so the unit needs, per
// anchor, only its first time, and one aggregate over all columns: the
// codes its events' values have, ORed. Where each column has one, the
// anchor values are read from them.
//
// The other units, whose values vary (and, in a batch holding times as
// ticks, those where two compared times share a tick: see
// entry_context_ticks.go), are aggregated again as before (every rank
// at its anchor's first instant, ties and all), from the events of those
// units alone. The two kinds of rows have the same
// columns and meet in a UNION ALL, so the counts are the same as without
// the split, exactly.
//
// The code of a column is one bit of its field: bit k+1 for the k-th of
// the sorted literals its column is tested against, 0-based, and bit 0
// for any other value and for NULL. In a unit whose events all set one
// bit of the field, the anchor's value equals the literal that bit
// names, or none of them, which is all that the rank's tests ask. The
// rank a test compares with is 2k+1 (entryCode.of); bit 0 gives -1,
// which no test compares with.

// ContextOnce is implemented by dialects whose per-unit values are read
// from the bits of the context values when every event of the unit
// shares them (see contextOnce). It needs named subqueries in a FROM
// clause, SEMI JOIN, IS NOT DISTINCT FROM and FlagWords' BitOr.
type ContextOnce interface {
	// ReadsContextOnce reports whether the dialect renders that split.
	ReadsContextOnce() bool
	// BitCount counts the bits set in the BIGINT x.
	BitCount(x string) string
}

// minSavedAggregates is how many aggregates the split must save: the
// ranked values' own, less each anchor's first time (otherwise read from
// them), its codes' aggregate, and one more for the aggregation of the
// other units it adds, which over no events costs about one aggregate's
// time (DuckDB 1.5, 10M events; BENCHMARKS.md).
const minSavedAggregates = 1

// maxContextBits keeps the codes within a BIGINT.
const maxContextBits = 62

// contextOnceColumn is one column's field of bits.
type contextOnceColumn struct {
	column string
	code   entryCode
	shift  int
}

// contextOnceSplit is the plan's split: the fields of its ranked
// columns, in the column seen, from bit base up (above the flags when
// seen is the flag word).
type contextOnceSplit struct {
	columns []contextOnceColumn
	seen    string
	base    int
	word    *flagWord // the plan's flag word, nil for none
	// ticks says the shared units hold their times as ticks, and ties
	// lists the pairs of times compared, whose equal ticks send a unit
	// to the others (entry_context_ticks.go).
	ticks bool
	ties  [][2]string
}

// contextOnce returns the split of the plan being rendered, nil when the
// dialect has none or the plan would not gain from it: it reads its
// ranked values at few anchors per column, groups by shard values or
// periods, or computes within() with window functions. word is the
// plan's flag word (packedFlags), nil for none.
func (r *renderer) contextOnce(word *flagWord) *contextOnceSplit {
	c, ok := r.d.(ContextOnce)
	if !ok || !c.ReadsContextOnce() || !r.deriveFirsts {
		return nil
	}
	p := r.plan
	if groupedCounts(p) || len(p.UnitKeys) == 0 {
		return nil
	}
	codes := r.entryCodes()
	if len(codes) < 3+minSavedAggregates || r.needsWindow() {
		return nil
	}
	var anchors, columns []string
	for _, v := range codes {
		m := r.measureNamed(v.measure)
		anchors = appendNew(anchors, m.Anchor)
		columns = appendNew(columns, m.Column)
	}
	if len(codes)-len(anchors)-2 < minSavedAggregates {
		return nil
	}
	split := &contextOnceSplit{seen: contextSeen, word: word}
	shift := 0
	if word != nil {
		// The codes go above the flags, in the word's own bit_or: one
		// aggregate fewer.
		split.seen, split.base = flagWordAlias, len(word.texts)
		shift = split.base
	}
	for _, col := range columns {
		for _, v := range codes {
			if m := r.measureNamed(v.measure); m.Column == col {
				split.columns = append(split.columns, contextOnceColumn{column: col, code: v.code, shift: shift})
				shift += len(v.code.literals) + 1
				break
			}
		}
	}
	if shift > maxContextBits {
		if split.base == 0 || shift-split.base > maxContextBits {
			return nil
		}
		// Too many for the flag word: the codes take a word of their own.
		split.seen = contextSeen
		for i := range split.columns {
			split.columns[i].shift -= split.base
		}
		split.base = 0
	}
	return split
}

// appendNew appends s to list unless list holds it.
func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// field returns the field of the column named.
func (s *contextOnceSplit) field(column string) contextOnceColumn {
	for _, c := range s.columns {
		if c.column == column {
			return c
		}
	}
	panic("dialects: no context field for column " + column)
}

const (
	contextSeen  = "context_codes"
	contextUnits = "unit_contexts"
	mixedKey     = "mixed_key_"
	unitKey      = "unit_key_"
)

// unitsContextOnce writes the per-unit aggregation split in two (see
// contextOnce): the units whose events share their context code, whose
// ranked values are read from it, and then, aggregated as unitAggregates
// does, the events of the other units.
func (r *renderer) unitsContextOnce(indent int, split *contextOnceSplit) error {
	p, word := r.plan, split.word
	if err := r.writeContextUnits(indent, split); err != nil {
		return err
	}
	r.line(indent, "-- units whose events share their context values: each anchor's value is theirs")
	r.line(indent, "SELECT")
	for i, m := range p.Measures {
		if word != nil && word.packs(i) {
			continue
		}
		more := word != nil || i < len(p.Measures)-1
		if !r.isRanked(m.Name) {
			r.column(indent+1, selectColumn{expr: m.Name}, more)
			continue
		}
		r.column(indent+1, selectColumn{split.valueAt(m, m.Anchor+" IS NOT NULL"), m.Name}, more)
	}
	if word != nil {
		r.column(indent+1, selectColumn{expr: flagWordAlias}, false)
	}
	r.line(indent, "FROM %s", contextUnits)
	r.line(indent, "WHERE NOT %s", mixedColumn)
	r.line(indent, "UNION ALL")
	return r.writeMixedUnits(indent, split)
}

// valueAt is the rank of the ranked value m in a unit whose events share
// their code, where present holds when the unit has m's anchor.
func (s *contextOnceSplit) valueAt(m compiler.Measure, present string) string {
	f := s.field(m.Column)
	b := make([]byte, 0, 64+16*len(f.code.literals))
	b = append(b, "CASE WHEN "+present+" THEN CASE ("+s.seen+" >> "...)
	b = strconv.AppendInt(b, int64(f.shift), 10)
	b = append(b, ") & "...)
	b = strconv.AppendInt(b, int64(1)<<(len(f.code.literals)+1)-1, 10)
	for k := range f.code.literals {
		b = append(b, " WHEN "...)
		b = strconv.AppendInt(b, int64(1)<<(k+1), 10)
		b = append(b, " THEN "...)
		b = strconv.AppendInt(b, int64(2*k+1), 10)
	}
	return string(append(b, " ELSE -1 END END"...))
}

// mixedColumn is the column of unit_contexts that says a unit is mixed,
// to be aggregated again from its own events: its events do not share
// their code (one bit set per field), or two times it compares share a
// tick. It is never NULL.
const mixedColumn = "mixed"

// mixedTest computes the unit's mixedColumn, with each of its terms on a
// line of its own at indent.
func (s *contextOnceSplit) mixedTest(d Dialect, indent int) string {
	sep := "\n" + strings.Repeat("  ", indent) + "OR "
	test := d.(ContextOnce).BitCount(s.codes()) + " <> " + strconv.Itoa(len(s.columns))
	for _, t := range s.ties {
		test += sep + "coalesce(" + t[0] + " = " + t[1] + ", false)"
	}
	return test
}

// codes is the unit's codes alone, without the flags below them.
func (s *contextOnceSplit) codes() string {
	if s.base == 0 {
		return s.seen
	}
	return "(" + s.seen + " >> " + strconv.Itoa(s.base) + ")"
}

// writeContextUnits writes the named subquery of every unit's measures
// but its ranked values, with the bits of its events' context values
// ORed (in the flag word when split.base is set), whether it is mixed,
// and its keys where it is.
func (r *renderer) writeContextUnits(indent int, split *contextOnceSplit) error {
	p, word := r.plan, split.word
	// The subquery holds every measure but the ranked values, and the
	// flags in their word.
	held := func(i int, m compiler.Measure) bool {
		return !(word != nil && word.packs(i)) && !r.isRanked(m.Name)
	}
	ts := r.id(p.Time)
	code := r.appendContextCode(nil, split)
	r.line(indent, "-- per unit: the first time at each anchor and the codes of its context values, ORed;")
	if split.ticks {
		r.line(indent, "-- its times in ticks of the window (it is mixed where two compared times share a tick), and")
	}
	r.line(indent, "-- the unit's keys only where it is mixed, for the other units' aggregation")
	r.line(indent, "WITH %s AS MATERIALIZED (", contextUnits)
	r.line(indent+1, "SELECT")
	var names []string
	for i := range p.UnitKeys {
		n := strconv.Itoa(i + 1)
		names = append(names, "CASE WHEN "+mixedColumn+" THEN "+unitKey+n+" END AS "+mixedKey+n)
	}
	names = append(names, mixedColumn)
	for i, m := range p.Measures {
		if held(i, m) {
			names = append(names, m.Name)
		}
	}
	if word != nil {
		names = append(names, flagWordAlias)
	}
	if split.base == 0 {
		names = append(names, contextSeen)
	}
	r.list(indent+2, names)
	r.line(indent+1, "FROM (")
	r.line(indent+2, "SELECT")
	r.line(indent+3, "*,")
	r.line(indent+3, "%s AS %s", split.mixedTest(r.d, indent+4), mixedColumn)
	r.line(indent+2, "FROM (")
	in := indent + 3
	r.line(in, "SELECT")
	for i, k := range p.UnitKeys {
		r.column(in+1, selectColumn{r.id(k), unitKey + strconv.Itoa(i+1)}, true)
	}
	before, after := r.d.(FirstCodeTime).MicrosOf()
	tick := ""
	if split.ticks {
		var err error
		if tick, err = r.tick(ts); err != nil {
			return err
		}
	}
	for i, m := range p.Measures {
		if !held(i, m) {
			continue
		}
		r.indent(in + 1)
		var err error
		if split.ticks && (m.Kind == compiler.MeasureFirst || m.Kind == compiler.MeasureLast) {
			k := aggFirst
			if m.Kind == compiler.MeasureLast {
				k = aggLast
			}
			err = r.writeAggregateOf(k, tick, m.When)
		} else if _, derived := r.derived(m.Name); derived {
			// The other units' rows read it in microseconds; so do these.
			r.out.WriteString(before)
			err = r.writeAggregateOf(aggFirst, ts, m.When)
			r.out.WriteString(after)
		} else {
			err = r.writeMeasure(m, ts)
		}
		if err != nil {
			return err
		}
		r.endColumn(m.Name, true)
	}
	switch {
	case split.base > 0:
		r.column(in+1, selectColumn{r.d.(FlagWords).BitOr(r.flagWordCase(word) + " + " + string(code)), flagWordAlias}, false)
	case word != nil:
		r.column(in+1, selectColumn{r.flagWordAggregate(word), flagWordAlias}, true)
		fallthrough
	default:
		r.column(in+1, selectColumn{r.d.(FlagWords).BitOr(string(code)), contextSeen}, false)
	}
	if err := r.scan(in); err != nil {
		return err
	}
	r.writeUnitGroupBy(in)
	r.line(indent+2, ") AS per_unit")
	r.line(indent+1, ") AS classified")
	r.line(indent, ")")
	return nil
}

// writeMixedUnits writes the per-unit aggregation of the mixed units
// (mixedColumn), from their events alone.
func (r *renderer) writeMixedUnits(indent int, split *contextOnceSplit) error {
	p := r.plan
	r.line(indent, "-- the other units, from their own events")
	join := make([]byte, 0, 128)
	join = append(join, "SEMI JOIN (SELECT "...)
	for i := range p.UnitKeys {
		if i > 0 {
			join = append(join, ", "...)
		}
		join = append(join, mixedKey+strconv.Itoa(i+1)...)
	}
	join = append(join, " FROM "+contextUnits+" WHERE "+mixedColumn+") AS mixed ON "...)
	for i, k := range p.UnitKeys {
		if i > 0 {
			join = append(join, " AND "...)
		}
		join = append(append(join, r.id(k)...), " IS NOT DISTINCT FROM mixed."+mixedKey+strconv.Itoa(i+1)...)
	}
	r.scanJoin = string(join)
	err := r.unitAggregates(indent, split.word)
	r.scanJoin = ""
	return err
}

// splitSignatures returns how a batch scan whose facts are atoms takes
// its signatures from units split by context (contextOnceSignatures):
// the split, its times as ticks where they may be (withTicks), and the
// atoms' ranked tests and the values they read (rankedAtoms); a nil split
// when it does not, because the plan has no split, its ranked tests would
// not gain from pre-grouping, or another fact reads a ranked value.
func (r *renderer) splitSignatures(atoms []compiler.Expr) (*contextOnceSplit, []bool, []string) {
	split := r.contextOnce(r.packedFlags())
	if split == nil {
		return nil, nil, nil
	}
	ranked, cols := r.rankedAtoms(atoms)
	if ranked == nil || r.readsRankedOutside(atoms, ranked) {
		return nil, nil, nil
	}
	return r.withTicks(split, atoms), ranked, cols
}

// contextOnceSignatures writes a batch scan's signature counts when its
// units are split by context (contextOnce) and its ranked tests are
// pre-grouped (rankedAtoms): the units whose events share their code are
// grouped by it, and by which anchors they have, before their ranked
// values are read from it, so that those are read once per group rather
// than once per unit; their times are ticks where split says so. The
// mixed units are grouped by their values. The two kinds
// of groups meet in a UNION ALL before the ranked tests.
func (r *renderer) contextOnceSignatures(indent int, atoms []compiler.Expr, ranked []bool, cols []string, split *contextOnceSplit) error {
	word := split.word
	// Where the flags share the word the shared units are grouped by,
	// the facts that read flags alone are tested once per group too.
	var flagsApart func(compiler.Expr) bool
	if split.base > 0 {
		flagsApart = func(a compiler.Expr) bool { return r.onlyPackedFlags(a, word) }
	}
	g, err := r.preGroupedWordsOf(indent, atoms, ranked, flagsApart)
	if err != nil {
		return err
	}
	// The shared units' facts compare their times' ticks.
	shared := g
	if split.ticks {
		r.ticks = true
		perUnit, err := r.unitTermsByWord(atoms, ranked, flagsApart)
		r.ticks = false
		if err != nil {
			return err
		}
		shared = g.withUnitTerms(perUnit)
	}
	var anchors []string
	for _, c := range cols {
		anchors = appendNew(anchors, r.measureNamed(c).Anchor)
	}
	var present []string
	for i, a := range anchors {
		present = append(present, "CASE WHEN "+a+" IS NOT NULL THEN "+strconv.Itoa(1<<i)+" ELSE 0 END")
	}
	in := indent + 2
	r.openPreGrouped(indent, g)
	if err := r.writeContextUnits(in, split); err != nil {
		return err
	}
	r.line(in, "-- units whose events share their context values: each anchor's value is theirs")
	r.line(in, "SELECT")
	var sel []string
	for w, name := range g.names {
		terms := g.terms(w, true)
		if len(g.terms(w, false)) > 0 {
			terms = append([]string{name}, terms...)
		}
		switch {
		case len(terms) > 1:
			sel = append(sel, "("+strings.Join(terms, " + ")+") AS "+name)
		case terms[0] == name:
			sel = append(sel, name)
		default:
			sel = append(sel, terms[0]+" AS "+name)
		}
	}
	for _, c := range cols {
		m := r.measureNamed(c)
		bit := 1 << slices.Index(anchors, m.Anchor)
		sel = append(sel, split.valueAt(m, "anchors_present & "+strconv.Itoa(bit)+" <> 0")+" AS "+c)
	}
	r.list(in+1, append(sel, "units"))
	r.line(in, "FROM (")
	names, terms := shared.perUnit(false)
	facts := func(in int) error {
		readFlags := word
		if split.base > 0 {
			readFlags = nil // read per group, above
		}
		units, err := r.capture(func() error { return r.flagged(in+2, readFlags, r.sharedUnits(split)) })
		if err != nil {
			return err
		}
		r.groupedFacts(in, names, terms, []selectColumn{{"(" + strings.Join(present, " + ") + ")", "anchors_present"}}, []string{split.seen},
			"(\n"+units+strings.Repeat("  ", in+1)+") AS units")
		return nil
	}
	if split.base > 0 {
		err = r.flagged(in+1, word, facts)
	} else {
		err = facts(in + 1)
	}
	if err != nil {
		return err
	}
	r.line(in, ") AS shared_contexts")
	r.line(in, "UNION ALL")
	mixed, err := r.capture(func() error {
		return r.flagged(in+2, word, func(i int) error { return r.writeMixedUnits(i, split) })
	})
	if err != nil {
		return err
	}
	names, terms = g.perUnit(true)
	r.groupedFacts(in, names, terms, nil, cols, "(\n"+mixed+strings.Repeat("  ", in+1)+") AS units")
	r.closePreGrouped(indent, g)
	return nil
}

// sharedUnits writes the rows of the units whose events share their
// context values.
func (r *renderer) sharedUnits(split *contextOnceSplit) func(indent int) error {
	return func(indent int) error {
		r.line(indent, "SELECT *")
		r.line(indent, "FROM %s", contextUnits)
		r.line(indent, "WHERE NOT %s", mixedColumn)
		return nil
	}
}

// onlyPackedFlags reports whether e reads nothing but flags the word
// packs.
func (r *renderer) onlyPackedFlags(e compiler.Expr, word *flagWord) bool {
	switch e := e.(type) {
	case compiler.HasFlag:
		for _, i := range word.measures {
			if r.plan.Measures[i].Name == e.Name {
				return true
			}
		}
	case compiler.Not:
		return r.onlyPackedFlags(e.X, word)
	case compiler.Or:
		return len(e) > 0 && !slices.ContainsFunc(e, func(t compiler.Expr) bool { return !r.onlyPackedFlags(t, word) })
	case compiler.And:
		return len(e) > 0 && !slices.ContainsFunc(e, func(t compiler.Expr) bool { return !r.onlyPackedFlags(t, word) })
	}
	return false
}

// flagged writes body, a SELECT of unit rows, under the projection that
// reads the flag word's flags, if the plan packs any.
func (r *renderer) flagged(indent int, word *flagWord, body func(indent int) error) error {
	if word == nil {
		return body(indent)
	}
	r.writeFlagReads(indent, word)
	if err := body(indent + 1); err != nil {
		return err
	}
	r.line(indent, ") AS flagged")
	return nil
}

// readsRankedOutside reports whether an atom not among the ranked tests
// reads a ranked value, which the rows of units sharing their code do
// not carry.
func (r *renderer) readsRankedOutside(atoms []compiler.Expr, ranked []bool) bool {
	for i, a := range atoms {
		if !ranked[i] && r.readsRanked(a) {
			return true
		}
	}
	return false
}

// readsRanked reports whether e reads a ranked value.
func (r *renderer) readsRanked(e compiler.Expr) bool {
	switch e := e.(type) {
	case compiler.MeasureValue:
		return r.isRanked(e.Name)
	case compiler.Equals:
		return r.readsRanked(e.Left) || r.readsRanked(e.Right)
	case compiler.Compare:
		return r.readsRanked(e.Left) || r.readsRanked(e.Right)
	case compiler.InList:
		return r.readsRanked(e.Left) || slices.ContainsFunc(e.Values, r.readsRanked)
	case compiler.NotNull:
		return r.readsRanked(e.X)
	case compiler.Not:
		return r.readsRanked(e.X)
	case compiler.PlusSeconds:
		return r.readsRanked(e.X)
	case compiler.And:
		return slices.ContainsFunc(e, r.readsRanked)
	case compiler.Or:
		return slices.ContainsFunc(e, r.readsRanked)
	}
	return false
}

// isRanked reports whether the measure named is read as a rank.
func (r *renderer) isRanked(name string) bool {
	_, ok := r.entryCode(name)
	return ok
}

// appendContextCode appends an event's context codes to b: each ranked
// column's bit in its field.
func (r *renderer) appendContextCode(b []byte, split *contextOnceSplit) []byte {
	for i, f := range split.columns {
		if i > 0 {
			b = append(b, " + "...)
		}
		b = append(append(append(b, "CASE "...), r.id(f.column)...), ' ')
		for k, v := range f.code.literals {
			b = append(append(append(b, "WHEN "...), r.quoteString(v)...), " THEN "...)
			b = strconv.AppendInt(b, int64(1)<<(f.shift+k+1), 10)
			b = append(b, ' ')
		}
		b = append(b, "ELSE "...)
		b = strconv.AppendInt(b, int64(1)<<f.shift, 10)
		b = append(b, " END"...)
	}
	return b
}
