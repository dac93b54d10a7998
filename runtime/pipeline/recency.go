package pipeline

import (
	"fmt"

	"github.com/paramsql/paramsql/runtime/bayes"
)

// discountHistory applies bayesian_update.half_life to a prior read from
// the posterior history: the evidence the previous posterior carries
// beyond the static prior keeps weight 2^(−Δt/half_life), Δt from that
// posterior's window end to this update's (bayes.Discount). The discounted
// prior is what the update, the divergence check, the result and the
// stored row see. A window that does not move forward discounts nothing.
func discountHistory(j *job) error {
	bu := j.param.BayesianUpdate
	if bu == nil || bu.HalfLife <= 0 || j.prior.HistoryEnd == nil || j.prior.Fallback {
		return nil
	}
	age := max(j.end.Sub(*j.prior.HistoryEnd), 0)
	w, err := bayes.HalfLifeWeight(age, bu.HalfLife)
	if err != nil {
		return fmt.Errorf("%s: bayesian_update.half_life: %w", j.param.File, err)
	}
	// The static prior is where the history started; without one, every
	// pseudo-count is discounted.
	base, err := staticPrior(j.param)
	if err != nil || base.Distribution != j.prior.Prior.Distribution {
		// A static prior of another family than the stored history's
		// (a logit-normal one, whose history rows are Betas) has no
		// pseudo-counts in common with it: none is taken as the base.
		base = bayes.Prior{}
	}
	pr, err := bayes.Discount(j.prior.Prior, base, w)
	if err != nil {
		return fmt.Errorf("%s: bayesian_update.half_life: %w", j.param.File, err)
	}
	j.prior.Prior = pr
	j.result.PriorWeight = w
	return nil
}
