package pipeline_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/runtime/bayes"
	"github.com/paramsql/paramsql/runtime/pipeline"
	"github.com/paramsql/paramsql/runtime/store"
)

// TestPriorSources reads the prior from every kind of source, and from
// fallback_value when the source fails; the posterior is that prior plus
// the oracle's counts.
func TestPriorSources(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	if _, err := p.eventsDB.Exec(`CREATE TABLE priors (id VARCHAR, alpha DOUBLE, beta DOUBLE, m DOUBLE, s DOUBLE);
		INSERT INTO priors VALUES ('signup', 6, 14, NULL, NULL), ('other', 1, 1, 0.3, 0.05)`); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PRIOR_TOKEN", "s3cret")
	hooks := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/priors/signup":
			if r.Header.Get("Authorization") != "Bearer s3cret" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			io.WriteString(w, `{"alpha": 12, "beta": 30}`)
		case "/priors/moments":
			io.WriteString(w, `{"mean": "0.25", "stdev": 0.05}`)
		default:
			http.Error(w, "boom", http.StatusInternalServerError)
		}
	})
	sheet := newSheetsEmulator(t, map[string][][]any{
		"sheet123/Priors!B2:C2": {{0.35, "7%"}},
	})

	moments := func(m, s float64) (float64, float64) {
		a, b, err := bayes.BetaFromMoments(m, s)
		if err != nil {
			t.Fatal(err)
		}
		return a, b
	}
	type want struct {
		status pipeline.Status
		a, b   float64
		source string // a prefix of Result.PriorSource
		reason string // a substring of Result.Reason
	}
	cases := []struct {
		id, yaml string
		want     want
	}{
		{"static-alpha-beta", "prior_source: { type: static }\nbayesian_update: { prior: { alpha: 2, beta: 8 } }\n",
			want{status: pipeline.StatusUpdated, a: 2, b: 8, source: "static"}},
		{"static-moments", "bayesian_update: { prior: { mean: 0.3, stdev: 0.1 } }\n",
			want{status: pipeline.StatusUpdated, a: 0.3 * 20, b: 0.7 * 20, source: "static"}},
		{"sql-alpha-beta", "prior_source:\n  type: sql\n  connection: warehouse\n  query: SELECT alpha, beta FROM priors WHERE id = 'signup'\n",
			want{status: pipeline.StatusUpdated, a: 6, b: 14, source: "sql"}},
		{"sql-moments", "prior_source:\n  type: sql\n  query: SELECT m AS mean, s AS stdev FROM priors WHERE id = 'other'\n",
			want{status: pipeline.StatusUpdated, source: "sql"}},
		// Numbers written as text are read; text that is no number is
		// named, where the error said the columns were missing.
		{"sql-moments-as-text", "prior_source:\n  type: sql\n  query: SELECT '0.3' AS mean, ' 0.05 ' AS stdev\n",
			want{status: pipeline.StatusUpdated, source: "sql"}},
		{"sql-not-numbers", "prior_source:\n  type: sql\n  query: SELECT 'high' AS mean, 0.05 AS stdev\n",
			want{status: pipeline.StatusFailed, reason: "prior query must return numbers for alpha and beta, or mean and stdev: mean is string high"}},
		{"webhook-alpha-beta", "prior_source:\n  type: webhook\n  url: " + hooks.URL + "\n  endpoint: /priors/signup\n  headers: { Authorization: \"Bearer ${PRIOR_TOKEN}\" }\n",
			want{status: pipeline.StatusUpdated, a: 12, b: 30, source: "webhook"}},
		{"webhook-api-key", "prior_source:\n  type: webhook\n  url: " + hooks.URL + "/priors/signup\n  authentication: { type: api_key, api_key: \"${PRIOR_TOKEN}\" }\n",
			want{status: pipeline.StatusUpdated, a: 12, b: 30, source: "webhook"}},
		{"webhook-moments", "prior_source: { type: webhook, url: \"" + hooks.URL + "/priors/moments\" }\n",
			want{status: pipeline.StatusUpdated, source: "webhook"}},
		{"sheets", "prior_source:\n  type: sheets\n  url: https://docs.google.com/spreadsheets/d/sheet123/edit\n  range: Priors!B2:C2\n",
			want{status: pipeline.StatusUpdated, source: "sheets"}},
		{"webhook-fails-fallback", "prior_source: { type: webhook, url: \"" + hooks.URL + "/priors/missing\" }\nfallback_value: { mean: 0.2, stdev: 0.04 }\n",
			want{status: pipeline.StatusFallback, source: "fallback_value", reason: "500"}},
		{"sheets-fails-fallback", "prior_source:\n  type: sheets\n  url: https://docs.google.com/spreadsheets/d/nosuchsheet/edit\n  range: Priors!B2:C2\nfallback_value: { alpha: 4, beta: 5 }\n",
			want{status: pipeline.StatusFallback, a: 4, b: 5, source: "fallback_value", reason: "404"}},
		{"sql-fails-fallback", "prior_source:\n  type: sql\n  query: SELECT alpha, beta FROM no_such_table\nfallback_value: { alpha: 3, beta: 9 }\n",
			want{status: pipeline.StatusFallback, a: 3, b: 9, source: "fallback_value", reason: "no_such_table"}},
		{"webhook-fails", "prior_source: { type: webhook, url: \"" + hooks.URL + "/priors/missing\" }\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
			want{status: pipeline.StatusFailed, reason: "no fallback_value"}},
	}
	// Priors given as mean and stdev, by case id.
	fromMoments := map[string][2]float64{
		"sql-moments":            {0.3, 0.05},
		"sql-moments-as-text":    {0.3, 0.05},
		"webhook-moments":        {0.25, 0.05},
		"sheets":                 {0.35, 0.07},
		"webhook-fails-fallback": {0.2, 0.04},
	}
	for i := range cases {
		if m, ok := fromMoments[cases[i].id]; ok {
			cases[i].want.a, cases[i].want.b = moments(m[0], m[1])
		}
	}

	var texts []string
	for _, c := range cases {
		texts = append(texts, fmt.Sprintf("id: %s\nedge_reference: e.signup\n%s", c.id, c.yaml))
	}
	p.write(t, p.duckYAML(""), texts...)
	proj, params := p.load(t)
	res := run(t, pipeline.Runner{SheetsEndpoint: sheet.URL}, proj, params, asOf)
	counts := oracleCount(t, evs, proj, "e.signup", asOf.Add(-7*24*time.Hour), asOf)

	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			got := must(t, res, c.id)
			if got.Status != c.want.status {
				t.Fatalf("status %s (%s), want %s", got.Status, got.Reason, c.want.status)
			}
			if !strings.Contains(got.Reason, c.want.reason) {
				t.Errorf("reason %q does not contain %q", got.Reason, c.want.reason)
			}
			rows := history(t, proj, c.id)
			if len(rows) != 1 || rows[0].Status != store.Status(c.want.status) || rows[0].Reason != got.Reason {
				t.Errorf("stored rows %v (reason %q), want one %s row with the result's reason %q", statuses(rows), firstReason(rows), c.want.status, got.Reason)
			}
			if strings.Contains(got.Reason, "writing to") {
				t.Errorf("the outcome could not be stored: %s", got.Reason)
			}
			if c.want.status == pipeline.StatusFailed {
				if len(rows) == 1 && (rows[0].Reference != "e.signup" || !rows[0].WindowEnd.Equal(asOf)) {
					t.Errorf("failed row measures %q up to %v, want e.signup up to %v", rows[0].Reference, rows[0].WindowEnd, asOf)
				}
				if got.Posterior != nil {
					t.Errorf("a failed update has a posterior %+v", got.Posterior)
				}
				return
			}
			if c.want.status == pipeline.StatusFallback && !hasWarning(got, "fallback_value") {
				t.Errorf("no warning about the fallback: %q", got.Warnings)
			}
			if !strings.HasPrefix(got.PriorSource, c.want.source) {
				t.Errorf("prior source %q, want %s…", got.PriorSource, c.want.source)
			}
			if got.Prior == nil || !cmp.Equal([2]float64{got.Prior.Alpha, got.Prior.Beta}, [2]float64{c.want.a, c.want.b}, approx) {
				t.Errorf("prior %+v, want Beta(%v, %v)", got.Prior, c.want.a, c.want.b)
			}
			if countsOf(got) != counts {
				t.Errorf("counts %d/%d, want %d/%d", got.Successes, got.Trials, counts.Successes, counts.Trials)
			}
			checkPosterior(t, c.id, got.Posterior, conjugate(c.want.a, c.want.b, counts))
			if len(rows) == 1 && !cmp.Equal(deref(rows[0].PosteriorAlpha), c.want.a+float64(counts.Successes), approx) {
				t.Errorf("stored posterior alpha %v, want %v", deref(rows[0].PosteriorAlpha), c.want.a+float64(counts.Successes))
			}
		})
	}
	// Once with its own Authorization header, once with an api_key.
	if n := len(hooks.requests("/priors/signup")); n != 2 {
		t.Errorf("the webhook prior was fetched %d times, want 2", n)
	}
}

func firstReason(rows []store.Row) string {
	if len(rows) == 0 {
		return ""
	}
	return rows[0].Reason
}

func hasWarning(r *pipeline.Result, sub string) bool {
	for _, w := range r.Warnings {
		if strings.Contains(w, sub) {
			return true
		}
	}
	return false
}
