// Package pipeline runs paramsql's update: for each parameter it reads the
// prior, counts the observations, applies the Bayesian update, checks the
// data against the prior, alerts, and writes the posterior with its history.
package pipeline

import "time"

// Status is the outcome of one parameter's update.
type Status string

// The outcomes. Fallback means fallback_value stood in: as the prior when
// every prior source failed, or as the posterior when the observations
// could not be counted. Interrupted means the run was stopped before the
// parameter's turn; nothing of it was written.
const (
	StatusUpdated     Status = "updated"
	StatusSkipped     Status = "skipped"
	StatusFallback    Status = "fallback"
	StatusFailed      Status = "failed"
	StatusInterrupted Status = "interrupted"
)

// The outcomes of sending a parameter's divergence alerts.
const (
	AlertSent        = "sent"
	AlertFailed      = "failed"
	AlertAlreadySent = "already sent"
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
	ID          string `json:"id"`
	Status      Status `json:"status"`
	Prior       *Beta  `json:"prior,omitempty"`
	PriorSource string `json:"prior_source,omitempty"`
	Trials      int64  `json:"trials"`
	Successes   int64  `json:"successes"`
	// Immature is how many units of a within() reference entered the
	// window too late for their conversion window to end before the
	// run's as-of: left out of Trials and Successes rather than counted
	// as failures.
	Immature   int64             `json:"immature,omitempty"`
	Posterior  *PosteriorSummary `json:"posterior,omitempty"`
	Divergence *Divergence       `json:"divergence,omitempty"`
	Periods    []Period          `json:"periods,omitempty"`
	Reason     string            `json:"reason,omitempty"`
	Reference  string            `json:"reference,omitempty"`
	// The window is left out, not written as year 1, for a parameter that
	// failed before its window was known.
	WindowStart time.Time `json:"window_start,omitzero"`
	WindowEnd   time.Time `json:"window_end,omitzero"`
	SQLHash     string    `json:"sql_hash,omitempty"`
	Warnings    []string  `json:"warnings,omitempty"`
	// PriorWeight is the weight bayesian_update.half_life left on the
	// posterior history's evidence (1 = none lost); 0 when not discounted.
	PriorWeight float64 `json:"prior_weight,omitempty"`
	// Pool is the population and the shards of a pooled parameter.
	Pool *Pool `json:"pool,omitempty"`
	// Lag is the fitted time to convert (bayesian_update.maturity).
	Lag *LagResult `json:"lag,omitempty"`
	// Sibling is the group of a sibling edge updated jointly with it.
	Sibling *Sibling `json:"sibling,omitempty"`
	// AlertDelivery says whether the divergence alerts went out: sent,
	// failed (at least one destination refused), or already sent (an
	// earlier run alerted on the same window end).
	AlertDelivery string `json:"alert_delivery,omitempty"`
}

// StatusText is the status as the summary shows it: an update whose
// alert could not be delivered reads "updated, alert failed".
func (r *Result) StatusText() string {
	if r.AlertDelivery == AlertFailed {
		return string(r.Status) + ", alert failed"
	}
	return string(r.Status)
}

// Failed reports whether the parameter needs someone's attention: its
// update failed, or an alert it owed was not delivered.
func (r *Result) Failed() bool {
	return r.Status == StatusFailed || r.AlertDelivery == AlertFailed
}
