package dialects

import (
	"fmt"
	mathrand "math/rand/v2"
	"strconv"
	"strings"
	"sync"

	"github.com/paramsql/paramsql/compiler"
)

// Statement is rendered SQL with the names of the parameters it binds, in
// the order the driver takes its arguments.
type Statement struct {
	SQL    string   `json:"sql"`
	Params []string `json:"params"`
}

// Bind returns the statement's arguments in placeholder order, taking each
// parameter's value by name from values.
func (s Statement) Bind(values map[string]any) ([]any, error) {
	args := make([]any, 0, len(s.Params))
	for _, p := range s.Params {
		v, ok := values[p]
		if !ok {
			return nil, fmt.Errorf("statement binds unknown parameter %q", p)
		}
		args = append(args, v)
	}
	return args, nil
}

// Render writes a plan as one SELECT statement in the dialect, led by a
// comment holding each output's canonical reference.
func Render(p *compiler.Plan, d Dialect) (Statement, error) {
	r := renderers.Get().(*renderer)
	defer r.release()
	r.d, r.plan = d, p
	r.deriveFirsts = true
	r.scratch = r.scratchRoom[:0]
	// Room for about the statement, which grows with its measures:
	// growing it piecewise showed in profiles, and so did a fixed 2 KB.
	r.out.Grow(256 + 256*len(p.Measures))
	if err := r.statement(); err != nil {
		return Statement{}, err
	}
	return r.finishStatement(), nil
}

// renderers keeps the renderers of single statements, and their
// buffers, between calls: a statement's text and the renderer
// allocated anew showed in compile profiles. Nothing a Statement holds
// points into them.
var renderers = sync.Pool{New: func() any { return &renderer{nonces: newNonces()} }}

// maxPooledText bounds the text buffer a pooled renderer keeps, so that
// one huge statement does not pin its memory.
const maxPooledText = 64 << 10

// release returns r to renderers, cleared but for its buffers' room.
func (r *renderer) release() {
	clear(r.marked)
	b := r.out.b
	if cap(b) > maxPooledText {
		b = nil
	}
	if r.entryRoom != nil {
		r.entryRoom.clear()
	}
	*r = renderer{out: sqlBuffer{b[:0]}, marked: r.marked[:0], learnt: r.learnt, nonces: r.nonces,
		codes: clearSlice(r.codes), entryRoom: r.entryRoom}
	renderers.Put(r)
}

type renderer struct {
	d      Dialect
	plan   *compiler.Plan
	params []string
	seen   map[string]int
	out    sqlBuffer
	// ctes counts the named subqueries a batch has opened.
	ctes int
	// group holds the scans of the shared pass being written, if any.
	group []*compiler.Plan
	// mark begins each positional placeholder's marker once marking is
	// set (see marker), and marked holds the names written after it.
	mark    [markLen]byte
	marking bool
	marked  []string
	// codes are the anchor values of plan codesOf read as ranks (see
	// entryCodes).
	codes   []rankedValue
	codesOf *compiler.Plan
	// firsts are the MeasureFirst measures of plan firstsOf read from a
	// ranked value's aggregate (see derivedFirsts), which statements and
	// batches allow with deriveFirsts.
	firsts       []derivedFirst
	firstRoom    [4]derivedFirst
	firstsOf     *compiler.Plan
	deriveFirsts bool
	// ticks is set while the facts of units holding their times as ticks
	// are rendered (entry_context_ticks.go).
	ticks bool
	// batchScans is set while RenderBatch renders: its scans may leave
	// out a wide relevance filter (see RelevanceFilterLimit).
	batchScans bool
	// scanJoin, when set, is a join that scan writes after the events
	// table: the units whose context values vary (see contextOnce).
	scanJoin string
	// entryRoom is where entryCodes works; nil until it does.
	entryRoom *codeRoom
	// scratch is the buffer expr renders into, reused between calls; nil
	// while a call uses it. It starts in scratchRoom, which fits most
	// conditions: growing it showed in compile profiles.
	scratch     []byte
	scratchRoom [256]byte
	// nonce is the random part of mark, kept here so drawing it takes no
	// allocation of its own.
	nonce [nonceLen]byte
	// nonces, when set, draws the nonces instead of crypto/rand (see
	// marker); a pooled renderer keeps it.
	nonces *mathrand.ChaCha8
	// learnt is what the renderer learnt of its dialect, kept while the
	// renderer is (see dialectMemo); nil until it learns something.
	learnt *dialectMemo
	// learntChecked is set once memo has checked that learnt describes
	// this statement's dialect; a renderer's dialect is set once per
	// statement, so the answer holds until release.
	learntChecked bool
}

// dialectMemo is what a renderer learns of its dialect: its aggregates
// split around their condition (see writeAggregate and
// writeCodeAtFirst) and the quotings it asked for (see quoteMemo). A
// pooled renderer keeps it for its next statement, behind a pointer:
// copying it back with the renderer's cleared state showed in compile
// profiles.
//
// It is kept across statements only for a registered dialect (see
// registered), whose value compares safely with any other; for any other
// dialect it lasts one statement.
type dialectMemo struct {
	dialect   Dialect // the registered dialect learnt of; nil for none
	spellings [aggregates]aggregateSpelling
	codes     [maxCodeBits + 1]codeSpelling // by bits
	times     [maxCodeBits + 1]codeSpelling // FirstCodeTime's, by bits
	quotes    quoteMemo
}

// memo returns what the renderer learnt of its dialect, forgetting what
// it learnt of another.
func (r *renderer) memo() *dialectMemo {
	if r.learntChecked {
		return r.learnt
	}
	r.learntChecked = true
	if r.learnt == nil {
		r.learnt = new(dialectMemo)
	}
	if m := r.learnt; m.dialect == nil || m.dialect != r.d {
		*m = dialectMemo{}
		if registered(r.d) {
			m.dialect = r.d
		}
	}
	return r.learnt
}

func (r *renderer) line(indent int, format string, args ...any) {
	r.indent(indent)
	if len(args) == 0 {
		r.out.WriteString(format)
		r.out.WriteByte('\n')
		return
	}
	if format == "%s" && len(args) == 1 {
		if s, ok := args[0].(string); ok {
			r.out.WriteString(s)
			r.out.WriteByte('\n')
			return
		}
	}
	fmt.Fprintf(&r.out, format, args...)
	r.out.WriteByte('\n')
}

// indent begins a line at the given depth.
func (r *renderer) indent(depth int) {
	for i := 0; i < depth; i++ {
		r.out.WriteString("  ")
	}
}

// lineOf writes the concatenation of parts as one line: it spares the
// hot paths the temporary string a concatenation passed to line makes.
func (r *renderer) lineOf(indent int, parts ...string) {
	r.startLine(indent, parts...)
	r.out.WriteByte('\n')
}

// startLine begins a line with the concatenation of parts; endLine ends
// it with an expression.
func (r *renderer) startLine(indent int, parts ...string) {
	r.indent(indent)
	for _, p := range parts {
		r.out.WriteString(p)
	}
}

// comment writes text as line comments. Each physical line gets its own
// marker, so a newline inside a quoted value cannot end the comment early.
func (r *renderer) comment(text string) {
	if !strings.ContainsAny(text, "\r\n") {
		r.out.WriteString("-- ")
		r.out.WriteString(text)
		r.out.WriteByte('\n')
		return
	}
	for _, l := range strings.FieldsFunc(strings.ReplaceAll(text, "\r\n", "\n"), func(c rune) bool { return c == '\n' || c == '\r' }) {
		r.line(0, "%s", "-- "+l)
	}
}

func (r *renderer) statement() error {
	p := r.plan
	for _, o := range p.Outputs {
		r.comment(o.Ref)
	}
	if len(p.Outputs) != 1 {
		return fmt.Errorf("%s: a plan with %d outputs needs the batch renderer", r.d.Name(), len(p.Outputs))
	}
	o := p.Outputs[0]
	var period string
	if p.Period != compiler.PeriodNone {
		var err error
		if period, err = r.d.TruncDate(p.Period, periodTime(p)); err != nil {
			return fmt.Errorf("%s: %w", r.d.Name(), err)
		}
	}
	var colRoom [8]selectColumn // room on the stack for the usual few
	cols := colRoom[:0]
	var groups, order []string
	for _, s := range p.Shards {
		cols = append(cols, selectColumn{expr: r.id(s.Key)})
		groups = append(groups, r.id(s.Key))
		order = append(order, r.id(s.Key))
	}
	for _, s := range p.Attributed {
		v, err := r.expr(compiler.MeasureValue{Name: s.Measure})
		if err != nil {
			return err
		}
		cols = append(cols, selectColumn{v, r.id(s.Key)})
		groups = append(groups, v)
		order = append(order, r.id(s.Key))
	}
	if period != "" {
		cols = append(cols, selectColumn{period, r.id("period")})
		if g, ok := r.d.(GroupByAlias); ok && g.GroupsByAlias() {
			groups = append(groups, r.id("period"))
		} else {
			groups = append(groups, period)
		}
		order = append(order, r.id("period"))
	}
	r.line(0, "SELECT")
	for _, c := range cols {
		r.column(1, c, true)
	}
	// The counts are written in place, trial first: the successes copy
	// its text rather than render it again.
	r.indent(1)
	var trial []byte
	err := r.writeAggregate(aggCount, "", func() error {
		start := r.out.Len()
		err := r.writeExpr(o.Trial)
		trial = r.out.b[start:]
		return err
	})
	if err != nil {
		return err
	}
	r.endColumn(r.id("trials"), true)
	r.indent(1)
	err = r.writeAggregate(aggCount, "", func() error {
		r.out.Write(trial)
		r.out.WriteString(" AND ")
		return r.writeExpr(o.Success)
	})
	if err != nil {
		return err
	}
	r.endColumn(r.id("successes"), o.Immature != nil)
	if o.Immature != nil {
		r.indent(1)
		if err := r.writeAggregateOf(aggCount, "", o.Immature); err != nil {
			return err
		}
		r.endColumn(r.id("immature"), false)
	}
	r.line(0, "FROM (")
	if err := r.units(1); err != nil {
		return err
	}
	r.line(0, ") AS units")
	if period != "" || o.Present != nil {
		r.out.WriteString("WHERE ")
		if period != "" {
			r.out.WriteString(periodPresent(p))
			r.out.WriteString(" IS NOT NULL")
		}
		if o.Present != nil {
			if period != "" {
				r.out.WriteString(" AND ")
			}
			if err := r.writeExpr(o.Present); err != nil {
				return err
			}
		}
		r.out.WriteByte('\n')
	}
	if len(groups) > 0 {
		r.lineOf(0, "GROUP BY ", strings.Join(groups, ", "))
		r.lineOf(0, "ORDER BY ", strings.Join(order, ", "))
	}
	return nil
}

// list writes comma-separated items, one per line.
func (r *renderer) list(indent int, items []string) {
	for i, it := range items {
		r.indent(indent)
		r.out.WriteString(it)
		if i < len(items)-1 {
			r.out.WriteByte(',')
		}
		r.out.WriteByte('\n')
	}
}

// selectColumn is one item of a SELECT list: an expression and its alias,
// if any, kept apart so that writing the list joins them.
type selectColumn struct{ expr, alias string }

// column writes one item of a SELECT list, and a comma if more follow.
func (r *renderer) column(indent int, c selectColumn, more bool) {
	r.indent(indent)
	r.out.WriteString(c.expr)
	r.endColumn(c.alias, more)
}

// endColumn ends an item of a SELECT list whose expression is written.
func (r *renderer) endColumn(alias string, more bool) {
	if alias != "" {
		r.out.WriteString(" AS ")
		r.out.WriteString(alias)
	}
	if more {
		r.out.WriteByte(',')
	}
	r.out.WriteByte('\n')
}

// units writes the per-unit aggregation: one row per unit and shard value.
func (r *renderer) units(indent int) error {
	p := r.plan
	if len(p.Contexts) > 0 {
		return r.unitsByContext(indent)
	}
	word := r.packedFlags()
	if word != nil {
		r.writeFlagReads(indent, word)
		indent++
	}
	var err error
	if split := r.contextOnce(word); split != nil {
		err = r.unitsContextOnce(indent, split)
	} else {
		err = r.unitAggregates(indent, word)
	}
	if err != nil {
		return err
	}
	if word != nil {
		r.line(indent-1, ") AS flagged")
	}
	return nil
}

// unitAggregates writes the SELECT that aggregates the events per unit
// and shard value: every measure, or the word that packs it.
func (r *renderer) unitAggregates(indent int, word *flagWord) error {
	p := r.plan
	r.line(indent, "SELECT")
	for i, s := range p.Shards {
		c := selectColumn{expr: r.id(s.Key)}
		if s.Column != s.Key {
			c = selectColumn{r.id(s.Column), r.id(s.Key)}
		}
		r.column(indent+1, c, i < len(p.Shards)-1 || len(p.Measures) > 0)
	}
	ts := r.id(p.Time)
	for i, m := range p.Measures {
		if word != nil && word.packs(i) {
			continue
		}
		r.indent(indent + 1)
		if err := r.writeMeasure(m, ts); err != nil {
			return err
		}
		r.endColumn(m.Name, word != nil || i < len(p.Measures)-1)
	}
	if word != nil {
		r.column(indent+1, selectColumn{r.flagWordAggregate(word), flagWordAlias}, false)
	}
	if r.needsWindow() {
		r.line(indent, "FROM (")
		if err := r.eventsWithEntry(indent + 1); err != nil {
			return err
		}
		r.line(indent, ") AS ev")
	} else if err := r.scan(indent); err != nil {
		return err
	}
	r.writeUnitGroupBy(indent)
	return nil
}

// writeMeasure writes the per-unit aggregate of m in place.
func (r *renderer) writeMeasure(m compiler.Measure, ts string) error {
	switch m.Kind {
	case compiler.MeasureFirst:
		if f, ok := r.derived(m.Name); ok {
			return r.writeDerivedFirst(f, ts)
		}
		return r.writeAggregateOf(aggFirst, ts, m.When)
	case compiler.MeasureLast:
		return r.writeAggregateOf(aggLast, ts, m.When)
	case compiler.MeasureAny:
		return r.writeAggregateOf(aggAny, ts, m.When)
	case compiler.MeasureAtAnchor:
		return r.writeAtAnchor(m, ts)
	}
	agg, err := r.measureAggregate(m, ts)
	r.out.WriteString(agg)
	return err
}

// writeUnitGroupBy writes the GROUP BY of the per-unit aggregation: the
// unit's keys and the shard columns.
func (r *renderer) writeUnitGroupBy(indent int) {
	p := r.plan
	r.indent(indent)
	r.out.WriteString("GROUP BY ")
	for i, k := range p.UnitKeys {
		if i > 0 {
			r.out.WriteString(", ")
		}
		r.out.WriteString(r.id(k))
	}
	for i, s := range p.Shards {
		if i > 0 || len(p.UnitKeys) > 0 {
			r.out.WriteString(", ")
		}
		r.out.WriteString(r.id(s.Column))
	}
	r.out.WriteByte('\n')
}

// measureAggregate is the per-unit aggregate of a measure other than
// the first, last and any of its events and the value at its anchor,
// which units writes in place.
func (r *renderer) measureAggregate(m compiler.Measure, ts string) (string, error) {
	when, err := r.expr(m.When)
	if err != nil {
		return "", err
	}
	switch m.Kind {
	case compiler.MeasureReachedWithin:
		if aw, ok := r.d.(ArrayWithin); ok {
			return aw.CollectTimes(ts, when), nil
		}
		window := fmt.Sprintf("%s AND %s >= %s AND %s <= %s", when, ts, anchorAlias(m), ts, r.d.AddSeconds(anchorAlias(m), m.Seconds))
		return r.d.AnyWhen(window), nil
	case compiler.MeasureCountWithin:
		if aw, ok := r.d.(ArrayWithin); ok {
			return aw.CollectTimes(ts, when), nil
		}
		window := fmt.Sprintf("%s AND %s >= %s", when, ts, anchorAlias(m))
		switch {
		case m.Unbounded:
		case m.Seconds == 0:
			// The anchor's own instant: no date arithmetic, which
			// keeps excludeBetween without within() off DATEADD.
			window += fmt.Sprintf(" AND %s <= %s", ts, anchorAlias(m))
		default:
			window += fmt.Sprintf(" AND %s <= %s", ts, r.d.AddSeconds(anchorAlias(m), m.Seconds))
		}
		return r.d.CountIf(window), nil
	case compiler.MeasureFirstAfter:
		if aw, ok := r.d.(ArrayWithin); ok {
			return aw.CollectTimes(ts, when), nil
		}
		return r.d.FirstWhen(ts, fmt.Sprintf("%s AND %s > %s", when, ts, anchorAlias(m))), nil
	case compiler.MeasureFirstConverting:
		return r.firstConverting(m, ts, when)
	}
	return "", fmt.Errorf("dialects: cannot render measure kind %d", m.Kind)
}

// needsWindow tells whether within() is computed with a window function.
func (r *renderer) needsWindow() bool {
	if _, ok := r.d.(ArrayWithin); ok {
		return false
	}
	for _, m := range r.plan.Measures {
		if m.Kind == compiler.MeasureFirstConverting || r.readsAnchorTime(m) {
			return true
		}
	}
	return false
}

// readsAnchorTime tells whether m compares rows against its anchor's
// time, which eventsWithAnchors puts on every row with a window function.
func (r *renderer) readsAnchorTime(m compiler.Measure) bool {
	switch m.Kind {
	case compiler.MeasureReachedWithin, compiler.MeasureCountWithin, compiler.MeasureFirstAfter:
		return true
	case compiler.MeasureAtAnchor:
		return !r.valueAtFirst(m)
	}
	return false
}

func anchorAlias(m compiler.Measure) string { return "anchor_" + m.Anchor }

// eventsWithAnchors writes the considered events, each carrying its unit's
// first from-event time, so within() can compare every to-event against it.
func (r *renderer) eventsWithAnchors(indent int) error {
	p := r.plan
	wf, ok := r.d.(WindowFunctions)
	if !ok {
		return fmt.Errorf("%s cannot express within(): it has neither window functions nor arrays", r.d.Name())
	}
	var cols []string
	for _, c := range r.readColumns() {
		cols = append(cols, r.id(c))
	}
	partition := r.unitPartition()
	for _, m := range p.Measures {
		if m.Kind != compiler.MeasureFirstConverting {
			continue
		}
		around, err := r.toEventsAround(m, partition)
		if err != nil {
			return err
		}
		cols = append(cols, around...)
	}
	done := map[string]bool{}
	for _, m := range p.Measures {
		if !r.readsAnchorTime(m) || done[m.Anchor] {
			continue
		}
		done[m.Anchor] = true
		anchor := r.measureNamed(m.Anchor)
		when, err := r.expr(anchor.When)
		if err != nil {
			return err
		}
		cols = append(cols, wf.FirstOver(r.id(p.Time), when, partition)+" AS "+anchorAlias(m))
	}
	r.line(indent, "SELECT")
	r.list(indent+1, cols)
	return r.scan(indent)
}

// readColumns lists the physical columns the per-unit step reads.
func (r *renderer) readColumns() []string {
	p := r.plan
	seen := map[string]bool{}
	var out []string
	add := func(c string) {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, k := range p.UnitKeys {
		add(k)
	}
	for _, s := range p.Shards {
		add(s.Column)
	}
	add(p.Time)
	for _, m := range p.Measures {
		for _, c := range compiler.ColumnsRead(m.When) {
			add(c)
		}
		for _, c := range compiler.ColumnsRead(m.To) {
			add(c)
		}
		for _, c := range compiler.ColumnsRead(m.Blocker) {
			add(c)
		}
		if m.Column != "" {
			add(m.Column)
		}
	}
	return out
}

func (r *renderer) measureNamed(name string) compiler.Measure {
	for _, m := range r.plan.Measures {
		if m.Name == name {
			return m
		}
	}
	panic("dialects: plan refers to unknown measure " + name)
}

// scan writes FROM and WHERE over the events table: the window first, so
// the engine can prune on the raw timestamp column.
func (r *renderer) scan(indent int) error {
	p := r.plan
	table, err := QuoteQualified(r.d, p.Table)
	if err != nil {
		return fmt.Errorf("%s: events table: %w", r.d.Name(), err)
	}
	r.lineOf(indent, "FROM ", table)
	if r.scanJoin != "" {
		r.lineOf(indent, r.scanJoin)
	}
	upper := scanUpper(p)
	ts := r.id(p.Time)
	r.startLine(indent, "WHERE ", ts, " >= ")
	if err := r.endLine(p.Window.Start); err != nil {
		return err
	}
	r.startLine(indent+1, "AND ", ts, " < ")
	if err := r.endLine(upper); err != nil {
		return err
	}
	for _, f := range p.Filter {
		if err := r.filterLine(indent+1, f); err != nil {
			return err
		}
	}
	if keepsRelevance(r.d, p.Relevance, r.batchScans) {
		return r.filterLine(indent+1, p.Relevance)
	}
	return nil
}

// scanUpper is the bound a scan's events lie before: the observation
// cut-off where the plan has one, else the window's end.
func scanUpper(p *compiler.Plan) compiler.Expr {
	if p.ObserveUntil != nil {
		return p.ObserveUntil
	}
	return p.Window.End
}

// filterLine writes one AND term of a scan's WHERE clause.
func (r *renderer) filterLine(indent int, f compiler.Expr) error {
	r.startLine(indent, "AND ")
	if or, ok := f.(compiler.Or); ok && len(or) > 1 {
		if _, chain := r.d.(ChainedOrFilter); chain {
			return r.endChainedOr(or)
		}
	}
	return r.endLine(f)
}

// endChainedOr renders a WHERE clause's Or as a CASE chain (see
// ChainedOrFilter), ending the line that startLine began.
func (r *renderer) endChainedOr(or compiler.Or) error {
	b := append(r.out.b, "(CASE"...)
	var err error
	for i, t := range or {
		if i == len(or)-1 {
			b = append(b, " ELSE "...)
		} else {
			b = append(b, " WHEN "...)
		}
		if b, err = r.appendExpr(b, t); err != nil {
			r.out.b = b
			return err
		}
		if i < len(or)-1 {
			b = append(b, " THEN true"...)
		}
	}
	r.out.b = append(b, " END)\n"...)
	return nil
}

// expr renders a neutral expression. Or is always parenthesised, so it
// nests safely inside And. The composite expressions are appended into one
// buffer (appendExpr) and made a string once: building every level as a
// string of its own showed as a third of compile profiles' allocations.
func (r *renderer) expr(e compiler.Expr) (string, error) {
	switch e.(type) {
	case compiler.Equals, compiler.Compare, compiler.InList, compiler.NotNull,
		compiler.And, compiler.Or, compiler.HasFlag, compiler.Not:
	default:
		return r.leaf(e)
	}
	b, err := r.appendScratch(e)
	return string(b), err
}

// endLine renders e straight into the statement, ending the line that
// startLine began.
func (r *renderer) endLine(e compiler.Expr) error {
	err := r.writeExpr(e)
	r.out.WriteByte('\n')
	return err
}

// appendScratch renders e into the scratch buffer, whose bytes it
// returns: they hold until the next rendering. A dialect call inside may
// render a part with expr again: it finds no scratch buffer while this
// one is in use, and makes its own.
func (r *renderer) appendScratch(e compiler.Expr) ([]byte, error) {
	buf := r.scratch
	r.scratch = nil
	b, err := r.appendExpr(buf[:0], e)
	r.scratch = b
	return b, err
}

// appendExpr appends the rendering of e to b.
func (r *renderer) appendExpr(b []byte, e compiler.Expr) ([]byte, error) {
	var err error
	switch e := e.(type) {
	case compiler.Equals:
		if b, ok := r.appendCodedTest(b, e); ok {
			return b, nil
		}
		return r.appendBinary(b, e.Left, "=", e.Right)
	case compiler.Compare:
		if b, ok := r.appendTimeTest(b, e); ok {
			return b, nil
		}
		return r.appendBinary(b, e.Left, e.Op, e.Right)
	case compiler.InList:
		if b, ok := r.appendCodedTest(b, e); ok {
			return b, nil
		}
		if b, err = r.appendExpr(b, e.Left); err != nil {
			return b, err
		}
		b = append(b, " IN ("...)
		for i, v := range e.Values {
			if i > 0 {
				b = append(b, ", "...)
			}
			if b, err = r.appendExpr(b, v); err != nil {
				return b, err
			}
		}
		return append(b, ')'), nil
	case compiler.NotNull:
		b, err = r.appendExpr(b, e.X)
		return append(b, " IS NOT NULL"...), err
	case compiler.And:
		return r.appendJoin(b, e, " AND ", false)
	case compiler.Or:
		return r.appendJoin(b, e, " OR ", true)
	case compiler.HasFlag:
		b = append(b, e.Name...)
		if e.Want {
			return append(b, " = 1"...), nil
		}
		return append(b, " = 0"...), nil
	case compiler.Not:
		// CASE reads a NULL condition as not holding, so its negation
		// holds; NOT (NULL) would be NULL.
		b = append(b, "CASE WHEN "...)
		b, err = r.appendExpr(b, e.X)
		return append(b, " THEN 0 ELSE 1 END = 1"...), err
	case compiler.Param:
		if r.d.PlaceholderStyle() == Positional {
			// The marker placeholder() spells, without its string.
			r.markName(e.Name)
			b = append(b, r.marker()...)
			b = append(b, e.Name...)
			return append(b, positionalMarkEnd...), nil
		}
	}
	s, err := r.leaf(e)
	return append(b, s...), err
}

// leaf renders the expressions that are one string of their own: a
// column, a value, a placeholder, or a measure the dialect may compute.
func (r *renderer) leaf(e compiler.Expr) (string, error) {
	switch e := e.(type) {
	case compiler.Column:
		return r.id(e.Name), nil
	case compiler.Text:
		return r.quoteString(e.Value), nil
	case compiler.Number:
		return strconv.FormatInt(e.Value, 10), nil
	case compiler.Timestamp:
		return r.d.TimestampLiteral(e.Time), nil
	case compiler.Param:
		return r.placeholder(e.Name), nil
	case compiler.MeasureValue:
		if aw, ok := r.d.(ArrayWithin); ok {
			switch m := r.measureNamed(e.Name); m.Kind {
			case compiler.MeasureFirstAfter:
				return aw.FirstTimeAfter(m.Name, m.Anchor), nil
			case compiler.MeasureAtAnchor:
				return aw.ValueAt(m.Name, anchorInstant(m)), nil
			}
		}
		return e.Name, nil
	case compiler.PlusSeconds:
		x, err := r.expr(e.X)
		return r.d.AddSeconds(x, e.Seconds), err
	case compiler.Reached:
		m := r.measureNamed(e.Name)
		if aw, ok := r.d.(ArrayWithin); ok {
			return aw.AnyTimeBetween(m.Name, m.Anchor, m.Seconds), nil
		}
		return e.Name + " = 1", nil
	case compiler.AtLeast:
		m := r.measureNamed(e.Name)
		if aw, ok := r.d.(ArrayWithin); ok {
			return fmt.Sprintf("%s >= %d", aw.CountTimesBetween(m.Name, m.Anchor, m.Seconds, m.Unbounded), e.Min), nil
		}
		return fmt.Sprintf("%s >= %d", e.Name, e.Min), nil
	}
	return "", fmt.Errorf("dialects: cannot render %T", e)
}

func (r *renderer) appendBinary(b []byte, left compiler.Expr, op string, right compiler.Expr) ([]byte, error) {
	b, err := r.appendExpr(b, left)
	if err != nil {
		return b, err
	}
	b = append(b, ' ')
	b = append(b, op...)
	b = append(b, ' ')
	return r.appendExpr(b, right)
}

func (r *renderer) appendJoin(b []byte, terms []compiler.Expr, sep string, paren bool) ([]byte, error) {
	if len(terms) == 0 {
		return append(b, "1 = 1"...), nil
	}
	if len(terms) == 1 {
		return r.appendExpr(b, terms[0])
	}
	if paren {
		b = append(b, '(')
	}
	for i, t := range terms {
		if i > 0 {
			b = append(b, sep...)
		}
		var err error
		if b, err = r.appendExpr(b, t); err != nil {
			return b, err
		}
	}
	if paren {
		b = append(b, ')')
	}
	return b, nil
}

// placeholder spells a bound parameter and records the argument it takes.
// A positional placeholder is written as a marker first: a rendered
// condition may be written into the text more than once, or in another
// order than it was rendered, so finishStatement numbers the markers in the
// order of the final text.
func (r *renderer) placeholder(name string) string {
	switch r.d.PlaceholderStyle() {
	case Positional:
		r.markName(name)
		return string(r.marker()) + name + positionalMarkEnd
	default:
		if r.seen == nil {
			r.seen = map[string]int{}
		}
		n, ok := r.seen[name]
		if !ok {
			r.params = append(r.params, name)
			n = len(r.params)
			r.seen[name] = n
		}
		return r.d.Placeholder(name, n)
	}
}
