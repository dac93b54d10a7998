package pipeline

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/sheets"
	"github.com/paramsql/paramsql/runtime/store"
)

// sheetsConfig maps a source's or destination's fields onto the client.
// SheetsEndpoint lets tests and emulators stand in for Google's API.
func (r *Runner) sheetsConfig(url, rng string, auth *config.Authentication) sheets.Config {
	cfg := sheets.Config{URL: url, Range: rng, Endpoint: r.SheetsEndpoint}
	if auth != nil {
		cfg.CredentialsFile = auth.CredentialsFile
		cfg.APIKey = auth.APIKey
	}
	if r.SheetsEndpoint != "" && cfg.CredentialsFile == "" && cfg.APIKey == "" {
		cfg.NoAuth = true
	}
	return cfg
}

func (r *Runner) sheetsPrior(ctx context.Context, p *config.Param) (resolvedPrior, error) {
	src := p.PriorSource
	mean, stdev, err := sheets.FetchPrior(ctx, r.sheetsConfig(src.URL, src.Range, src.Authentication))
	if err != nil {
		return resolvedPrior{}, err
	}
	pr, err := betaFromMoments(mean, stdev)
	return resolvedPrior{Prior: pr, Source: "sheets " + src.Range}, err
}

// writeSheet appends or writes the format columns of the result's rows,
// in order: the one row, or for a time series one row per period (the
// seed's Example 5 replaces the series in its sheet).
func (r *Runner) writeSheet(ctx context.Context, j *job, d config.Destination, rows []store.Row) error {
	cols := d.Format
	if len(cols) == 0 {
		cols = []config.FormatColumn{"param_id", "timestamp", "prior_mean", "prior_stdev", "trials", "successes", "posterior_mean", "posterior_stdev"}
	}
	if len(rows) > 1 {
		rows = rows[1:] // the periods; rows[0] is the whole window
	}
	values := make([][]any, len(rows))
	for k, row := range rows {
		values[k] = make([]any, len(cols))
		for i, c := range cols {
			v, err := r.formatValue(j, row, c)
			if err != nil {
				return err
			}
			values[k][i] = v
		}
	}
	return sheets.WriteRows(ctx, r.sheetsConfig(d.URL, d.Range, nil), string(d.Mode), values)
}

func (r *Runner) formatValue(j *job, row store.Row, c config.FormatColumn) (any, error) {
	num := func(v *float64) any {
		if v == nil {
			return ""
		}
		return *v
	}
	switch c {
	case "param_id":
		return row.ParamID, nil
	case "timestamp":
		return r.AsOf.Format(time.RFC3339), nil
	case "date":
		if row.Period != nil {
			return row.Period.Format("2006-01-02"), nil
		}
		return row.WindowEnd.Format("2006-01-02"), nil
	case "edge_reference":
		return row.Reference, nil
	case "visited_nodes":
		if vf := j.param.VisitedFilter; vf != nil {
			return strings.Join(vf.Nodes, ","), nil
		}
		if j.query != nil {
			return strings.Join(j.query.Visited, ","), nil
		}
		return "", nil
	case "context_filter":
		var kv []string
		for k, v := range j.param.ContextFilter {
			kv = append(kv, k+"="+v)
		}
		sort.Strings(kv)
		return strings.Join(kv, ","), nil
	case "prior_mean":
		return num(row.PriorMean), nil
	case "prior_stdev":
		return num(row.PriorStdev), nil
	case "prior_alpha":
		return num(row.PriorAlpha), nil
	case "prior_beta":
		return num(row.PriorBeta), nil
	case "trials":
		return deref(row.Trials), nil
	case "successes":
		return deref(row.Successes), nil
	case "posterior_mean":
		return num(row.PosteriorMean), nil
	case "posterior_stdev":
		return num(row.PosteriorStdev), nil
	case "posterior_alpha":
		return num(row.PosteriorAlpha), nil
	case "posterior_beta":
		return num(row.PosteriorBeta), nil
	case "divergence":
		return num(row.Z), nil
	case "drift_alert":
		return row.Alert, nil
	}
	return nil, fmt.Errorf("unknown format column %q", c)
}
