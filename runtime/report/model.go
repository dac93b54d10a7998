// Package report turns a project's posterior history into a static HTML
// report: an index of every parameter and one page per parameter, with
// charts drawn in Go (gonum/plot) as SVG inlined in the page, so the
// report opens from disk with no script and no network.
//
// The numbers behind each chart are a plain data model (Report and the
// types below), built from the posterior store's rows and the parameter
// files by Build; the HTML is rendered from that model by Write. Tests
// check the model as JSON, not the pixels.
package report

import "time"

// Report is a project's report: every parameter, in index order (alerts
// first, then failures, then by id).
type Report struct {
	// Project is the project directory, as given.
	Project string `json:"project"`
	// Table is the posterior store's table the history was read from.
	Table string `json:"table"`
	// GeneratedAt is when the report was made; the pages print it.
	GeneratedAt time.Time `json:"generated_at"`
	// Params are the parameters' pages.
	Params []*Param `json:"params"`
}

// Param is everything one parameter's page shows.
type Param struct {
	ID          string `json:"id"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	// Reference is the canonical reference the latest run measured (the
	// parameter file's, canonicalised, when it never ran).
	Reference string `json:"reference"`
	// Latest is the newest whole-window row of any status; nil when the
	// store has none.
	Latest *Run `json:"latest,omitempty"`
	// Current is the newest row that holds a posterior (updated or
	// fallback), which later runs read: nil when there is none. It
	// differs from Latest after a skipped or failed run.
	Current *Run `json:"current,omitempty"`
	// Densities are the prior and posterior of Current.
	Densities *Densities `json:"densities,omitempty"`
	// History is every whole-window run, oldest window first.
	History []Run `json:"history"`
	// Periods are the per-period rates of the latest run of a time
	// series; empty otherwise.
	Periods []PeriodRate `json:"periods,omitempty"`
	// Forests compare the parameter with its shards: one per context key.
	Forests []*Forest `json:"forests,omitempty"`
	// SQL is the statement that counted the latest run.
	SQL SQL `json:"sql"`
}

// Alert reports whether the latest run raised an alert.
func (p *Param) Alert() bool { return p.Latest != nil && p.Latest.Alert }

// Status is the latest run's status, or "not recorded" when the store
// holds no row of the parameter (it never ran, or its runs wrote nothing:
// an upserting destination keeps no skipped rows).
func (p *Param) Status() string {
	if p.Latest == nil {
		return "not recorded"
	}
	return p.Latest.Status
}

// Run is one stored whole-window row, as the charts read it.
type Run struct {
	RunID       string    `json:"run_id"`
	Status      string    `json:"status"`
	Reason      string    `json:"reason,omitempty"`
	WindowStart time.Time `json:"window_start"`
	WindowEnd   time.Time `json:"window_end"`
	// Trials and Successes are nil when the row recorded none.
	Trials    *int64 `json:"trials,omitempty"`
	Successes *int64 `json:"successes,omitempty"`
	// Observed is successes/trials, nil without trials.
	Observed *float64 `json:"observed,omitempty"`
	// Posterior is nil for rows without one (skipped, failed).
	Posterior *Interval `json:"posterior,omitempty"`
	Z         *float64  `json:"z,omitempty"`
	Alert     bool      `json:"alert"`
	Method    string    `json:"method,omitempty"`
	SQLHash   string    `json:"sql_hash,omitempty"`
}

// Interval is an estimate with its 95% interval.
type Interval struct {
	Mean float64 `json:"mean"`
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// Beta is a Beta distribution with its mean and 95% interval; the
// density chart draws its curve and shades the interval.
type Beta struct {
	Alpha float64 `json:"alpha"`
	Beta  float64 `json:"beta"`
	Interval
}

// Densities are a run's prior and posterior. Either may be nil when the
// row did not record its parameters (a posterior sampled by MCMC with no
// matching Beta, say): the page then says "not recorded".
type Densities struct {
	Prior     *Beta `json:"prior,omitempty"`
	Posterior *Beta `json:"posterior,omitempty"`
}

// PeriodRate is one period of a time series: its counts and its own
// posterior.
type PeriodRate struct {
	Date      time.Time `json:"date"`
	Trials    int64     `json:"trials"`
	Successes int64     `json:"successes"`
	// Observed is successes/trials, nil without trials.
	Observed  *float64  `json:"observed,omitempty"`
	Posterior *Interval `json:"posterior,omitempty"`
	Z         *float64  `json:"z,omitempty"`
	Alert     bool      `json:"alert"`
}

// Forest compares the shards of one context key: the parameters whose
// references differ from this one only in that key's value (one
// parameter per shard), each with its current posterior. Pooled is the
// population estimate across the shards when the store holds one: the
// stored posterior of a pooled parameter (bayesian_update.pooling) of
// the same sharded reference; nil otherwise. A pooled parameter's own
// page has a forest of its estimate and those sibling parameters, if any:
// the store keeps no per-shard rows of a pooled run.
type Forest struct {
	// Key is the context key the shards differ in.
	Key string `json:"key"`
	// Reference is the sharded reference the shards together answer,
	// such as e.signup.context(channel,device='mobile').
	Reference string      `json:"reference"`
	Rows      []ForestRow `json:"rows"`
	Pooled    *Interval   `json:"pooled,omitempty"`
	// PooledBy is the id of the pooled parameter Pooled is read from.
	PooledBy string `json:"pooled_by,omitempty"`
}

// ForestRow is one shard.
type ForestRow struct {
	// Value is the shard's value of the forest's key.
	Value   string `json:"value"`
	ParamID string `json:"param_id"`
	// Self marks the parameter whose page shows the forest.
	Self      bool      `json:"self,omitempty"`
	Trials    int64     `json:"trials"`
	Successes int64     `json:"successes"`
	Posterior *Interval `json:"posterior,omitempty"`
}

// SQL is the statement behind the latest run's counts.
type SQL struct {
	// Hash is the stored sql_hash; empty when none was recorded.
	Hash string `json:"hash,omitempty"`
	// Text is the statement, recompiled or read from the parameter file;
	// empty when it cannot be recovered.
	Text string `json:"text,omitempty"`
	// Verified is true when Text hashes to Hash: it is the statement
	// that ran, byte for byte.
	Verified bool `json:"verified"`
	// Note says where Text comes from when it is not verified.
	Note string `json:"note,omitempty"`
}
