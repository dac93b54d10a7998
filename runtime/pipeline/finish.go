package pipeline

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/runtime/bayes"
	"github.com/paramsql/paramsql/runtime/config"
)

// finish applies the update to a job's observations, checks model fit,
// alerts and writes the posterior. Every outcome ends in j.result.
func (r *Runner) finish(ctx context.Context, j *job) {
	res := j.result
	p := j.param
	res.WindowStart, res.WindowEnd = j.start, j.end
	if j.prior.Source != "" {
		res.PriorSource = j.prior.Source
		res.Prior = summarisePrior(j.prior.Prior)
	}
	if j.prior.Fallback {
		res.Warnings = append(res.Warnings, "every prior source failed ("+j.prior.Failure+"); used fallback_value")
	}
	if j.obs != nil {
		res.Trials, res.Successes, res.Immature = j.obs.Trials, j.obs.Successes, j.obs.Immature
		res.Reference, res.SQLHash = j.obs.Reference, j.obs.SQLHash
	}
	if res.Reference == "" {
		// Nothing was observed (the prior, the connection or the query
		// failed): the stored row still names what the parameter
		// measures, which the store requires.
		res.Reference = reference(j)
	}
	var oe observeError
	if errors.As(j.err, &oe) && p.FallbackValue != nil && ctx.Err() == nil {
		if post, err := fallbackPosterior(p.FallbackValue); err == nil {
			res.Status = StatusFallback
			res.Reason = "the observations could not be counted (" + j.err.Error() + "); the posterior is fallback_value"
			res.Posterior = summarisePosterior(post)
			j.fellBack = true
			r.write(ctx, j, &post)
			return
		}
	}
	if j.err != nil {
		res.Status, res.Reason = StatusFailed, j.err.Error()
		r.write(ctx, j, nil)
		return
	}
	minSample := int64(0)
	if o := p.ObservationSource; o != nil && o.MinSampleSize != nil {
		minSample = int64(*o.MinSampleSize)
	}
	switch {
	case j.prior.HistoryEnd != nil && !j.start.Before(j.end):
		res.Status = StatusSkipped
		res.Reason = "no events after the previous posterior's window end (" + j.prior.HistoryEnd.Format("2006-01-02T15:04:05Z") + "); the posterior stands"
		res.Posterior = posteriorFromPrior(j.prior.Prior)
		r.write(ctx, j, nil)
		return
	case res.Trials < minSample:
		res.Status = StatusSkipped
		res.Reason = fmt.Sprintf("insufficient samples: %d trials < min_sample_size %d", res.Trials, minSample)
		// Raw queries and templates are asked too: whatever they read,
		// an events table with nothing in the window is the likelier
		// reason, and the note names the table it looked at.
		if res.Trials == 0 {
			if note := r.emptyWindowNote(ctx, j); note != "" {
				res.Reason = note + "; " + res.Reason
			}
		}
		r.write(ctx, j, nil)
		return
	}
	if p.Pooled() {
		r.finishPooled(ctx, j)
		return
	}
	rule, cfg := updateRule(p)
	var post bayes.Posterior
	var err error
	if sib := j.sibling; sib != nil {
		// The joint update (jointSiblings) gave this edge's marginal, from
		// the Dirichlet's marginal prior, which the result reports.
		post = sib.post
		res.Prior = summarisePrior(sib.prior)
		res.Sibling = sib.info
		if sib.note != "" {
			res.Warnings = append(res.Warnings, sib.note)
		}
	} else {
		post, err = bayes.Update(j.prior.Prior, bayes.Observations{Trials: res.Trials, Successes: res.Successes}, rule, cfg)
	}
	if err != nil {
		res.Status, res.Reason = StatusFailed, "bayesian update: "+err.Error()
		r.write(ctx, j, nil)
		return
	}
	post = applyMaturity(j, post)
	res.Posterior = summarisePosterior(post)
	res.Status = StatusUpdated
	if j.prior.Fallback {
		res.Status = StatusFallback
		res.Reason = "prior from fallback_value: " + j.prior.Failure
	}
	threshold, fitMin := fitThresholds(p)
	if res.Prior != nil {
		z, err := bayes.Divergence(res.Prior.Alpha, res.Prior.Beta, res.Trials, res.Successes)
		if err == nil {
			res.Divergence = &Divergence{Z: z, Alert: threshold > 0 && bayes.Alert(z, threshold, res.Trials, fitMin)}
		}
	}
	if j.obs != nil && j.obs.Timeseries {
		for _, pc := range j.obs.Periods {
			per := Period{Date: pc.Date, Trials: pc.Trials, Successes: pc.Successes}
			if pp, err := bayes.Update(j.prior.Prior, bayes.Observations{Trials: pc.Trials, Successes: pc.Successes}, rule, cfg); err == nil {
				per.Posterior = summarisePosterior(pp)
			}
			if res.Prior != nil {
				if z, err := bayes.Divergence(res.Prior.Alpha, res.Prior.Beta, pc.Trials, pc.Successes); err == nil {
					per.Divergence = &Divergence{Z: z, Alert: threshold > 0 && bayes.Alert(z, threshold, pc.Trials, fitMin)}
				}
			}
			res.Periods = append(res.Periods, per)
		}
	}
	if res.Divergence != nil && res.Divergence.Alert {
		r.alert(ctx, j, threshold)
	}
	if res.AlertDelivery != "" {
		res.Reason = joinNotes(res.Reason, alertNote(j))
	}
	r.write(ctx, j, &post)
}

func updateRule(p *config.Param) (string, bayes.MCMCConfig) {
	var cfg bayes.MCMCConfig
	rule := ""
	if bu := p.BayesianUpdate; bu != nil {
		rule = string(bu.UpdateRule)
		if m := bu.MCMCConfig; m != nil {
			if m.Chains != nil {
				cfg.Chains = *m.Chains
			}
			if m.Samples != nil {
				cfg.Samples = *m.Samples
			}
			if m.BurnIn != nil {
				cfg.BurnIn = *m.BurnIn
			}
			if m.Seed != nil {
				cfg.Seed = uint64(*m.Seed)
			}
		}
	}
	return rule, cfg
}

func fitThresholds(p *config.Param) (threshold float64, minSample int64) {
	if mf := p.ModelFit; mf != nil && mf.Thresholds != nil {
		if t := mf.Thresholds.DivergenceThreshold; t != nil {
			threshold = *t
		}
		if m := mf.Thresholds.MinSampleSize; m != nil {
			minSample = int64(*m)
		}
	}
	return threshold, minSample
}

// summarisePrior gives a prior's alpha, beta, mean and stdev. A
// logit-normal prior has no alpha and beta; its moments are matched to a
// Beta, which is also what the divergence check reads.
func summarisePrior(p bayes.Prior) *Beta {
	if p.Distribution == bayes.DistBeta {
		a, b := p.Alpha, p.Beta
		n := a + b
		return &Beta{Alpha: a, Beta: b, Mean: a / n, Stdev: math.Sqrt(a * b / (n * n * (n + 1)))}
	}
	post, err := bayes.Update(p, bayes.Observations{}, "variational", bayes.MCMCConfig{})
	if err != nil {
		return nil
	}
	return &Beta{Alpha: post.Alpha, Beta: post.Beta, Mean: post.Mean, Stdev: post.Stdev}
}

func summarisePosterior(p bayes.Posterior) *PosteriorSummary {
	s := &PosteriorSummary{Alpha: p.Alpha, Beta: p.Beta, Mean: p.Mean, Stdev: p.Stdev, CI95: p.CI95, RHat: p.RHat, ESS: p.ESS}
	if p.Distribution == bayes.DistEmpirical {
		// A sampled posterior has no parameters. The Beta with its mean
		// and standard deviation stands for it, in the history and as the
		// next run's posterior_history prior, as a logit-normal prior is
		// summarised by a Beta; when none exists they stay unset.
		s.Alpha, s.Beta = 0, 0
		if a, b, err := bayes.BetaFromMoments(p.Mean, p.Stdev); err == nil {
			s.Alpha, s.Beta = a, b
		}
	}
	return s
}

// posteriorFromPrior reports a standing posterior (the prior, unchanged)
// with its interval.
func posteriorFromPrior(p bayes.Prior) *PosteriorSummary {
	post, err := bayes.Conjugate(p, bayes.Observations{})
	if err != nil {
		return nil
	}
	return summarisePosterior(post)
}

// reference names what a job measures when no observation did: its
// canonical edge reference, or the kind of raw query.
func reference(j *job) string {
	if j.query != nil {
		return j.query.String()
	}
	if ref := j.param.ObservationReference(); ref != "" {
		if q, err := compiler.ParseQuery(ref); err == nil {
			return q.String()
		}
		return ref
	}
	if j.param.ObservationSource != nil {
		return rawReference(j.param)
	}
	return "query"
}

func lower(s string) string { return strings.ToLower(s) }

func toInt(v any) (int64, bool) {
	switch v := v.(type) {
	case int64:
		return v, true
	case int:
		return int64(v), true
	case int32:
		return int64(v), true
	case uint64:
		return int64(v), true
	case float64:
		if v == math.Trunc(v) {
			return int64(v), true
		}
	}
	return 0, false
}

func toFloat(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case int64:
		return float64(v), true
	case int:
		return float64(v), true
	case uint64:
		return float64(v), true
	}
	return 0, false
}
