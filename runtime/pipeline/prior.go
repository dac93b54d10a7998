package pipeline

import (
	"context"
	"errors"
	"fmt"
	neturl "net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paramsql/paramsql/runtime/bayes"
	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/store"
	"github.com/paramsql/paramsql/runtime/webhook"
)

// resolvedPrior is the prior an update starts from, and where it came from.
type resolvedPrior struct {
	Prior  bayes.Prior
	Source string
	// HistoryEnd is the window end of the posterior this prior is, when it
	// is one: observations then start there, so no event counts twice.
	HistoryEnd *time.Time
	// Fallback is set when every source failed and fallback_value was used.
	Fallback bool
	// Failure says why the sources failed, when Fallback is set.
	Failure string
}

// staticPrior reads bayesian_update.prior: a Beta given as alpha/beta or as
// mean/stdev, or a logit-normal for the sampler.
func staticPrior(p *config.Param) (bayes.Prior, error) {
	if p.BayesianUpdate == nil || p.BayesianUpdate.Prior == nil {
		return bayes.Prior{}, errors.New("no bayesian_update.prior to start from")
	}
	pr := p.BayesianUpdate.Prior
	dist := string(pr.Distribution)
	if dist == "" {
		dist = bayes.DistBeta
	}
	switch dist {
	case bayes.DistBeta:
		if pr.Alpha != nil && pr.Beta != nil {
			return betaPrior(*pr.Alpha, *pr.Beta)
		}
		if pr.Mean != nil && pr.Stdev != nil {
			return betaFromMoments(*pr.Mean, *pr.Stdev)
		}
		return bayes.Prior{}, errors.New("bayesian_update.prior needs alpha and beta, or mean and stdev")
	case bayes.DistLogitNormal:
		if pr.Mu == nil || pr.Sigma == nil {
			return bayes.Prior{}, errors.New("a logitnormal prior needs mu and sigma")
		}
		return bayes.Prior{Distribution: dist, Mu: *pr.Mu, Sigma: *pr.Sigma}, nil
	}
	return bayes.Prior{}, fmt.Errorf("a %s prior cannot be updated from trials and successes; use beta or logitnormal", dist)
}

func betaPrior(alpha, beta float64) (bayes.Prior, error) {
	if !(alpha > 0) || !(beta > 0) {
		return bayes.Prior{}, fmt.Errorf("a Beta prior needs alpha > 0 and beta > 0, got %g and %g", alpha, beta)
	}
	return bayes.Prior{Distribution: bayes.DistBeta, Alpha: alpha, Beta: beta}, nil
}

func betaFromMoments(mean, stdev float64) (bayes.Prior, error) {
	a, b, err := bayes.BetaFromMoments(mean, stdev)
	if err != nil {
		return bayes.Prior{}, err
	}
	return bayes.Prior{Distribution: bayes.DistBeta, Alpha: a, Beta: b}, nil
}

// resolvePrior reads the prior from the parameter's source, and falls back
// to fallback_value when the source fails.
func (r *Runner) resolvePrior(ctx context.Context, p *config.Param) (resolvedPrior, error) {
	got, err := r.readPrior(ctx, p)
	if err == nil {
		return got, nil
	}
	if fb := p.FallbackValue; fb != nil {
		pr, ferr := fallbackPrior(fb)
		if ferr == nil {
			return resolvedPrior{Prior: pr, Source: "fallback_value", Fallback: true, Failure: err.Error()}, nil
		}
		return resolvedPrior{}, fmt.Errorf("prior: %v; fallback_value: %v", err, ferr)
	}
	return resolvedPrior{}, fmt.Errorf("prior: %w (and no fallback_value)", err)
}

// fallbackMethod is the method of a stored row whose posterior is
// fallback_value because the observations failed.
const fallbackMethod = "fallback_value"

// fallbackPrior reads fallback_value as a Beta.
func fallbackPrior(fb *config.FallbackValue) (bayes.Prior, error) {
	switch {
	case fb.Alpha != nil && fb.Beta != nil:
		return betaPrior(*fb.Alpha, *fb.Beta)
	case fb.Mean != nil && fb.Stdev != nil:
		return betaFromMoments(*fb.Mean, *fb.Stdev)
	}
	return bayes.Prior{}, errors.New("fallback_value needs alpha and beta, or mean and stdev")
}

// fallbackPosterior is fallback_value standing as a posterior, with its
// interval.
func fallbackPosterior(fb *config.FallbackValue) (bayes.Posterior, error) {
	pr, err := fallbackPrior(fb)
	if err != nil {
		return bayes.Posterior{}, err
	}
	post, err := bayes.Conjugate(pr, bayes.Observations{})
	post.Method = fallbackMethod
	return post, err
}

func (r *Runner) readPrior(ctx context.Context, p *config.Param) (resolvedPrior, error) {
	src := p.PriorSource
	kind := config.PriorStatic
	if src != nil && src.Type != "" {
		kind = src.Type
	}
	switch kind {
	case config.PriorStatic:
		pr, err := staticPrior(p)
		return resolvedPrior{Prior: pr, Source: "static"}, err
	case config.PriorPosteriorHistory:
		return r.historyPrior(ctx, p)
	case config.PriorSQL:
		return r.sqlPrior(ctx, p)
	case config.PriorWebhook:
		return r.webhookPrior(ctx, p)
	case config.PriorSheets:
		return r.sheetsPrior(ctx, p)
	}
	return resolvedPrior{}, fmt.Errorf("unknown prior_source type %q", kind)
}

// historyPrior is the latest posterior of the parameter. With no history
// yet, the static prior starts the chain.
func (r *Runner) historyPrior(ctx context.Context, p *config.Param) (resolvedPrior, error) {
	src := p.PriorSource
	if src.Query != "" {
		return r.historyQueryPrior(ctx, p)
	}
	// prior_source.connection names where the history is read; the
	// table is the posterior store's.
	ps := r.Project.PosteriorStore
	var st *store.SQLStore
	if src.Connection != "" && src.Connection != ps.Connection {
		// Another connection's history (another project's store, say) is
		// only read: it is opened read-only, so the table is not created
		// or migrated as the project's own store is.
		db, err := r.conn(ctx, src.Connection)
		if err != nil {
			return resolvedPrior{}, err
		}
		st = store.NewSQLStore(db, ps.Table)
	} else {
		var err error
		if st, err = r.sqlStore(ctx, ps.Connection, ps.Table); err != nil {
			return resolvedPrior{}, err
		}
	}
	row, err := st.Latest(ctx, p.ID)
	if err != nil {
		return resolvedPrior{}, fmt.Errorf("posterior history: %w", err)
	}
	if row == nil {
		pr, err := staticPrior(p)
		return resolvedPrior{Prior: pr, Source: "static (no posterior history yet)"}, err
	}
	if row.Method == fallbackMethod {
		// fallback_value stood in for observations that failed: the chain
		// goes on from the last posterior computed from data, and the
		// failed window is observed again.
		if row, err = computedRow(ctx, st, p.ID); err != nil {
			return resolvedPrior{}, fmt.Errorf("posterior history: %w", err)
		}
		if row == nil {
			pr, err := staticPrior(p)
			return resolvedPrior{Prior: pr, Source: "static (no posterior history computed from data yet)"}, err
		}
	}
	if row.Period != nil {
		// A time series stores its overall posterior and one row per
		// period, each of those updated from one period's counts alone;
		// Latest may pick a period row. The chain continues from the
		// overall row of the same run.
		if row, err = overallRow(ctx, st, row); err != nil {
			return resolvedPrior{}, fmt.Errorf("posterior history: %w", err)
		}
	}
	if row.PosteriorAlpha == nil || row.PosteriorBeta == nil {
		return resolvedPrior{}, fmt.Errorf("posterior history: the latest row of %s holds no Beta posterior", p.ID)
	}
	pr, err := betaPrior(*row.PosteriorAlpha, *row.PosteriorBeta)
	end := row.WindowEnd
	return resolvedPrior{Prior: pr, Source: "posterior_history (run " + row.RunID + ")", HistoryEnd: &end}, err
}

// sqlPrior runs the source's query; it must return alpha and beta, or mean
// and stdev.
func (r *Runner) sqlPrior(ctx context.Context, p *config.Param) (resolvedPrior, error) {
	src := p.PriorSource
	name := src.Connection
	if name == "" {
		name = r.Project.DefaultConnection
	}
	got, _, err := r.queryPrior(ctx, name, src.Query, "sql")
	return got, err
}

// errNoPriorRow is a prior query that returned no row.
var errNoPriorRow = errors.New("prior query returned no row")

// queryPrior runs a prior query on a connection and reads alpha and beta,
// or mean and stdev, from its first row, which it also returns by
// lower-cased column name.
func (r *Runner) queryPrior(ctx context.Context, conn, query, source string) (resolvedPrior, map[string]any, error) {
	db, err := r.conn(ctx, conn)
	if err != nil {
		return resolvedPrior{}, nil, err
	}
	res, err := r.rawQuery(ctx, db, query, nil)
	if err != nil {
		return resolvedPrior{}, nil, fmt.Errorf("prior query: %w", err)
	}
	if len(res.Rows) == 0 {
		return resolvedPrior{}, nil, errNoPriorRow
	}
	row := map[string]any{}
	vals := map[string]float64{}
	for i, c := range res.Columns {
		row[lower(c)] = res.Rows[0][i]
		if f, ok := toFloat(res.Rows[0][i]); ok {
			vals[lower(c)] = f
		} else if f, ok := numericText(res.Rows[0][i]); ok {
			// '0.3' AS mean: a number written as text, as the webhook
			// prior accepts too.
			vals[lower(c)] = f
		}
	}
	a, okA := vals["alpha"]
	b, okB := vals["beta"]
	if okA && okB {
		pr, err := betaPrior(a, b)
		return resolvedPrior{Prior: pr, Source: source}, row, err
	}
	m, okM := vals["mean"]
	s, okS := vals["stdev"]
	if okM && okS {
		pr, err := betaFromMoments(m, s)
		return resolvedPrior{Prior: pr, Source: source}, row, err
	}
	// The columns may be there but not numbers: say which, rather than
	// that they are missing.
	var notNumbers []string
	for _, pair := range [][2]string{{"alpha", "beta"}, {"mean", "stdev"}} {
		for _, c := range pair {
			if v, there := row[c]; there {
				if _, ok := vals[c]; !ok {
					notNumbers = append(notNumbers, fmt.Sprintf("%s is %T %v", c, v, v))
				}
			}
		}
	}
	if len(notNumbers) > 0 {
		return resolvedPrior{}, nil, fmt.Errorf("prior query must return numbers for alpha and beta, or mean and stdev: %s (cast them in the query)", strings.Join(notNumbers, ", "))
	}
	return resolvedPrior{}, nil, fmt.Errorf("prior query must return columns alpha and beta, or mean and stdev; it returned %v", res.Columns)
}

// historyQueryPrior reads the previous posterior with the source's own
// query, as the seed writes it ("SELECT mean, stdev FROM posteriors WHERE
// param_id = '…' ORDER BY … LIMIT 1"), on the source's connection (the
// posterior store's by default). When the query also returns window_end,
// observations start there, so no event counts twice; with no row, the
// static prior starts the chain.
func (r *Runner) historyQueryPrior(ctx context.Context, p *config.Param) (resolvedPrior, error) {
	src := p.PriorSource
	got, row, err := r.queryPrior(ctx, orDefault(src.Connection, r.Project.PosteriorStore.Connection), src.Query, "posterior_history query")
	if errors.Is(err, errNoPriorRow) {
		pr, err := staticPrior(p)
		return resolvedPrior{Prior: pr, Source: "static (no posterior history yet)"}, err
	}
	if err != nil {
		return resolvedPrior{}, fmt.Errorf("posterior history: %w", err)
	}
	if end, ok := row["window_end"].(time.Time); ok {
		got.HistoryEnd = &end
	}
	return got, nil
}

func (r *Runner) webhookPrior(ctx context.Context, p *config.Param) (resolvedPrior, error) {
	src := p.PriorSource
	var opts []webhook.PriorOption
	v, err := webhook.FetchPrior(ctx, r.HTTPClient, endpointURL(src.URL, src.Endpoint), webhookHeaders(src), opts...)
	if err != nil {
		return resolvedPrior{}, err
	}
	if v.Alpha != nil && v.Beta != nil {
		pr, err := betaPrior(*v.Alpha, *v.Beta)
		return resolvedPrior{Prior: pr, Source: "webhook"}, err
	}
	pr, err := betaFromMoments(*v.Mean, *v.Stdev)
	return resolvedPrior{Prior: pr, Source: "webhook"}, err
}

// webhookHeaders adds an api_key authentication as a bearer token, the
// usual way an HTTP API takes one, unless the source's own headers
// already set Authorization.
func webhookHeaders(src *config.PriorSource) map[string]string {
	a := src.Authentication
	if a == nil || a.APIKey == "" {
		return src.Headers
	}
	out := map[string]string{}
	for k, v := range src.Headers {
		if strings.EqualFold(k, "Authorization") {
			return src.Headers
		}
		out[k] = v
	}
	out["Authorization"] = "Bearer " + a.APIKey
	return out
}

// computedRow is the newest overall posterior of a parameter computed
// from data, or nil when it has none.
func computedRow(ctx context.Context, st *store.SQLStore, id string) (*store.Row, error) {
	rows, err := st.History(ctx, id)
	if err != nil {
		return nil, err
	}
	for i := len(rows) - 1; i >= 0; i-- {
		r := rows[i]
		if r.Period == nil && r.Method != fallbackMethod && (r.Status == store.StatusUpdated || r.Status == store.StatusFallback) {
			return &r, nil
		}
	}
	return nil, nil
}

// overallRow finds the row without a period written with a time series'
// period row: same run and same window.
func overallRow(ctx context.Context, st *store.SQLStore, period *store.Row) (*store.Row, error) {
	rows, err := st.History(ctx, period.ParamID)
	if err != nil {
		return nil, err
	}
	for i := len(rows) - 1; i >= 0; i-- {
		r := rows[i]
		if r.Period == nil && r.RunID == period.RunID && r.WindowEnd.Equal(period.WindowEnd) && r.Status == period.Status {
			return &r, nil
		}
	}
	return nil, fmt.Errorf("the latest posterior of %s is the period %s of run %s, whose overall row is missing", period.ParamID, period.Period.Format("2006-01-02"), period.RunID)
}

// endpointURL joins a webhook prior's endpoint to its url: the endpoint's
// path goes after the url's path with one slash between, and the url's
// query stays a query (a plain concatenation put "/priors/x" inside
// "?key=abc", and "api/" + "/priors" made "api//priors"). A url that does
// not parse is passed on as written, for the fetch to refuse.
func endpointURL(base, endpoint string) string {
	if endpoint == "" {
		return base
	}
	u, err := neturl.Parse(base)
	if err != nil {
		return base + endpoint
	}
	ep, err := neturl.Parse(endpoint)
	if err != nil {
		return base + endpoint
	}
	u = u.JoinPath(ep.Path)
	if ep.RawQuery != "" {
		if u.RawQuery != "" {
			u.RawQuery += "&"
		}
		u.RawQuery += ep.RawQuery
	}
	return u.String()
}

// numericText reads a number a query returned as text ('0.3', or the
// bytes some drivers give for DECIMAL).
func numericText(v any) (float64, bool) {
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return f, err == nil
}
