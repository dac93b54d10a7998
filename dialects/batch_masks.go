package dialects

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// factSet numbers the facts a scan's signatures pack into words of bits.
// A fact is a condition that is not an AND: an OR of visitedAny is one
// fact, so that every output condition is a conjunction of facts, each
// wanted true or false, which a pair of integers per word says: the bits
// tested (mask) and the values they must have (val). That pair is data,
// one row per reference, rather than SQL text per reference.
type factSet struct {
	facts []compiler.Expr
	index map[string]int
}

func newFactSet() *factSet { return &factSet{index: map[string]int{}} }

// outputFacts numbers the facts a scan's outputs test: their trial,
// success, immature and present conditions.
func outputFacts(p *compiler.Plan) *factSet {
	s := newFactSet()
	for _, o := range p.Outputs {
		s.add(o.Trial)
		s.add(o.Success)
		s.add(o.Immature)
		s.add(o.Present)
	}
	return s
}

// factKey names a fact: flags and reached-tests, nearly all the facts of
// a batch, by name, without building a key.
func factKey(a compiler.Expr) string {
	switch a := a.(type) {
	case compiler.HasFlag:
		return "flag " + a.Name
	case compiler.Reached:
		return "reached " + a.Name
	}
	return compiler.Key(a)
}

// add numbers the facts cond tests, in order of first appearance.
func (s *factSet) add(cond compiler.Expr) {
	switch c := cond.(type) {
	case nil:
	case compiler.And:
		for _, t := range c {
			s.add(t)
		}
	default:
		a := compiler.AtomOf(c)
		k := factKey(a)
		if _, ok := s.index[k]; !ok {
			s.index[k] = len(s.facts)
			s.facts = append(s.facts, a)
		}
	}
}

// words is how many BIGINT words hold the facts, at least one.
func (s *factSet) words() int { return max(1, (len(s.facts)+bitsPerWord-1)/bitsPerWord) }

// masks is a conjunction of facts as, per word, the bits it tests and the
// values they must have.
type masks struct{ mask, val []int64 }

// masksOf encodes conds, ANDed. A fact wanted both true and false makes
// a test that no signature passes: a zero mask that must equal 1.
func (s *factSet) masksOf(conds ...compiler.Expr) (masks, error) {
	m := masks{mask: make([]int64, s.words()), val: make([]int64, s.words())}
	never := false
	var walk func(e compiler.Expr) error
	walk = func(e compiler.Expr) error {
		switch e := e.(type) {
		case nil:
			return nil
		case compiler.And:
			for _, t := range e {
				if err := walk(t); err != nil {
					return err
				}
			}
			return nil
		}
		a := compiler.AtomOf(e)
		i, ok := s.index[factKey(a)]
		if !ok {
			return fmt.Errorf("condition %s is not among the scan's facts", compiler.Key(a))
		}
		want := true
		if f, ok := e.(compiler.HasFlag); ok {
			want = f.Want
		}
		w, bit := i/bitsPerWord, int64(1)<<(i%bitsPerWord)
		if m.mask[w]&bit != 0 && (m.val[w]&bit != 0) != want {
			never = true
		}
		m.mask[w] |= bit
		if want {
			m.val[w] |= bit
		}
		return nil
	}
	for _, c := range conds {
		if err := walk(c); err != nil {
			return masks{}, err
		}
	}
	if never {
		return neverMasks(s.words()), nil
	}
	return m, nil
}

// refMasks are one reference's conditions as masks: its trials, its
// successes (trial and success), its immature units (none when immature
// is nil) and where it has rows (everywhere when present is nil).
type refMasks struct{ trial, success, immature, present masks }

// refMasksOf encodes a reference's conditions, naming the reference and
// the dialect in an error.
func (s *factSet) refMasksOf(d Dialect, ref string, trial, success, immature, present compiler.Expr) (refMasks, error) {
	m := refMasks{immature: neverMasks(s.words())}
	var err error
	if m.trial, err = s.masksOf(trial); err == nil {
		if m.success, err = s.masksOf(trial, success); err == nil && immature != nil {
			m.immature, err = s.masksOf(immature)
		}
		if err == nil {
			m.present, err = s.masksOf(present)
		}
	}
	if err != nil {
		return refMasks{}, fmt.Errorf("%s: %s: %w", d.Name(), ref, err)
	}
	return m, nil
}

// neverMasks is a test that no signature passes: a zero mask that must
// equal 1.
func neverMasks(words int) masks {
	m := masks{mask: make([]int64, words), val: make([]int64, words)}
	m.val[0] = 1
	return m
}

// maskColumns names the data columns of one condition, prefix_mask_1,
// prefix_val_1, and so on per word.
func maskColumns(prefix string, words int) []string {
	var cols []string
	for w := 1; w <= words; w++ {
		cols = append(cols, fmt.Sprintf("%s_mask_%d", prefix, w), fmt.Sprintf("%s_val_%d", prefix, w))
	}
	return cols
}

// values are m's literals, in maskColumns order.
func (m masks) values() []string {
	var out []string
	for w := range m.mask {
		out = append(out, strconv.FormatInt(m.mask[w], 10), strconv.FormatInt(m.val[w], 10))
	}
	return out
}

// maskTest is the SQL test of a signature row's words (sig.bits_N)
// against a reference row's condition (ref.prefix_mask_N, _val_N).
func (r *renderer) maskTest(sig, ref, prefix string, words int) string {
	var parts []string
	for w := 1; w <= words; w++ {
		parts = append(parts, fmt.Sprintf("%s = %s.%s_val_%d", r.d.BitAnd(fmt.Sprintf("%s.bits_%d", sig, w), fmt.Sprintf("%s.%s_mask_%d", ref, prefix, w)), ref, prefix, w))
	}
	return strings.Join(parts, " AND ")
}
