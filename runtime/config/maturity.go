package config

import (
	"time"

	"github.com/paramsql/paramsql/compiler"
)

// Maturity is what a parameter whose reference has within() does with its
// immature trials, those whose conversion window has not ended by the
// run's as-of.
type Maturity string

// The maturity modes; docs/models.md gives the model.
const (
	// MaturityExclude leaves immature trials out of trials and successes.
	MaturityExclude Maturity = "exclude"
	// MaturityFit leaves them out too, and also runs the lag-histogram
	// query, fits the time to convert and reports it.
	MaturityFit Maturity = "fit"
	// MaturityModel fits the time to convert and counts the immature
	// trials, each weighted by the share of its conversions expected by
	// now (its cohort's completeness).
	MaturityModel Maturity = "model"
)

func (Maturity) values() []string { return []string{"exclude", "fit", "model"} }

// FitsLag reports whether the parameter runs the lag-histogram query.
func (p *Param) FitsLag() bool {
	bu := p.BayesianUpdate
	return bu != nil && (bu.Maturity == MaturityFit || bu.Maturity == MaturityModel)
}

// maturity checks bayesian_update.maturity: the lag is measured from an
// edge reference's anchor up to its within() window, and the weighted
// update is a Beta-Binomial one.
func (v *validator) maturity() {
	p := v.p
	if !p.FitsLag() {
		return
	}
	const path = "bayesian_update.maturity"
	ref := p.ObservationReference()
	if ref == "" {
		v.add(path, "use an edge_reference with within(), such as e.signup.within(7d)", "maturity: %s needs a lag histogram compiled from an edge reference, but the observations come from a query", p.BayesianUpdate.Maturity)
		return
	}
	if q, err := parseRef(ref); err == nil {
		switch {
		case q.Within == nil && v.conversionWindow() <= 0:
			v.add(path, "add within(), such as "+ref+".within(7d), or set observation_source.conversion_window", "maturity: %s measures the time to convert up to within(), but %s has none and no conversion_window applies", p.BayesianUpdate.Maturity, ref)
		case q.Attempt == compiler.AttemptAny:
			v.add(path, "remove attempt(any) or maturity", "the lag histogram measures from the first attempt, so it does not combine with attempt(any)")
		case len(q.ExcludeBetween) > 0:
			v.add(path, "remove excludeBetween() or maturity", "the lag histogram does not combine with excludeBetween() yet")
		case len(q.ShardKeys()) > 0 && !q.AttributesToEntry():
			v.add(path, "write attribution(entry), or name the shard's value, context(key='value')", "maturity: %s pools the lag histogram of a sharded reference over its rows, which attribution(event) does not support yet: a unit is a trial in each of its values' rows", p.BayesianUpdate.Maturity)
		case len(q.ShardKeys()) > 0 && p.BayesianUpdate.Maturity == MaturityModel:
			v.add(path, "use maturity: fit, or name the shard's value, context(key='value')", "maturity: model weights one rate's immature trials, but the shards of %s are pooled (their lag is fitted once, over all shards)", ref)
		}
	}
	if rule := p.BayesianUpdate.UpdateRule; p.BayesianUpdate.Maturity == MaturityModel && rule != "" && rule != UpdateConjugate {
		v.add(path, "set update_rule: conjugate, or maturity: fit", "maturity: model weights trials in a conjugate Beta update, but update_rule is %s", rule)
	}
}

// conversionWindow is the within() a reference without one gets: the
// parameter's observation_source.conversion_window, else the project's.
func (v *validator) conversionWindow() time.Duration {
	if o := v.p.ObservationSource; o != nil && o.ConversionWindow > 0 {
		return o.ConversionWindow
	}
	if v.proj != nil {
		return v.proj.Window.ConversionWindow
	}
	return 0
}
