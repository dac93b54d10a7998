package dialects

import (
	"slices"
	"strconv"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// A statement's visited() flags are one aggregate each, max(CASE WHEN
// node_slug = 'x' THEN 1 ELSE 0 END), updated on every event of every
// unit. Where several of them test one column against different texts,
// a dialect with FlagWords ORs them into one integer instead: a CASE on
// the column gives each text its own bit, bit_or collects a unit's bits,
// and a projection above the aggregation reads each flag back under its
// own name, so nothing that reads the flags changes. On DuckDB 1.5 the
// 1,000-reference batch of cmd/paramsql-bench, with eight such flags,
// took 8–17% less CPU time, and e.signup.visited(homepage,pricing), with
// two, 4–10% less (BENCHMARKS.md). One flag stays as it is.

// FlagWords is implemented by dialects that aggregate the bitwise OR of
// an integer.
type FlagWords interface {
	// BitOr is the aggregate OR of the integer x over a group's rows.
	BitOr(x string) string
}

const (
	// minPackedFlags is the fewest flags worth a word.
	minPackedFlags = 2
	// maxPackedFlags keeps every bit of the word within a BIGINT.
	maxPackedFlags = 62
	// flagWordAlias names the word in the aggregation. No measure name
	// starts with "visited", so it cannot take one's name; a shard
	// column of that name turns packing off.
	flagWordAlias = "visited_flags"
)

// flagWord is the MeasureAny measures one word packs: bit k of the word
// holds measures[k]'s flag, set on events whose column equals texts[k].
type flagWord struct {
	column   string
	measures []int // indexes into the plan's measures, in plan order
	texts    []string
}

// packedFlags finds the plan's flags that one word can hold: MeasureAny
// measures whose condition is their own column equal to a text, with no
// context filter folded in, over the column most of them test. It
// returns nil when the dialect has no FlagWords or fewer than
// minPackedFlags qualify. It runs for every statement compiled, so it
// allocates only when it packs.
func (r *renderer) packedFlags() *flagWord {
	if _, ok := r.d.(FlagWords); !ok {
		return nil
	}
	for _, s := range r.plan.Shards {
		if strings.EqualFold(s.Key, flagWordAlias) {
			// A shard column has the word's name; engines fold
			// identifiers' case, some of them always.
			return nil
		}
	}
	ms := r.plan.Measures
	// Flags per column, on the stack: a plan tests a column or two.
	type tally struct {
		column string
		n      int
	}
	var room [4]tally
	counts := room[:0]
	best, most := "", 0
	for i := range ms {
		col, _, ok := equalityFlag(ms[i])
		if !ok {
			continue
		}
		k := 0
		for k < len(counts) && counts[k].column != col {
			k++
		}
		if k == len(counts) {
			counts = append(counts, tally{column: col})
		}
		if counts[k].n++; counts[k].n > most {
			best, most = col, counts[k].n
		}
	}
	if most < minPackedFlags {
		return nil
	}
	w := &flagWord{column: best}
	for i := range ms {
		col, text, ok := equalityFlag(ms[i])
		if ok && col == best && len(w.texts) < maxPackedFlags && !slices.Contains(w.texts, text) {
			w.measures = append(w.measures, i)
			w.texts = append(w.texts, text)
		}
	}
	return w
}

// equalityFlag reads a MeasureAny whose condition is a column equal to a
// text, with no context filter folded in.
func equalityFlag(m compiler.Measure) (column, text string, ok bool) {
	if m.Kind != compiler.MeasureAny || m.Filter != nil {
		return "", "", false
	}
	eq, ok := m.When.(compiler.Equals)
	if !ok {
		return "", "", false
	}
	col, ok1 := eq.Left.(compiler.Column)
	t, ok2 := eq.Right.(compiler.Text)
	if !ok1 || !ok2 {
		return "", "", false
	}
	return col.Name, t.Value, true
}

// packs reports whether the word holds measure i.
func (w *flagWord) packs(i int) bool { return slices.Contains(w.measures, i) }

// flagWordAggregate is the word's aggregate: each text's bit, ORed over the
// unit's events.
func (r *renderer) flagWordAggregate(w *flagWord) string {
	return r.d.(FlagWords).BitOr(r.flagWordCase(w))
}

// flagWordCase is an event's bits of the word: its text's, or none.
func (r *renderer) flagWordCase(w *flagWord) string {
	b := make([]byte, 0, 32+len(w.texts)*32)
	b = append(append(append(b, "CASE "...), r.id(w.column)...), ' ')
	for k, t := range w.texts {
		b = append(append(append(b, "WHEN "...), r.quoteString(t)...), " THEN "...)
		b = strconv.AppendUint(b, 1<<k, 10)
		b = append(b, ' ')
	}
	return string(append(b, "ELSE 0 END"...))
}

// writeFlagReads begins the projection that reads the word's flags back
// under their measures' names, above the aggregation that units writes
// next, inside FROM (.
func (r *renderer) writeFlagReads(indent int, w *flagWord) {
	r.line(indent, "SELECT")
	r.line(indent+1, "*,")
	for k, i := range w.measures {
		r.indent(indent + 1)
		r.out.WriteString("(" + flagWordAlias + " >> " + strconv.Itoa(k) + ") & 1")
		r.endColumn(r.plan.Measures[i].Name, k < len(w.measures)-1)
	}
	r.line(indent, "FROM (")
}
