// Package pipeline runs paramsql's update: for each parameter it reads the
// prior, counts the observations, applies the Bayesian update, checks the
// data against the prior, alerts, and writes the posterior with its history.
package pipeline

import "time"

// Status is the outcome of one parameter's update.
type Status string

// The outcomes. Fallback means the update ran on the parameter's
// fallback_value because every prior source failed.
const (
	StatusUpdated  Status = "updated"
	StatusSkipped  Status = "skipped"
	StatusFallback Status = "fallback"
	StatusFailed   Status = "failed"
)

// Beta is a Beta distribution summarised as --json prints it.
type Beta struct {
	Alpha float64 `json:"alpha"`
	Beta  float64 `json:"beta"`
	Mean  float64 `json:"mean"`
	Stdev float64 `json:"stdev"`
}

// PosteriorSummary is a posterior as --json prints it.
type PosteriorSummary struct {
	Alpha float64    `json:"alpha"`
	Beta  float64    `json:"beta"`
	Mean  float64    `json:"mean"`
	Stdev float64    `json:"stdev"`
	CI95  [2]float64 `json:"ci95"`
	RHat  float64    `json:"rhat,omitempty"`
	ESS   float64    `json:"ess,omitempty"`
}

// Divergence is the model-fit check of the data against the prior.
type Divergence struct {
	Z     float64 `json:"z"`
	Alert bool    `json:"alert"`
}

// Period is one row of a time-series parameter: its own counts, posterior
// and divergence.
type Period struct {
	Date       time.Time         `json:"date"`
	Trials     int64             `json:"trials"`
	Successes  int64             `json:"successes"`
	Posterior  *PosteriorSummary `json:"posterior,omitempty"`
	Divergence *Divergence       `json:"divergence,omitempty"`
}

// Result is one parameter's outcome, the object `update --json` prints.
type Result struct {
	ID          string            `json:"id"`
	Status      Status            `json:"status"`
	Prior       *Beta             `json:"prior,omitempty"`
	PriorSource string            `json:"prior_source,omitempty"`
	Trials      int64             `json:"trials"`
	Successes   int64             `json:"successes"`
	Posterior   *PosteriorSummary `json:"posterior,omitempty"`
	Divergence  *Divergence       `json:"divergence,omitempty"`
	Periods     []Period          `json:"periods,omitempty"`
	Reason      string            `json:"reason,omitempty"`
	Reference   string            `json:"reference,omitempty"`
	WindowStart time.Time         `json:"window_start"`
	WindowEnd   time.Time         `json:"window_end"`
	SQLHash     string            `json:"sql_hash,omitempty"`
	Warnings    []string          `json:"warnings,omitempty"`
	// PriorWeight is the weight bayesian_update.half_life left on the
	// posterior history's evidence (1 = none lost); 0 when not discounted.
	PriorWeight float64 `json:"prior_weight,omitempty"`
	// Pool is the population and the shards of a pooled parameter.
	Pool *Pool `json:"pool,omitempty"`
}
