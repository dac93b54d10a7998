package dialects

import (
	"fmt"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// BatchNotes says, per scan of b, what d renders differently from the
// plan, for --explain: the relevance filters a batch leaves out, the
// units whose shared context values are read once (ContextOnce), the
// signatures taken per group of units (PreGroupedSignatures), and the
// times those units hold as ticks (TimeTicks).
func BatchNotes(b *compiler.Batch, d Dialect) []string {
	var out []string
	for i, p := range b.Scans {
		if p.Relevance != nil && !keepsRelevance(d, p.Relevance, true) {
			out = append(out, fmt.Sprintf("scan %d on %s: no relevance filter: testing each event against its %d literals would cost about what grouping the events it drops does", i+1, d.Name(), literalTests(p.Relevance)))
		}
		if len(p.Contexts) > 0 {
			continue // counted per context filter, without either
		}
		r := &renderer{d: d, plan: p, deriveFirsts: true, batchScans: true}
		split := r.contextOnce(r.packedFlags())
		if split != nil {
			var cols []string
			for _, c := range split.columns {
				cols = append(cols, c.column)
			}
			names := strings.Join(cols, ", ")
			if n := len(cols); n > 1 {
				names = strings.Join(cols[:n-1], ", ") + " and " + cols[n-1]
			}
			out = append(out, fmt.Sprintf("scan %d on %s: units whose events share their %s values read each anchor's value from one bit_or of those values' bits; the other units are aggregated again from their own events", i+1, d.Name(), names))
		}
		if groupedCounts(p) {
			continue
		}
		facts := outputFacts(p)
		if ranked, cols := r.rankedAtoms(facts.facts); ranked != nil {
			tests := 0
			for _, t := range ranked {
				if t {
					tests++
				}
			}
			out = append(out, fmt.Sprintf("scan %d on %s: units are grouped by their %d ranked entry values before the %d tests of them", i+1, d.Name(), len(cols), tests))
			if s, _, _ := r.splitSignatures(facts.facts); s != nil && s.ticks {
				out = append(out, fmt.Sprintf("scan %d on %s: units whose events share their context values hold their first and last times as 32-bit ticks of the window; a unit where two times compared share a tick is aggregated again from its own events", i+1, d.Name()))
			}
		}
	}
	return out
}
