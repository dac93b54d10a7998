package dialects

import (
	"fmt"
	"slices"
	"sort"

	"github.com/paramsql/paramsql/compiler"
)

// RenderBatch writes a batch as one statement with the columns ref, the
// shard keys and period where any reference has them, trials and
// successes, and immature when any reference has within() (0 for the
// others). Each scan reads the events once and groups its units by the
// yes/no facts its references test (their signature), so each reference
// is then counted over a few signature groups rather than every unit.
func RenderBatch(b *compiler.Batch, d Dialect) (Statement, error) {
	r := &renderer{d: d, deriveFirsts: true, batchScans: true}
	total := 0
	for _, p := range b.Scans {
		total += len(p.Outputs)
	}
	// About a kilobyte per reference: growing a megabyte statement
	// piecewise showed in batch compile profiles.
	r.out.Grow(1024 * total)
	r.comment(fmt.Sprintf("batch of %d references in %d scan(s)", total, len(b.Scans)))
	for _, p := range b.Scans {
		for _, o := range p.Outputs {
			r.comment(o.Ref)
		}
	}
	shape := batchShape(b)
	var err error
	if _, ok := d.(NoNamedSubqueries); ok {
		err = r.batchArrayJoin(b, shape)
	} else {
		err = r.batchCTE(b, shape)
	}
	if err != nil {
		return Statement{}, err
	}
	return r.finishStatement(), nil
}

// shape is the union of the output columns of every scan.
type shape struct {
	shards   []string
	period   bool
	immature bool // some output counts immature units
}

func batchShape(b *compiler.Batch) shape {
	var s shape
	seen := map[string]bool{}
	for _, p := range b.Scans {
		for _, sh := range outputShards(p) {
			if !seen[sh.Key] {
				seen[sh.Key] = true
				s.shards = append(s.shards, sh.Key)
			}
		}
		if p.Period != compiler.PeriodNone {
			s.period = true
		}
		for _, o := range p.Outputs {
			s.immature = s.immature || o.Immature != nil
		}
	}
	// Sorted, as each reference lists its own shard keys, so every
	// reference's keys appear in its own order.
	sort.Strings(s.shards)
	return s
}

// leadColumns are the shard and period columns of one scan's rows, padded
// with typed NULLs to the batch's shape.
func (r *renderer) leadColumns(p *compiler.Plan, s shape) []string {
	var cols []string
	for _, key := range s.shards {
		if hasShard(p, key) {
			cols = append(cols, r.id(key))
		} else {
			cols = append(cols, r.d.NullOf(TypeText)+" AS "+r.id(key))
		}
	}
	if s.period {
		if p.Period != compiler.PeriodNone {
			cols = append(cols, r.id("period"))
		} else {
			cols = append(cols, r.d.NullOf(TypeDate)+" AS "+r.id("period"))
		}
	}
	return cols
}

func hasShard(p *compiler.Plan, key string) bool {
	keyed := func(s compiler.Shard) bool { return s.Key == key }
	return slices.ContainsFunc(p.Shards, keyed) || slices.ContainsFunc(p.Attributed, keyed)
}

// outputShards are the shard keys of a scan's rows: the shard columns it
// groups units by, and the keys that attribution(entry) reads on each
// unit's anchor.
func outputShards(p *compiler.Plan) []compiler.Shard {
	if len(p.Attributed) == 0 {
		return p.Shards
	}
	return append(append([]compiler.Shard{}, p.Shards...), p.Attributed...)
}

// groupColumns are the columns a scan's counts are grouped by.
func (r *renderer) groupColumns(p *compiler.Plan) []string {
	var g []string
	for _, s := range outputShards(p) {
		g = append(g, r.id(s.Key))
	}
	if p.Period != compiler.PeriodNone {
		g = append(g, r.id("period"))
	}
	return g
}

// countColumns are the names of the count columns of every batch row.
func (r *renderer) countColumns(s shape) []string {
	cols := []string{r.id("trials"), r.id("successes")}
	if s.immature {
		cols = append(cols, r.id("immature"))
	}
	return cols
}

func (r *renderer) orderColumns(s shape) []string {
	order := []string{r.id("ref")}
	for _, k := range s.shards {
		order = append(order, r.id(k))
	}
	if s.period {
		order = append(order, r.id("period"))
	}
	return order
}

// capture renders f into a string instead of the statement, keeping the
// order in which placeholders are recorded.
func (r *renderer) capture(f func() error) (string, error) {
	// Write at the end and cut it off again, rather than copy the
	// statement out and back in: the copies made a batch's rendering
	// quadratic in its length.
	start := len(r.out.b)
	err := f()
	got := string(r.out.b[start:])
	r.out.b = r.out.b[:start]
	return got, err
}

func flattenAnd(e compiler.Expr) []compiler.Expr {
	if a, ok := e.(compiler.And); ok {
		return a
	}
	return []compiler.Expr{e}
}

// TrialJoin is implemented by dialects whose batch joins each reference
// only to the signature rows that pass its trial test, where a scan
// counts nothing but trials and successes: DuckDB then sums fewer rows
// (BENCHMARKS.md). The others join every reference to every row.
type TrialJoin interface {
	// Sum sums value over the rows, as an integer, 0 over none or
	// NULLs only.
	Sum(value string) string
}
