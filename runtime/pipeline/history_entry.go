package pipeline

import (
	"time"

	"github.com/paramsql/paramsql/runtime/store"
)

// HistoryEntry is one stored posterior as `history --json` prints it, with
// the names `update --json` uses for the same things, so one reader takes
// both.
type HistoryEntry struct {
	RunID       string            `json:"run_id"`
	ID          string            `json:"id"`
	Status      Status            `json:"status"`
	Reason      string            `json:"reason,omitempty"`
	Reference   string            `json:"reference,omitempty"`
	SQLHash     string            `json:"sql_hash,omitempty"`
	WindowStart time.Time         `json:"window_start"`
	WindowEnd   time.Time         `json:"window_end"`
	Period      *time.Time        `json:"period,omitempty"`
	Prior       *Beta             `json:"prior,omitempty"`
	Trials      *int64            `json:"trials"`
	Successes   *int64            `json:"successes"`
	Immature    *int64            `json:"immature,omitempty"` // nil for a period's row, or one stored before it was recorded
	Posterior   *PosteriorSummary `json:"posterior,omitempty"`
	Divergence  *Divergence       `json:"divergence,omitempty"`
	Method      string            `json:"method,omitempty"`
	// Shard names a pooled parameter's shard; Pooling is the mode, on the
	// population's row and its shards'; Shrinkage is the population's
	// weight in a shard's estimate; PoolMu and PoolTau are a hierarchical
	// pool's logit mean and spread (posterior means).
	Shard     string   `json:"shard,omitempty"`
	Pooling   string   `json:"pooling,omitempty"`
	Shrinkage *float64 `json:"shrinkage,omitempty"`
	PoolMu    *float64 `json:"pool_mu,omitempty"`
	PoolTau   *float64 `json:"pool_tau,omitempty"`
	// PriorWeight is the weight half_life left on the history's evidence,
	// as update --json's prior_weight.
	PriorWeight *float64 `json:"prior_weight,omitempty"`
	// SiblingGroup and SiblingNone are a sibling edge's group and the
	// posterior mean of its residual share.
	SiblingGroup string    `json:"sibling_group,omitempty"`
	SiblingNone  *float64  `json:"sibling_none,omitempty"`
	AsOf         time.Time `json:"as_of"`
	WrittenAt    time.Time `json:"written_at"`
	// Lag is the fitted time to convert of a maturity run.
	Lag *HistoryLag `json:"lag,omitempty"`
}

// NewHistoryEntry reads a stored row into the shape of `update --json`.
func NewHistoryEntry(row store.Row) HistoryEntry {
	e := HistoryEntry{
		RunID: row.RunID, ID: row.ParamID, Status: Status(row.Status), Reason: row.Reason,
		Reference: row.Reference, SQLHash: row.SQLHash,
		WindowStart: row.WindowStart, WindowEnd: row.WindowEnd, Period: row.Period,
		Trials: row.Trials, Successes: row.Successes, Immature: row.Immature, Method: row.Method,
		AsOf: row.AsOf, WrittenAt: row.WrittenAt,
		Shard: row.Shard, Pooling: row.Pooling, Shrinkage: row.Shrinkage, PoolMu: row.PoolMu, PoolTau: row.PoolTau,
		PriorWeight: row.PriorWeight, SiblingGroup: row.SiblingGroup, SiblingNone: row.SiblingNone,
	}
	if row.PriorMean != nil && row.PriorStdev != nil {
		e.Prior = &Beta{Alpha: val(row.PriorAlpha), Beta: val(row.PriorBeta), Mean: *row.PriorMean, Stdev: *row.PriorStdev}
	}
	if row.PosteriorMean != nil && row.PosteriorStdev != nil {
		e.Posterior = &PosteriorSummary{
			Alpha: val(row.PosteriorAlpha), Beta: val(row.PosteriorBeta),
			Mean: *row.PosteriorMean, Stdev: *row.PosteriorStdev,
			CI95: [2]float64{val(row.CILow), val(row.CIHigh)},
			RHat: val(row.RHat), ESS: val(row.ESS),
		}
	}
	if row.Z != nil {
		e.Divergence = &Divergence{Z: *row.Z, Alert: row.Alert}
	}
	e.Lag = historyLag(row)
	return e
}

func val(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}
