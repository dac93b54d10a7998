package config

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// errorLines returns the lines of an error, or nil for no error.
func errorLines(err error) []string {
	if err == nil {
		return nil
	}
	return strings.Split(err.Error(), "\n")
}

func TestParseParamErrors(t *testing.T) {
	t.Setenv("PARAMSQL_TEST_SET", "s3cr3t")
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "unknown field with a typo",
			src: `id: x
observation_source:
  conection: warehouse
`,
			want: []string{`p.yaml:3:3: unknown field "conection" in observation_source (did you mean "connection"?)`},
		},
		{
			name: "unknown top-level field",
			src:  "id: x\nnmae: y\n",
			want: []string{`p.yaml:2:1: unknown field "nmae" in parameter file (did you mean "name"?)`},
		},
		{
			name: "transposed letters",
			src:  "id: x\nobservation_source: {qeury: SELECT 1}\n",
			want: []string{`p.yaml:2:22: unknown field "qeury" in observation_source (did you mean "query"?)`},
		},
		{
			name: "field in the wrong section",
			src:  "id: x\nquery: SELECT 1\n",
			want: []string{`p.yaml:2:1: unknown field "query" in parameter file (query belongs in observation_source or prior_source)`},
		},
		{
			name: "unknown field with nothing close lists the allowed fields",
			src:  "id: x\nfallback_value: {zzz: 1}\n",
			want: []string{`p.yaml:2:18: unknown field "zzz" in fallback_value (allowed: mean, stdev, alpha, beta)`},
		},
		{
			name: "unknown field in a list item",
			src: `id: x
posterior_destination:
  destinations:
    - type: sql
      tabel: t
`,
			want: []string{`p.yaml:5:7: unknown field "tabel" in posterior_destination.destinations[0] (did you mean "table"?)`},
		},
		{
			name: "not a number",
			src:  "id: x\nfallback_value: {mean: abc}\n",
			want: []string{`p.yaml:2:24: fallback_value.mean: expected a number, found "abc"`},
		},
		{
			name: "quoted number",
			src:  "id: x\nobservation_source: {min_sample_size: \"100\"}\n",
			want: []string{`p.yaml:2:39: observation_source.min_sample_size: expected an integer, found "100" (remove the quotes)`},
		},
		{
			name: "fraction for an integer",
			src:  "id: x\nobservation_source: {min_sample_size: 1.5}\n",
			want: []string{`p.yaml:2:39: observation_source.min_sample_size: expected an integer, found 1.5`},
		},
		{
			name: "mapping for a string",
			src:  "id: {a: b}\n",
			want: []string{`p.yaml:1:5: id: expected a string, found a mapping`},
		},
		{
			name: "scalar for a list",
			src:  "id: x\nmetadata: {tags: one}\n",
			want: []string{`p.yaml:2:18: metadata.tags: expected a list, found "one"`},
		},
		{
			name: "scalar for a section",
			src:  "id: x\nobservation_source: SELECT 1\n",
			want: []string{`p.yaml:2:21: observation_source: expected a mapping, found "SELECT 1"`},
		},
		{
			name: "enum with a typo",
			src:  "id: x\ntype: probabilty\n",
			want: []string{`p.yaml:2:7: type must be one of probability, rate, mean, found "probabilty" (did you mean "probability"?)`},
		},
		{
			name: "enum in the wrong case",
			src:  "id: x\nvisited_filter: {operator: or, nodes: [a, b]}\n",
			want: []string{`p.yaml:2:28: visited_filter.operator must be one of AND, OR, found "or" (did you mean "OR"?)`},
		},
		{
			name: "enum far from every value",
			src:  "id: x\nobservation_source: {type: oracle}\n",
			want: []string{`p.yaml:2:28: observation_source.type must be one of sql, bigquery, snowflake, redshift, clickhouse, postgres, mysql, duckdb, found "oracle"`},
		},
		{
			name: "enum inside a list",
			src:  "id: x\nposterior_destination:\n  destinations:\n    - {type: sql, format: [param_id, posterior_men]}\n",
			want: []string{`p.yaml:4:38: posterior_destination.destinations[0].format[1] must be one of param_id, timestamp, date, edge_reference, visited_nodes, context_filter, prior_mean, prior_stdev, prior_alpha, prior_beta, trials, successes, posterior_mean, posterior_stdev, posterior_alpha, posterior_beta, divergence, drift_alert, found "posterior_men" (did you mean "posterior_mean"?)`},
		},
		{
			name: "duration without a unit",
			src:  "id: x\nobservation_source: {refresh_frequency: 60}\n",
			want: []string{`p.yaml:2:41: observation_source.refresh_frequency: invalid duration 60 (add a unit: "60s" for seconds, "60m" for minutes, "60h" for hours or "60d" for days)`},
		},
		{
			name: "duration in words",
			src:  "id: x\nposterior_destination: {write_frequency: 1 day}\n",
			want: []string{`p.yaml:2:42: posterior_destination.write_frequency: invalid duration "1 day" (a whole number and one of s, m, h, d, such as "30s", "10m", "1h" or "1d")`},
		},
		{
			name: "key given twice",
			src:  "id: x\nname: a\nname: b\n",
			want: []string{`p.yaml:3:1: "name" is given twice in the file (first at line 2)`},
		},
		{
			name: "missing environment variable",
			src:  "id: x\nmodel_fit:\n  alerts: {type: slack, webhook: \"${PARAMSQL_TEST_UNSET}\"}\n",
			want: []string{`p.yaml:3:34: model_fit.alerts.webhook: environment variable PARAMSQL_TEST_UNSET is not set (set it in the environment paramsql runs in)`},
		},
		{
			name: "bad environment variable name",
			src:  "id: x\nprior_source: {type: webhook, url: \"https://h/${1X}\"}\n",
			want: []string{`p.yaml:2:36: prior_source.url: invalid environment variable reference "${1X}" (a name is letters, digits and _, not starting with a digit)`},
		},
		{
			name: "null context value",
			src:  "id: x\ncontext_filter:\n  channel:\n",
			want: []string{`p.yaml:3:3: context_filter.channel has no value`},
		},
		{
			name: "visited filter of the wrong shape",
			src:  "id: x\nvisited_filter: homepage\n",
			want: []string{`p.yaml:2:17: visited_filter: expected a list or a mapping, found "homepage" (write a list of nodes, or {operator: AND|OR, nodes: [...]})`},
		},
		{
			name: "alerts of the wrong shape",
			src:  "id: x\nmodel_fit: {alerts: slack}\n",
			want: []string{`p.yaml:2:21: model_fit.alerts: expected a mapping or a list of mappings, found "slack"`},
		},
		{
			name: "YAML syntax error",
			src:  "id: x\nname: [a\n",
			want: []string{`p.yaml:2: invalid YAML: did not find expected ',' or ']'`},
		},
		{
			name: "YAML syntax error found at the end of the file",
			src:  "id: [x\n",
			want: []string{`p.yaml:2: invalid YAML: did not find expected ',' or ']'`},
		},
		{
			name: "YAML scanner error",
			src:  "id: x\nname: a\n  b: c\n",
			want: []string{`p.yaml:3: invalid YAML: mapping values are not allowed in this context`},
		},
		{
			name: "unknown anchor",
			src:  "id: *nope\n",
			want: []string{`p.yaml: invalid YAML: unknown anchor 'nope' referenced`},
		},
		{
			name: "empty file",
			src:  "",
			want: []string{`p.yaml: the parameter file is empty (a parameter needs at least id and an observation)`},
		},
		{
			name: "two documents",
			src:  "id: x\n---\nid: y\n",
			want: []string{`p.yaml:3:1: a parameter file holds one YAML document, found a second one (put each parameter in its own file)`},
		},
		{
			name: "several errors are all reported, in file order",
			src: `id: x
type: probabilty
observation_source:
  conection: pg
  min_sample_size: abc
  timeout: 1 hour
bayesian_update:
  prior: {distribution: betta}
`,
			want: []string{
				`p.yaml:2:7: type must be one of probability, rate, mean, found "probabilty" (did you mean "probability"?)`,
				`p.yaml:4:3: unknown field "conection" in observation_source (did you mean "connection"?)`,
				`p.yaml:5:20: observation_source.min_sample_size: expected an integer, found "abc"`,
				`p.yaml:6:12: observation_source.timeout: invalid duration "1 hour" (a whole number and one of s, m, h, d, such as "30s", "10m", "1h" or "1d")`,
				`p.yaml:8:25: bayesian_update.prior.distribution must be one of beta, normal, gamma, lognormal, logitnormal, found "betta" (did you mean "beta"?)`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseParam("p.yaml", []byte(tc.src))
			if diff := cmp.Diff(tc.want, errorLines(err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			var list ErrorList
			if err != nil && !errors.As(err, &list) {
				t.Errorf("error is %T, want ErrorList", err)
			}
		})
	}
}

func TestParseParamErrorLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("id: x\n")
	for i := range 25 {
		fmt.Fprintf(&b, "unknown%d: 1\n", i)
	}
	_, err := ParseParam("p.yaml", []byte(b.String()))
	lines := errorLines(err)
	if len(lines) != maxErrors+1 {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), maxErrors+1, err)
	}
	if got, want := lines[maxErrors], "p.yaml: 5 more errors not shown"; got != want {
		t.Errorf("last line %q, want %q", got, want)
	}
}

func f64(x float64) *float64 { return &x }
func intp(x int) *int        { return &x }

func TestParseParamValues(t *testing.T) {
	t.Setenv("PARAMSQL_TEST_HOOK", "https://hooks.example.com/T/B/X")
	t.Setenv("PARAMSQL_TEST_KEY", "k-123")
	src := `id: signup
type: rate
edge_reference: e.signup.p.mean
context_filter: {channel: google}
visited_filter: [pricing, homepage]
prior_source:
  type: webhook
  url: https://priors.example.com
  endpoint: /signup
  headers: {Authorization: "Bearer ${PARAMSQL_TEST_KEY}"}
  refresh_frequency: 30m
observation_source:
  timeout: 10s
  min_sample_size: 100
bayesian_update:
  prior: &p {distribution: gamma, shape: 2, rate: 0.5}
  update_rule: mcmc
  mcmc_config: {samples: 1000, burn_in: 100, chains: 4, seed: 7}
posterior_destination:
  destinations:
    - &dest {type: webhook, url: "${PARAMSQL_TEST_HOOK}", format: [param_id, posterior_mean]}
    - <<: *dest
      url: "https://other.example.com/$${literal}"
  write_frequency: 1d
model_fit:
  alerts:
    type: email
    to: [a@example.com]
    smtp: {host: mail, port: 25, password: "${PARAMSQL_TEST_KEY}"}
fallback_value: {mean: 4, stdev: 1}
metadata:
  tags: [a]
  version: 1.0
  owner_team: growth
  ticket: 42
`
	got, err := ParseParam("p.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := &Param{
		ID:            "signup",
		Type:          TypeRate,
		EdgeReference: "e.signup.p.mean",
		ContextFilter: map[string]string{"channel": "google"},
		VisitedFilter: &VisitedFilter{Operator: VisitedAll, Nodes: []string{"pricing", "homepage"}},
		PriorSource: &PriorSource{
			Type:             PriorWebhook,
			URL:              "https://priors.example.com",
			Endpoint:         "/signup",
			Headers:          map[string]string{"Authorization": "Bearer k-123"},
			RefreshFrequency: 30 * time.Minute,
		},
		ObservationSource: &ObservationSource{Timeout: 10 * time.Second, MinSampleSize: intp(100)},
		BayesianUpdate: &BayesianUpdate{
			Prior:      &Prior{Distribution: DistGamma, Shape: f64(2), Rate: f64(0.5)},
			UpdateRule: UpdateMCMC,
			MCMCConfig: &MCMCConfig{Samples: intp(1000), BurnIn: intp(100), Chains: intp(4), Seed: new(int64(7))},
		},
		PosteriorDestination: &PosteriorDestination{
			Destinations: []Destination{
				{Type: DestWebhook, URL: "https://hooks.example.com/T/B/X", Format: []FormatColumn{"param_id", "posterior_mean"}},
				{Type: DestWebhook, URL: "https://other.example.com/${literal}", Format: []FormatColumn{"param_id", "posterior_mean"}},
			},
			WriteFrequency: 24 * time.Hour,
		},
		ModelFit: &ModelFit{Alerts: Alerts{{
			Type: AlertEmail,
			To:   []string{"a@example.com"},
			SMTP: &SMTP{Host: "mail", Port: 25, Password: "k-123"},
		}}},
		FallbackValue: &FallbackValue{Mean: f64(4), Stdev: f64(1)},
		Metadata: &Metadata{
			Tags:    []string{"a"},
			Version: "1.0",
			Extra:   map[string]any{"owner_team": "growth", "ticket": 42},
		},
		File: "p.yaml",
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(Param{})); diff != "" {
		t.Errorf("ParseParam (-want +got):\n%s", diff)
	}
}

func TestVisitedFilterForms(t *testing.T) {
	tests := []struct {
		src  string
		want *VisitedFilter
	}{
		{"[a, b]", &VisitedFilter{Operator: VisitedAll, Nodes: []string{"a", "b"}}},
		{"{nodes: [a, b]}", &VisitedFilter{Operator: VisitedAll, Nodes: []string{"a", "b"}}},
		{"{operator: AND, nodes: [a]}", &VisitedFilter{Operator: VisitedAll, Nodes: []string{"a"}}},
		{"{operator: OR, nodes: [a, b]}", &VisitedFilter{Operator: VisitedAny, Nodes: []string{"a", "b"}}},
		{"~", nil},
	}
	for _, tc := range tests {
		p, err := ParseParam("p.yaml", []byte("id: x\nvisited_filter: "+tc.src+"\n"))
		if err != nil {
			t.Errorf("%s: %v", tc.src, err)
			continue
		}
		if diff := cmp.Diff(tc.want, p.VisitedFilter); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.src, diff)
		}
	}
}

func TestAlertsForms(t *testing.T) {
	one, err := ParseParam("p.yaml", []byte("id: x\nmodel_fit:\n  alerts: {type: slack, channel: '#a'}\n"))
	if err != nil {
		t.Fatal(err)
	}
	list, err := ParseParam("p.yaml", []byte("id: x\nmodel_fit:\n  alerts:\n    - {type: slack, channel: '#a'}\n    - {type: pagerduty, routing_key: k}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Alerts{{Type: AlertSlack, Channel: "#a"}}, one.ModelFit.Alerts); diff != "" {
		t.Errorf("single alert (-want +got):\n%s", diff)
	}
	want := Alerts{{Type: AlertSlack, Channel: "#a"}, {Type: AlertPagerDuty, RoutingKey: "k"}}
	if diff := cmp.Diff(want, list.ModelFit.Alerts); diff != "" {
		t.Errorf("alert list (-want +got):\n%s", diff)
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"10s", 10 * time.Second, true},
		{"30m", 30 * time.Minute, true},
		{"1h", time.Hour, true},
		{"1d", 24 * time.Hour, true},
		{"0s", 0, true},
		{"1w", 0, false},
		{"1.5h", 0, false},
		{"-1h", 0, false},
		{"h", 0, false},
		{"1 h", 0, false},
		{"99999999999999999d", 0, false},
	}
	for _, tc := range tests {
		got, ok := parseDuration(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseDuration(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"connection", "query", "query_template", "min_sample_size", "type"}
	tests := []struct{ in, want string }{
		{"conection", `did you mean "connection"?`},
		{"connnection", `did you mean "connection"?`},
		{"qeury", `did you mean "query"?`},
		{"query_templat", `did you mean "query_template"?`},
		{"Type", `did you mean "type"?`},
		{"tpe", `did you mean "type"?`},
		{"xyz", ""},
		{"sample", ""},
	}
	for _, tc := range tests {
		if got := suggest(tc.in, keys); got != tc.want {
			t.Errorf("suggest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{File: "a.yaml", Line: 3, Col: 5, Msg: "bad", Hint: "fix it"}, "a.yaml:3:5: bad (fix it)"},
		{&Error{File: "a.yaml", Line: 3, Msg: "bad"}, "a.yaml:3: bad"},
		{&Error{File: "a.yaml", Msg: "bad"}, "a.yaml: bad"},
		{&Error{Line: 2, Col: 1, Msg: "bad"}, "2:1: bad"},
		{&Error{Msg: "bad", Hint: "h"}, "bad (h)"},
	}
	for _, tc := range tests {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
	list := ErrorList{{File: "b", Line: 1, Msg: "y"}, {File: "a", Line: 2, Msg: "x"}}
	list.Sort()
	if got, want := list.Error(), "a:2: x\nb:1: y"; got != want {
		t.Errorf("ErrorList = %q, want %q", got, want)
	}
	var e *Error
	if !errors.As(error(list), &e) || e.File != "a" {
		t.Errorf("errors.As found %v", e)
	}
	if (ErrorList{}).Err() != nil {
		t.Error("empty ErrorList.Err() is not nil")
	}
}
