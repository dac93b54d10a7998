package dialects

import (
	"fmt"
	"strconv"
	"strings"

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
	r := &renderer{d: d, plan: p, seen: map[string]int{}}
	r.out.Grow(2048) // a typical statement; growing it piecewise showed in profiles
	sql, err := r.statement()
	if err != nil {
		return Statement{}, err
	}
	return r.statementOf(sql), nil
}

type renderer struct {
	d      Dialect
	plan   *compiler.Plan
	params []string
	seen   map[string]int
	out    strings.Builder
	// ctes counts the named subqueries a batch has opened.
	ctes int
	// group holds the scans of the shared pass being written, if any.
	group []*compiler.Plan
	// mark begins each positional placeholder's marker (see marker).
	mark string
	// codes are the anchor values of plan codesOf read as ranks (see
	// entryCodes), by measure name.
	codes   map[string]entryCode
	codesOf *compiler.Plan
}

func (r *renderer) line(indent int, format string, args ...any) {
	for i := 0; i < indent; i++ {
		r.out.WriteString("  ")
	}
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

// lineOf writes the concatenation of parts as one line: it spares the
// hot paths the temporary string a concatenation passed to line makes.
func (r *renderer) lineOf(indent int, parts ...string) {
	for i := 0; i < indent; i++ {
		r.out.WriteString("  ")
	}
	for _, p := range parts {
		r.out.WriteString(p)
	}
	r.out.WriteByte('\n')
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

func (r *renderer) id(name string) string { return r.d.QuoteIdent(name) }

func (r *renderer) statement() (string, error) {
	p := r.plan
	for _, o := range p.Outputs {
		r.comment(o.Ref)
	}
	if len(p.Outputs) != 1 {
		return "", fmt.Errorf("%s: a plan with %d outputs needs the batch renderer", r.d.Name(), len(p.Outputs))
	}
	o := p.Outputs[0]
	var period string
	if p.Period != compiler.PeriodNone {
		var err error
		if period, err = r.d.TruncDate(p.Period, periodTime(p)); err != nil {
			return "", fmt.Errorf("%s: %w", r.d.Name(), err)
		}
	}
	trial, err := r.expr(o.Trial)
	if err != nil {
		return "", err
	}
	success, err := r.expr(o.Success)
	if err != nil {
		return "", err
	}
	var cols, groups, order []string
	for _, s := range p.Shards {
		cols = append(cols, r.id(s.Key))
		groups = append(groups, r.id(s.Key))
		order = append(order, r.id(s.Key))
	}
	for _, s := range p.Attributed {
		v, err := r.expr(compiler.MeasureValue{Name: s.Measure})
		if err != nil {
			return "", err
		}
		cols = append(cols, v+" AS "+r.id(s.Key))
		groups = append(groups, v)
		order = append(order, r.id(s.Key))
	}
	if period != "" {
		cols = append(cols, period+" AS "+r.id("period"))
		if g, ok := r.d.(GroupByAlias); ok && g.GroupsByAlias() {
			groups = append(groups, r.id("period"))
		} else {
			groups = append(groups, period)
		}
		order = append(order, r.id("period"))
	}
	cols = append(cols,
		r.d.CountIf(trial)+" AS "+r.id("trials"),
		r.d.CountIf(trial+" AND "+success)+" AS "+r.id("successes"))
	if o.Immature != nil {
		immature, err := r.expr(o.Immature)
		if err != nil {
			return "", err
		}
		cols = append(cols, r.d.CountIf(immature)+" AS "+r.id("immature"))
	}
	r.line(0, "SELECT")
	r.list(1, cols)
	r.line(0, "FROM (")
	if err := r.units(1); err != nil {
		return "", err
	}
	r.line(0, ") AS units")
	var where []string
	if period != "" {
		where = append(where, periodPresent(p)+" IS NOT NULL")
	}
	if o.Present != nil {
		present, err := r.expr(o.Present)
		if err != nil {
			return "", err
		}
		where = append(where, present)
	}
	if len(where) > 0 {
		r.line(0, "WHERE %s", strings.Join(where, " AND "))
	}
	if len(groups) > 0 {
		r.line(0, "GROUP BY %s", strings.Join(groups, ", "))
		r.line(0, "ORDER BY %s", strings.Join(order, ", "))
	}
	return strings.TrimRight(r.out.String(), "\n"), nil
}

// list writes comma-separated items, one per line.
func (r *renderer) list(indent int, items []string) {
	for i, it := range items {
		for j := 0; j < indent; j++ {
			r.out.WriteString("  ")
		}
		r.out.WriteString(it)
		if i < len(items)-1 {
			r.out.WriteByte(',')
		}
		r.out.WriteByte('\n')
	}
}

// units writes the per-unit aggregation: one row per unit and shard value.
func (r *renderer) units(indent int) error {
	p := r.plan
	if len(p.Contexts) > 0 {
		return r.unitsByContext(indent)
	}
	windowed := r.needsWindow()
	cols := make([]string, 0, len(p.Shards)+len(p.Measures))
	for _, s := range p.Shards {
		if s.Column == s.Key {
			cols = append(cols, r.id(s.Key))
		} else {
			cols = append(cols, r.id(s.Column)+" AS "+r.id(s.Key))
		}
	}
	ts := r.id(p.Time)
	for _, m := range p.Measures {
		when, err := r.expr(m.When)
		if err != nil {
			return err
		}
		var agg string
		switch m.Kind {
		case compiler.MeasureFirst:
			agg = r.d.FirstWhen(ts, when)
		case compiler.MeasureLast:
			agg = r.d.LastWhen(ts, when)
		case compiler.MeasureAny:
			agg = r.d.AnyWhen(when)
		case compiler.MeasureReachedWithin:
			if aw, ok := r.d.(ArrayWithin); ok {
				agg = aw.CollectTimes(ts, when)
			} else {
				window := fmt.Sprintf("%s AND %s >= %s AND %s <= %s", when, ts, anchorAlias(m), ts, r.d.AddSeconds(anchorAlias(m), m.Seconds))
				agg = r.d.AnyWhen(window)
			}
		case compiler.MeasureCountWithin:
			if aw, ok := r.d.(ArrayWithin); ok {
				agg = aw.CollectTimes(ts, when)
			} else {
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
				agg = r.d.CountIf(window)
			}
		case compiler.MeasureFirstAfter:
			if aw, ok := r.d.(ArrayWithin); ok {
				agg = aw.CollectTimes(ts, when)
			} else {
				agg = r.d.FirstWhen(ts, fmt.Sprintf("%s AND %s > %s", when, ts, anchorAlias(m)))
			}
		case compiler.MeasureFirstConverting:
			var err error
			if agg, err = r.firstConverting(m, ts, when); err != nil {
				return err
			}
		case compiler.MeasureAtAnchor:
			var err error
			if agg, err = r.atAnchor(m, ts, when); err != nil {
				return err
			}
		}
		cols = append(cols, agg+" AS "+m.Name)
	}
	r.line(indent, "SELECT")
	r.list(indent+1, cols)
	if windowed {
		r.line(indent, "FROM (")
		if err := r.eventsWithEntry(indent + 1); err != nil {
			return err
		}
		r.line(indent, ") AS ev")
	} else if err := r.scan(indent); err != nil {
		return err
	}
	var keys []string
	for _, k := range p.UnitKeys {
		keys = append(keys, r.id(k))
	}
	for _, s := range p.Shards {
		keys = append(keys, r.id(s.Column))
	}
	r.lineOf(indent, "GROUP BY ", strings.Join(keys, ", "))
	return nil
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
	start, err := r.expr(p.Window.Start)
	if err != nil {
		return err
	}
	upper := p.Window.End
	if p.ObserveUntil != nil {
		upper = p.ObserveUntil
	}
	end, err := r.expr(upper)
	if err != nil {
		return err
	}
	ts := r.id(p.Time)
	r.lineOf(indent, "WHERE ", ts, " >= ", start)
	r.lineOf(indent+1, "AND ", ts, " < ", end)
	for _, f := range p.Filter {
		s, err := r.expr(f)
		if err != nil {
			return err
		}
		r.lineOf(indent+1, "AND ", s)
	}
	return nil
}

// expr renders a neutral expression. Or is always parenthesised, so it
// nests safely inside And.
func (r *renderer) expr(e compiler.Expr) (string, error) {
	switch e := e.(type) {
	case compiler.Column:
		return r.id(e.Name), nil
	case compiler.Text:
		return r.d.QuoteString(e.Value), nil
	case compiler.Number:
		return strconv.FormatInt(e.Value, 10), nil
	case compiler.Timestamp:
		return r.d.TimestampLiteral(e.Time), nil
	case compiler.Param:
		return r.placeholder(e.Name), nil
	case compiler.Equals:
		if s, ok := r.codedTest(e); ok {
			return s, nil
		}
		return r.binary(e.Left, "=", e.Right)
	case compiler.Compare:
		return r.binary(e.Left, e.Op, e.Right)
	case compiler.InList:
		if s, ok := r.codedTest(e); ok {
			return s, nil
		}
		l, err := r.expr(e.Left)
		if err != nil {
			return "", err
		}
		var vals []string
		for _, v := range e.Values {
			s, err := r.expr(v)
			if err != nil {
				return "", err
			}
			vals = append(vals, s)
		}
		return l + " IN (" + strings.Join(vals, ", ") + ")", nil
	case compiler.NotNull:
		x, err := r.expr(e.X)
		return x + " IS NOT NULL", err
	case compiler.And:
		return r.join(e, " AND ", false)
	case compiler.Or:
		return r.join(e, " OR ", true)
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
	case compiler.HasFlag:
		if e.Want {
			return e.Name + " = 1", nil
		}
		return e.Name + " = 0", nil
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
	case compiler.Not:
		// CASE reads a NULL condition as not holding, so its negation
		// holds; NOT (NULL) would be NULL.
		x, err := r.expr(e.X)
		return "CASE WHEN " + x + " THEN 0 ELSE 1 END = 1", err
	}
	return "", fmt.Errorf("dialects: cannot render %T", e)
}

func (r *renderer) binary(left compiler.Expr, op string, right compiler.Expr) (string, error) {
	l, err := r.expr(left)
	if err != nil {
		return "", err
	}
	rr, err := r.expr(right)
	if err != nil {
		return "", err
	}
	return l + " " + op + " " + rr, nil
}

func (r *renderer) join(terms []compiler.Expr, sep string, paren bool) (string, error) {
	if len(terms) == 0 {
		return "1 = 1", nil
	}
	if len(terms) == 1 {
		return r.expr(terms[0])
	}
	var b strings.Builder
	if paren {
		b.WriteByte('(')
	}
	for i, t := range terms {
		s, err := r.expr(t)
		if err != nil {
			return "", err
		}
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(s)
	}
	if paren {
		b.WriteByte(')')
	}
	return b.String(), nil
}

// placeholder spells a bound parameter and records the argument it takes.
// A positional placeholder is written as a marker first: a rendered
// condition may be written into the text more than once, or in another
// order than it was rendered, so statementOf numbers the markers in the
// order of the final text.
func (r *renderer) placeholder(name string) string {
	switch r.d.PlaceholderStyle() {
	case Positional:
		return r.marker() + name + positionalMarkEnd
	default:
		n, ok := r.seen[name]
		if !ok {
			r.params = append(r.params, name)
			n = len(r.params)
			r.seen[name] = n
		}
		return r.d.Placeholder(name, n)
	}
}
