package config

// halfLife checks bayesian_update.half_life: it discounts the evidence a
// posterior history carries, so any other prior source would ignore it.
func (v *validator) halfLife() {
	bu := v.p.BayesianUpdate
	if bu == nil || bu.HalfLife == 0 {
		return
	}
	kind := PriorStatic
	if src := v.p.PriorSource; src != nil && src.Type != "" {
		kind = src.Type
	}
	if kind != PriorPosteriorHistory {
		v.add("bayesian_update.half_life", "set prior_source: {type: posterior_history}, or remove half_life",
			"half_life discounts a posterior history, but the prior source is %s", kind)
	}
}
