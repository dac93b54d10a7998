package conformance

import (
	"math/rand/v2"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/oracle"
)

// randomUnit draws a random reference's unit: a user one time in three,
// else a session. The engines and ZetaSQL share it so that one seed draws
// the same cases everywhere.
func randomUnit(r *rand.Rand) compiler.Unit {
	if r.IntN(3) == 0 {
		return compiler.UnitUser
	}
	return compiler.UnitSession
}

// randomBatch draws n distinct random references for batch round round.
// Two rounds in three drop within(): without it, context filters are
// applied per context combination, and that plan needs exercising too.
// skip leaves out references an engine cannot run (nil keeps all), and
// references the batch does not count (compiler.Batchable) are left out.
func randomBatch(r *rand.Rand, round, n int, skip func(*compiler.Query) bool) []*compiler.Query {
	var qs []*compiler.Query
	seen := map[string]bool{}
	for len(qs) < n {
		q := oracle.RandomQuery(r)
		if round%3 != 0 {
			q.Within = nil
		}
		if seen[q.String()] || (skip != nil && skip(q)) || compiler.Batchable(q) != nil {
			continue
		}
		seen[q.String()] = true
		qs = append(qs, q)
	}
	return qs
}
