package bayes

import (
	"math"
	"math/rand/v2"
)

// randomWalk is one coordinate's Gaussian random-walk Metropolis kernel.
// Its proposal scale is adapted during burn-in only, so the draws that are
// kept come from a fixed, valid kernel. MCMC uses one for logit(p); the
// hierarchical pool uses one per shard and per move on the population.
type randomWalk struct {
	logStep float64
}

// newRandomWalk starts at 2.4 times the target's standard deviation, the
// optimal one-dimensional scale for a Gaussian target; adaptation corrects
// it for the actual shape.
func newRandomWalk(sd float64) randomWalk {
	return randomWalk{logStep: math.Log(2.4 * sd)}
}

// propose returns the proposal increment.
func (w *randomWalk) propose(rng *rand.Rand) float64 {
	return math.Exp(w.logStep) * rng.NormFloat64()
}

// accept decides a proposal whose log target ratio (proposed − current) is
// logRatio. During burn-in (iter < burnIn) it adapts the scale with a
// Robbins-Monro step on the log scale with a decaying gain, driven by the
// acceptance probability rather than the 0/1 outcome, which is the same in
// expectation but less noisy.
func (w *randomWalk) accept(rng *rand.Rand, logRatio float64, iter, burnIn int) bool {
	prob := math.Exp(math.Min(0, logRatio))
	if math.IsNaN(prob) {
		prob = 0
	}
	if iter < burnIn {
		w.logStep += (prob - targetAccept) / math.Pow(float64(iter+1), 0.6)
	}
	return rng.Float64() < prob
}
