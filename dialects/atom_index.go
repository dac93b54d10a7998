package dialects

import "github.com/paramsql/paramsql/compiler"

// atomPositions finds a fact's bit position among a scan's packed facts.
// packedCondition asks it for every term of every output, so it builds
// its maps once per fact list instead of keying every fact per lookup,
// which made a 1,000-reference batch quadratic in keys. Flags and
// reached-tests, nearly all the facts, are found by name, without
// building a key.
type atomPositions struct {
	first   *compiler.Expr // identifies the fact list by its backing array
	n       int
	flags   map[string]int // HasFlag facts (Want is true in facts) by name
	reached map[string]int // Reached facts by name
	index   map[string]int // the other facts by compiler.Key
}

// atomIndex returns the position of a's fact among atoms, or -1.
func (r *renderer) atomIndex(a compiler.Expr, atoms []compiler.Expr) int {
	if len(atoms) == 0 {
		return -1
	}
	p := r.atoms
	if p == nil || p.first != &atoms[0] || p.n != len(atoms) {
		p = &atomPositions{first: &atoms[0], n: len(atoms), flags: map[string]int{}, reached: map[string]int{}, index: map[string]int{}}
		for i, x := range atoms {
			m, k := p.index, ""
			switch x := x.(type) {
			case compiler.HasFlag:
				if x.Want {
					m, k = p.flags, x.Name
				} else {
					k = compiler.Key(x)
				}
			case compiler.Reached:
				m, k = p.reached, x.Name
			default:
				k = compiler.Key(x)
			}
			if _, dup := m[k]; !dup {
				m[k] = i // the first, as a search in order finds
			}
		}
		r.atoms = p
	}
	var i int
	var ok bool
	switch a := compiler.AtomOf(a).(type) {
	case compiler.HasFlag:
		i, ok = p.flags[a.Name]
	case compiler.Reached:
		i, ok = p.reached[a.Name]
	default:
		i, ok = p.index[compiler.Key(a)]
	}
	if !ok {
		return -1
	}
	return i
}
