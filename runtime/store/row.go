package store

import (
	"errors"
	"fmt"
	"time"

	"github.com/paramsql/paramsql/dialects"
)

// values maps r to the table's columns (dialects.PosteriorColumns), as the
// driver of engine should receive them: NULL as nil, times in UTC
// truncated to what the table keeps (prec), period as a date, and the
// period_key that stands for it in the unique key.
func (r Row) values(now time.Time, prec time.Duration, engine string) (map[string]any, error) {
	switch {
	case r.RunID == "":
		return nil, errors.New("run_id is empty")
	case r.ParamID == "":
		return nil, errors.New("param_id is empty")
	case !r.Status.valid():
		return nil, fmt.Errorf("status %q is not one of %v", r.Status, dialects.PosteriorStatuses)
	case r.Reference == "":
		return nil, errors.New("reference is empty")
	case r.WindowStart.IsZero() || r.WindowEnd.IsZero():
		return nil, errors.New("window_start and window_end are required")
	case r.Shard != "" && r.Period != nil:
		return nil, errors.New("a row is a shard's or a period's, not both")
	}
	written := r.WrittenAt
	if written.IsZero() {
		written = now
	}
	asOf := r.AsOf
	if asOf.IsZero() {
		asOf = written
	}
	ts := func(t time.Time) time.Time { return t.UTC().Truncate(prec) }
	var period any
	periodKey := ""
	if r.Period != nil {
		y, m, d := r.Period.Date()
		p := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		period, periodKey = p, p.Format(time.DateOnly)
	}
	if r.Shard != "" {
		periodKey = dialects.PosteriorShardKey(r.Shard)
	}
	var alert any = r.Alert
	if engine == "clickhouse" {
		// A UInt8 column; clickhouse-go does not convert a bool to it.
		alert = uint8(0)
		if r.Alert {
			alert = uint8(1)
		}
	}
	return map[string]any{
		"run_id":                    r.RunID,
		"param_id":                  r.ParamID,
		"status":                    string(r.Status),
		"reason":                    nullString(r.Reason),
		"reference":                 r.Reference,
		"sql_hash":                  nullString(r.SQLHash),
		"window_start":              ts(r.WindowStart),
		"window_end":                ts(r.WindowEnd),
		"period":                    period,
		dialects.PosteriorPeriodKey: periodKey,
		"prior_alpha":               nullable(r.PriorAlpha),
		"prior_beta":                nullable(r.PriorBeta),
		"prior_mean":                nullable(r.PriorMean),
		"prior_stdev":               nullable(r.PriorStdev),
		"trials":                    nullable(r.Trials),
		"successes":                 nullable(r.Successes),
		"posterior_alpha":           nullable(r.PosteriorAlpha),
		"posterior_beta":            nullable(r.PosteriorBeta),
		"posterior_mean":            nullable(r.PosteriorMean),
		"posterior_stdev":           nullable(r.PosteriorStdev),
		"ci_low":                    nullable(r.CILow),
		"ci_high":                   nullable(r.CIHigh),
		"z":                         nullable(r.Z),
		"alert":                     alert,
		"method":                    nullString(r.Method),
		"rhat":                      nullable(r.RHat),
		"ess":                       nullable(r.ESS),
		"as_of":                     ts(asOf),
		"written_at":                ts(written),
		"immature":                  nullable(r.Immature),
		"shard":                     nullString(r.Shard),
		"pooling":                   nullString(r.Pooling),
		"shrinkage":                 nullable(r.Shrinkage),
		"pool_mu":                   nullable(r.PoolMu),
		"pool_tau":                  nullable(r.PoolTau),
		"lag_median_seconds":        nullable(r.LagMedian),
		"lag_t95_seconds":           nullable(r.LagT95),
		"effective_trials":          nullable(r.EffectiveTrials),
		"prior_weight":              nullable(r.PriorWeight),
		"sibling_group":             nullString(r.SiblingGroup),
		"sibling_none":              nullable(r.SiblingNone),
	}, nil
}

// nullable passes a pointer's value, or an untyped nil for NULL (a typed
// nil pointer is not understood by every driver).
func nullable[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// rowFrom reads one row of connect.Result values, named by cols.
func rowFrom(cols []string, vals []any) (Row, error) {
	var r Row
	for i, c := range cols {
		v := vals[i]
		var err error
		switch c {
		case "run_id":
			r.RunID, err = asString(v)
		case "param_id":
			r.ParamID, err = asString(v)
		case "status":
			var s string
			s, err = asString(v)
			r.Status = Status(s)
		case "reason":
			r.Reason, err = asString(v)
		case "reference":
			r.Reference, err = asString(v)
		case "sql_hash":
			r.SQLHash, err = asString(v)
		case "window_start":
			r.WindowStart, err = asTime(v)
		case "window_end":
			r.WindowEnd, err = asTime(v)
		case "period":
			if v != nil {
				var t time.Time
				t, err = asTime(v)
				r.Period = &t
			}
		case dialects.PosteriorPeriodKey:
		case "prior_alpha":
			r.PriorAlpha, err = asFloat(v)
		case "prior_beta":
			r.PriorBeta, err = asFloat(v)
		case "prior_mean":
			r.PriorMean, err = asFloat(v)
		case "prior_stdev":
			r.PriorStdev, err = asFloat(v)
		case "trials":
			r.Trials, err = asInt(v)
		case "successes":
			r.Successes, err = asInt(v)
		case "posterior_alpha":
			r.PosteriorAlpha, err = asFloat(v)
		case "posterior_beta":
			r.PosteriorBeta, err = asFloat(v)
		case "posterior_mean":
			r.PosteriorMean, err = asFloat(v)
		case "posterior_stdev":
			r.PosteriorStdev, err = asFloat(v)
		case "ci_low":
			r.CILow, err = asFloat(v)
		case "ci_high":
			r.CIHigh, err = asFloat(v)
		case "z":
			r.Z, err = asFloat(v)
		case "alert":
			var n *int64
			n, err = asInt(v)
			r.Alert = n != nil && *n != 0
		case "method":
			r.Method, err = asString(v)
		case "rhat":
			r.RHat, err = asFloat(v)
		case "ess":
			r.ESS, err = asFloat(v)
		case "as_of":
			r.AsOf, err = asTime(v)
		case "written_at":
			r.WrittenAt, err = asTime(v)
		case "immature":
			r.Immature, err = asInt(v)
		case "shard":
			r.Shard, err = asString(v)
		case "pooling":
			r.Pooling, err = asString(v)
		case "shrinkage":
			r.Shrinkage, err = asFloat(v)
		case "pool_mu":
			r.PoolMu, err = asFloat(v)
		case "pool_tau":
			r.PoolTau, err = asFloat(v)
		case "lag_median_seconds":
			r.LagMedian, err = asFloat(v)
		case "lag_t95_seconds":
			r.LagT95, err = asFloat(v)
		case "effective_trials":
			r.EffectiveTrials, err = asFloat(v)
		case "prior_weight":
			r.PriorWeight, err = asFloat(v)
		case "sibling_group":
			r.SiblingGroup, err = asString(v)
		case "sibling_none":
			r.SiblingNone, err = asFloat(v)
		default:
			err = errors.New("unknown column")
		}
		if err != nil {
			return Row{}, fmt.Errorf("column %s: %w", c, err)
		}
	}
	return r, nil
}

// The as* functions read connect.Result's normalised values.

func asString(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	}
	return "", fmt.Errorf("got %T, want text", v)
}

func asTime(v any) (time.Time, error) {
	if t, ok := v.(time.Time); ok {
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("got %T, want a time", v)
}

func asFloat(v any) (*float64, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case float64:
		return &x, nil
	case int64:
		f := float64(x)
		return &f, nil
	}
	return nil, fmt.Errorf("got %T, want a number", v)
}

func asInt(v any) (*int64, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case int64:
		return &x, nil
	case float64:
		n := int64(x)
		if float64(n) != x {
			return nil, fmt.Errorf("%v is not an integer", x)
		}
		return &n, nil
	}
	return nil, fmt.Errorf("got %T, want an integer", v)
}
