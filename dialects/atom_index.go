package dialects

import "github.com/paramsql/paramsql/compiler"

// atomPositions finds a fact's bit position among a scan's packed facts.
// packedCondition asks it for every term of every output, so it builds a
// key map once per fact list instead of keying every fact per lookup,
// which made a 1,000-reference batch quadratic in keys.
type atomPositions struct {
	first *compiler.Expr // identifies the fact list by its backing array
	n     int
	index map[string]int
}

// atomIndex returns the position of a's fact among atoms, or -1.
func (r *renderer) atomIndex(a compiler.Expr, atoms []compiler.Expr) int {
	if len(atoms) == 0 {
		return -1
	}
	p := r.atoms
	if p == nil || p.first != &atoms[0] || p.n != len(atoms) {
		p = &atomPositions{first: &atoms[0], n: len(atoms), index: make(map[string]int, len(atoms))}
		for i, x := range atoms {
			k := compiler.Key(x)
			if _, dup := p.index[k]; !dup {
				p.index[k] = i // the first, as the linear search found
			}
		}
		r.atoms = p
	}
	if i, ok := p.index[compiler.Key(compiler.AtomOf(a))]; ok {
		return i
	}
	return -1
}
