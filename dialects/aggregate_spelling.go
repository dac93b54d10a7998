package dialects

import (
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// The renderer writes the common per-unit aggregates straight into the
// statement: the dialect's spelling before the condition, the condition
// rendered in place, then the spelling after it. Rendering each
// condition into a string of its own for the dialect to wrap in another
// one showed as a third of a reference's allocations in compile
// profiles. A dialect's spelling is split once per renderer by a probe,
// and checked with a second one: a dialect whose aggregate does not
// hold its condition verbatim is called with the condition's text
// instead. The split assumes what the probes check, that an aggregate
// holds its condition as opaque text whatever it says (a dialect that
// looked inside its condition would need the texts);
// TestAggregateSpellingsHoldTheirCondition checks every registered
// dialect's split against hostile conditions.

// aggregate names the dialect functions the renderer splits around
// their condition.
type aggregate int

const (
	aggCount aggregate = iota // Dialect.CountIf
	aggFirst                  // Dialect.FirstWhen
	aggLast                   // Dialect.LastWhen
	aggAny                    // Dialect.AnyWhen
	aggregates
)

// aggregateSpelling is one aggregate's spelling over a time column, split
// around its condition; verbatim false when it cannot be. split is false
// until it is split (ts is empty for the aggregates that take none).
type aggregateSpelling struct {
	split         bool
	ts            string
	before, after string
	verbatim      bool
}

// The probes stand for a condition in the dialect's calls.
const (
	conditionProbe      = "\x00condition\x00"
	otherConditionProbe = "\x00other\x00"
)

// spell calls the dialect's aggregate k.
func (r *renderer) spell(k aggregate, ts, cond string) string {
	switch k {
	case aggFirst:
		return r.d.FirstWhen(ts, cond)
	case aggLast:
		return r.d.LastWhen(ts, cond)
	case aggAny:
		return r.d.AnyWhen(cond)
	}
	return r.d.CountIf(cond)
}

// spelling returns aggregate k's spelling over ts in the renderer's
// dialect, splitting it on first use.
func (r *renderer) spelling(k aggregate, ts string) *aggregateSpelling {
	s := &r.memo().spellings[k]
	if s.split && s.ts == ts {
		return s
	}
	*s = aggregateSpelling{split: true, ts: ts}
	probed := r.spell(k, ts, conditionProbe)
	if i := strings.Index(probed, conditionProbe); i >= 0 {
		before, after := probed[:i], probed[i+len(conditionProbe):]
		// The same split of another probe: the condition is held once,
		// as it is.
		if r.spell(k, ts, otherConditionProbe) == before+otherConditionProbe+after {
			s.before, s.after, s.verbatim = before, after, true
		}
	}
	return s
}

// writeAggregate writes aggregate k over ts and the condition that cond
// writes into the statement. The bytes cond wrote stay as they were,
// for cond's caller to copy: where the dialect is called with the
// condition's text instead, its spelling goes into a new array.
func (r *renderer) writeAggregate(k aggregate, ts string, cond func() error) error {
	if s := r.spelling(k, ts); s.verbatim {
		r.out.WriteString(s.before)
		err := cond()
		r.out.WriteString(s.after)
		return err
	}
	start := r.out.Len()
	err := cond()
	text := string(r.out.b[start:])
	r.out.b = r.out.b[:start:start]
	r.out.WriteString(r.spell(k, ts, text))
	return err
}

// writeExpr renders e straight into the statement.
func (r *renderer) writeExpr(e compiler.Expr) error {
	var err error
	r.out.b, err = r.appendExpr(r.out.b, e)
	return err
}

// writeAggregateOf writes aggregate k over ts and the condition e.
func (r *renderer) writeAggregateOf(k aggregate, ts string, e compiler.Expr) error {
	return r.writeAggregate(k, ts, func() error { return r.writeExpr(e) })
}

// codeSpelling is the dialect's FirstCode.CodeAtFirst over a time column
// and a number of bits, split around its code and its condition as an
// aggregateSpelling is around its condition: parts[0], the first of
// them (the code when codeFirst), parts[1], the other, parts[2].
type codeSpelling struct {
	split     bool // false until split
	ts        string
	parts     [3]string
	codeFirst bool
	verbatim  bool
}

// The probes stand for a code in the dialect's calls, as those above do
// for a condition.
const (
	codeProbe      = "\x00code\x00"
	otherCodeProbe = "\x00other code\x00"
)

// codeSpelling returns the split of fc's CodeAtFirst over ts and bits,
// splitting it on first use.
func (r *renderer) codeSpelling(fc FirstCode, ts string, bits int) *codeSpelling {
	return r.splitCodeAggregate(&r.memo().codes, fc.CodeAtFirst, ts, bits)
}

// splitCodeAggregate returns the split of spell, a dialect method over a
// code, a time column, a condition and bits, memoised in memo by bits.
func (r *renderer) splitCodeAggregate(memo *[maxCodeBits + 1]codeSpelling, spell func(code, ts, cond string, bits int) string, ts string, bits int) *codeSpelling {
	if bits < 0 || bits >= len(memo) {
		return &codeSpelling{}
	}
	s := &memo[bits]
	if s.split && s.ts == ts {
		return s
	}
	*s = codeSpelling{split: true, ts: ts}
	probed := spell(codeProbe, ts, conditionProbe, bits)
	i, j := strings.Index(probed, codeProbe), strings.Index(probed, conditionProbe)
	if i < 0 || j < 0 {
		return s
	}
	s.codeFirst = i < j
	first, second := codeProbe, conditionProbe
	if !s.codeFirst {
		i, j = j, i
		first, second = second, first
	}
	if i+len(first) > j {
		return s
	}
	s.parts = [3]string{probed[:i], probed[i+len(first) : j], probed[j+len(second):]}
	// The same split of other probes: each is held once, as it is.
	other := spell(otherCodeProbe, ts, otherConditionProbe, bits)
	if s.codeFirst {
		s.verbatim = other == s.parts[0]+otherCodeProbe+s.parts[1]+otherConditionProbe+s.parts[2]
	} else {
		s.verbatim = other == s.parts[0]+otherConditionProbe+s.parts[1]+otherCodeProbe+s.parts[2]
	}
	return s
}

// writeCodeAtFirst writes the dialect's CodeAtFirst over ts and bits,
// with the code that code writes and the condition that cond writes.
func (r *renderer) writeCodeAtFirst(ts string, bits int, code func(), cond func() error) error {
	fc := r.d.(FirstCode)
	return r.writeSplitCode(r.codeSpelling(fc, ts, bits), fc.CodeAtFirst, ts, bits, code, cond)
}

// writeSplitCode writes spell over ts and bits through its split s, with
// the code that code writes and the condition that cond writes.
func (r *renderer) writeSplitCode(s *codeSpelling, spell func(code, ts, cond string, bits int) string, ts string, bits int, code func(), cond func() error) error {
	if !s.verbatim {
		start := r.out.Len()
		code()
		codeText := string(r.out.b[start:])
		r.out.b = r.out.b[:start]
		err := cond()
		condText := string(r.out.b[start:])
		r.out.b = r.out.b[:start:start] // as in writeAggregate
		r.out.WriteString(spell(codeText, ts, condText, bits))
		return err
	}
	var err error
	r.out.WriteString(s.parts[0])
	if s.codeFirst {
		code()
	} else {
		err = cond()
	}
	r.out.WriteString(s.parts[1])
	if s.codeFirst {
		err = cond()
	} else {
		code()
	}
	r.out.WriteString(s.parts[2])
	return err
}
