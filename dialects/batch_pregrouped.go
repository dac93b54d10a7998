package dialects

import (
	"fmt"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// A batch of entry references tests its anchors' ranked values against
// many literals: the bench's 1,000 references test 12 of them in 47
// facts, one CASE each per unit. Those values take few distinct
// combinations, though, so a dialect with PreGroupedSignatures first
// groups the units by them (and by the partial words of the other facts,
// computed per unit), and tests them once per group: on DuckDB 1.5, 10M
// events, 1.25M units fell to about 10,000 rows before the 47 tests.

// PreGroupedSignatures is implemented by dialects that group units by
// their ranked entry values before testing them (see rankedAtoms).
type PreGroupedSignatures interface {
	// PreGroupsSignatures reports whether the dialect does.
	PreGroupsSignatures() bool
}

// minRankedAtoms is the fewest tests of ranked values worth the extra
// grouping, and each value grouped by must carry at least
// rankedAtomsPerColumn of them: a GROUP BY column costs a unit about
// what two CASE tests do (measured on DuckDB 1.5, BENCHMARKS.md).
const (
	minRankedAtoms       = 8
	rankedAtomsPerColumn = 2
)

// rankedAtoms returns whether each atom tests only ranked entry values
// against literals, and the values they read, in order of first use; nil
// when the dialect does not pre-group or the batch would not gain.
func (r *renderer) rankedAtoms(atoms []compiler.Expr) ([]bool, []string) {
	if g, ok := r.d.(PreGroupedSignatures); !ok || !g.PreGroupsSignatures() || len(r.entryCodes()) == 0 {
		return nil, nil
	}
	ranked := make([]bool, len(atoms))
	var cols []string
	n := 0
	for i, a := range atoms {
		var reads []string
		if !r.readsOnlyRanked(a, &reads) || len(reads) == 0 {
			continue
		}
		ranked[i] = true
		n++
		for _, c := range reads {
			cols = appendNew(cols, c)
		}
	}
	if n < minRankedAtoms || n < rankedAtomsPerColumn*len(cols) {
		return nil, nil
	}
	return ranked, cols
}

// readsOnlyRanked reports whether e compares ranked values with
// literals and nothing else, appending the values it reads to reads.
func (r *renderer) readsOnlyRanked(e compiler.Expr, reads *[]string) bool {
	switch e := e.(type) {
	case compiler.MeasureValue:
		if !r.isRanked(e.Name) {
			return false
		}
		*reads = append(*reads, e.Name)
		return true
	case compiler.Text:
		return true
	case compiler.Equals:
		return r.readsOnlyRanked(e.Left, reads) && r.readsOnlyRanked(e.Right, reads)
	case compiler.InList:
		for _, v := range e.Values {
			if !r.readsOnlyRanked(v, reads) {
				return false
			}
		}
		return r.readsOnlyRanked(e.Left, reads)
	case compiler.Not:
		return r.readsOnlyRanked(e.X, reads)
	case compiler.Or:
		for _, t := range e {
			if !r.readsOnlyRanked(t, reads) {
				return false
			}
		}
		return true
	case compiler.And:
		for _, t := range e {
			if !r.readsOnlyRanked(t, reads) {
				return false
			}
		}
		return true
	}
	return false
}

// preGroupedWords is how a pre-grouped signature is written: per word
// with terms computed per unit (a partial word), its name and those
// terms, the ones that read packed flags alone kept apart where asked;
// and per group, each word of bits with its alias, and the words' names.
type preGroupedWords struct {
	names           []string
	unit            [][]unitTerm
	bits, bitsNames []string
}

// unitTerm is a term of a partial word; flag marks those kept apart as
// reading packed flags alone.
type unitTerm struct {
	text string
	flag bool
}

// terms returns word w's per-unit terms, those kept apart as flags or
// the others.
func (g preGroupedWords) terms(w int, flags bool) []string {
	var out []string
	for _, t := range g.unit[w] {
		if t.flag == flags {
			out = append(out, t.text)
		}
	}
	return out
}

// preGroupedWordsOf splits the atoms' terms between the partial words and
// the tests written per group. Where flagsApart is set, the terms of the
// atoms it holds for are marked as flags.
func (r *renderer) preGroupedWordsOf(indent int, atoms []compiler.Expr, ranked []bool, flagsApart func(compiler.Expr) bool) (preGroupedWords, error) {
	var g preGroupedWords
	perUnit, err := r.unitTermsByWord(atoms, ranked, flagsApart)
	if err != nil {
		return g, err
	}
	perGroup := make([][]string, len(perUnit))
	for i, a := range atoms {
		if !ranked[i] {
			continue
		}
		term, err := r.factTerm(a, int64(1)<<(i%bitsPerWord))
		if err != nil {
			return g, err
		}
		perGroup[i/bitsPerWord] = append(perGroup[i/bitsPerWord], term)
	}
	g = g.withUnitTerms(perUnit)
	for w := range perUnit {
		terms := perGroup[w]
		if len(perUnit[w]) > 0 {
			terms = append([]string{fmt.Sprintf("partial_%d", w+1)}, terms...)
		}
		if len(terms) == 0 {
			terms = []string{"0"}
		}
		bitsName := fmt.Sprintf("bits_%d", w+1)
		g.bits = append(g.bits, "("+strings.Join(terms, "\n"+strings.Repeat("  ", indent+3)+"+ ")+") AS "+bitsName)
		g.bitsNames = append(g.bitsNames, bitsName)
	}
	return g, nil
}

// unitTermsByWord renders the terms of the atoms that are not ranked
// tests, by word (empty where a word has none), marking those flagsApart
// holds for as flags.
func (r *renderer) unitTermsByWord(atoms []compiler.Expr, ranked []bool, flagsApart func(compiler.Expr) bool) ([][]unitTerm, error) {
	perUnit := make([][]unitTerm, max(1, (len(atoms)+bitsPerWord-1)/bitsPerWord))
	for i, a := range atoms {
		if ranked[i] {
			continue
		}
		term, err := r.factTerm(a, int64(1)<<(i%bitsPerWord))
		if err != nil {
			return nil, err
		}
		w := i / bitsPerWord
		perUnit[w] = append(perUnit[w], unitTerm{term, flagsApart != nil && flagsApart(a)})
	}
	return perUnit, nil
}

// withUnitTerms returns g with the partial words of perUnit (by word, as
// unitTermsByWord gives them): a name and terms for each word that has
// any.
func (g preGroupedWords) withUnitTerms(perUnit [][]unitTerm) preGroupedWords {
	g.names, g.unit = nil, nil
	for w, terms := range perUnit {
		if len(terms) > 0 {
			g.names = append(g.names, fmt.Sprintf("partial_%d", w+1))
			g.unit = append(g.unit, terms)
		}
	}
	return g
}

// perUnit returns the partial words computed per unit, by name: with
// their flag terms, or without them (and without the words left empty).
func (g preGroupedWords) perUnit(withFlags bool) (names []string, terms [][]string) {
	for w, name := range g.names {
		t := g.terms(w, false)
		if withFlags {
			t = nil
			for _, u := range g.unit[w] {
				t = append(t, u.text)
			}
		}
		if len(t) > 0 {
			names, terms = append(names, name), append(terms, t)
		}
	}
	return names, terms
}

// preGroupedSignatures writes packedSignatures' statement in three
// levels: per unit, the words of the facts that are not ranked tests
// and the ranked values; per distinct row of those, the units; and the
// ranked tests added to the words.
func (r *renderer) preGroupedSignatures(indent int, atoms []compiler.Expr, ranked []bool, cols []string, from string) error {
	g, err := r.preGroupedWordsOf(indent, atoms, ranked, nil)
	if err != nil {
		return err
	}
	names, terms := g.perUnit(true)
	r.openPreGrouped(indent, g)
	r.groupedFacts(indent+2, names, terms, nil, cols, from)
	r.closePreGrouped(indent, g)
	return nil
}

// openPreGrouped writes the two outer levels of a pre-grouped signature,
// up to the FROM ( of the grouped rows.
func (r *renderer) openPreGrouped(indent int, g preGroupedWords) {
	r.line(indent, "SELECT")
	r.list(indent+1, append(append([]string{}, g.bitsNames...), "sum(units) AS units"))
	r.line(indent, "FROM (")
	r.line(indent+1, "SELECT")
	r.list(indent+2, append(append([]string{}, g.bits...), "units"))
	r.line(indent+1, "FROM (")
}

// closePreGrouped ends what openPreGrouped began.
func (r *renderer) closePreGrouped(indent int, g preGroupedWords) {
	r.line(indent+1, ") AS grouped")
	r.line(indent, ") AS facts")
	r.line(indent, "GROUP BY %s", strings.Join(g.bitsNames, ", "))
}

// groupedFacts writes the units of from grouped by the partial words
// named names, whose terms are terms, the columns extra (each an
// expression and its alias) and the columns cols, with the count of units
// as units.
func (r *renderer) groupedFacts(indent int, names []string, terms [][]string, extra []selectColumn, cols []string, from string) {
	grouped := append([]string{}, names...)
	var perUnit []string
	for w, t := range terms {
		perUnit = append(perUnit, "("+strings.Join(t, "\n"+strings.Repeat("  ", indent+3)+"+ ")+") AS "+names[w])
	}
	for _, e := range extra {
		perUnit = append(perUnit, e.expr+" AS "+e.alias)
		grouped = append(grouped, e.alias)
	}
	grouped = append(grouped, cols...)
	r.line(indent, "SELECT")
	r.list(indent+1, append(append([]string{}, grouped...), "count(*) AS units"))
	r.line(indent, "FROM (")
	r.line(indent+1, "SELECT")
	r.list(indent+2, append(perUnit, cols...))
	r.line(indent+1, "FROM %s", from)
	r.line(indent, ") AS unit_facts")
	r.line(indent, "GROUP BY %s", strings.Join(grouped, ", "))
}
