package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// testProject has a DuckDB connection "warehouse" (the default) and a
// PostgreSQL connection "pg".
func testProject() *Project {
	return &Project{
		Connections: map[string]Connection{
			"warehouse": {Name: "warehouse", Driver: DriverDuckDB, DSN: "events.duckdb"},
			"pg":        {Name: "pg", Driver: DriverPostgres, DSN: "postgres://u:pw@h/db"},
		},
		DefaultConnection: "warehouse",
		PosteriorStore:    PosteriorStore{Connection: "warehouse", Table: DefaultPosteriorTable},
	}
}

func validateLines(t *testing.T, src string, proj *Project) []string {
	t.Helper()
	p, err := ParseParam("p.yaml", []byte(src))
	if err != nil {
		t.Fatalf("ParseParam: %v", err)
	}
	var lines []string
	for _, e := range p.Validate(proj) {
		lines = append(lines, e.Error())
	}
	return lines
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "minimal parameter",
			src:  "id: signup\nedge_reference: e.signup\n",
		},
		{
			name: "id required",
			src:  "name: x\nedge_reference: e.signup\n",
			want: []string{`p.yaml:1:1: id is required`},
		},
		{
			name: "id not an identifier",
			src:  "id: sign up\nedge_reference: e.signup\n",
			want: []string{`p.yaml:1:5: id "sign up" is not a valid identifier (letters, digits, '-', '_' and '.', starting with a letter or digit)`},
		},
		{
			name: "no observation",
			src:  "id: x\n",
			want: []string{`p.yaml:1:1: no observation is defined (set edge_reference, observation_source.query or observation_source.query_template)`},
		},
		{
			name: "an empty edge_reference",
			src:  "id: x\nedge_reference: ''\n",
			want: []string{`p.yaml:2:17: edge_reference is empty (write a reference such as e.signup)`},
		},
		{
			name: "an edge_reference with no value",
			src:  "id: x\nedge_reference:\n",
			want: []string{`p.yaml:2:16: edge_reference is empty (write a reference such as e.signup)`},
		},
		{
			name: "an empty observation_source.edge_reference",
			src:  "id: x\nobservation_source:\n  edge_reference: \" \"\n",
			want: []string{`p.yaml:3:19: observation_source.edge_reference is empty (write a reference such as e.signup)`},
		},
		{
			name: "filters alone define no observation",
			src:  "id: x\ncontext_filter: {channel: google}\nobservation_source: {min_sample_size: 10}\n",
			want: []string{`p.yaml:3:21: no observation is defined (context_filter and visited_filter only narrow an edge_reference; set edge_reference, observation_source.query or observation_source.query_template)`},
		},
		{
			name: "two observation definitions",
			src:  "id: x\nobservation_source:\n  query: SELECT 1\n  query_template: SELECT 2\n",
			want: []string{`p.yaml:4:19: observation_source.query and observation_source.query_template both define the observation (keep exactly one of observation_source.edge_reference, query and query_template)`},
		},
		{
			name: "conversion window",
			src:  "id: x\nedge_reference: e.a\nobservation_source:\n  conversion_window: 7d\n",
		},
		{
			name: "zero conversion window",
			src:  "id: x\nedge_reference: e.a\nobservation_source:\n  conversion_window: 0d\n",
			want: []string{`p.yaml:4:22: observation_source.conversion_window must be greater than 0 (a duration above 0, such as "7d")`},
		},
		{
			name: "conversion window of raw SQL",
			src:  "id: x\nobservation_source:\n  query: SELECT 1\n  conversion_window: 7d\n",
			want: []string{`p.yaml:4:22: conversion_window only applies to an edge reference (put within() in the SQL yourself)`},
		},
		{
			name: "override and query",
			src:  "id: x\nobservation_source:\n  edge_reference: e.a\n  query: SELECT 1\n",
			want: []string{`p.yaml:4:10: observation_source.edge_reference and observation_source.query both define the observation (keep exactly one of observation_source.edge_reference, query and query_template)`},
		},
		{
			name: "edge reference identity with a raw query is fine",
			src:  "id: x\nedge_reference: e.a\nobservation_source: {query: SELECT 1}\n",
		},
		{
			name: "unknown connection",
			src:  "id: x\nedge_reference: e.a\nobservation_source: {connection: warehose}\n",
			want: []string{`p.yaml:3:34: observation_source.connection: no connection named "warehose" (did you mean "warehouse"?)`},
		},
		{
			name: "unknown connection with nothing close",
			src:  "id: x\nedge_reference: e.a\nobservation_source: {connection: analytics_datalake}\n",
			want: []string{`p.yaml:3:34: observation_source.connection: no connection named "analytics_datalake" (connections: pg, warehouse)`},
		},
		{
			name: "observation type against the connection's driver",
			src:  "id: x\nedge_reference: e.a\nobservation_source: {type: postgres}\n",
			want: []string{`p.yaml:3:28: observation_source.type is postgres but connection "warehouse" uses the duckdb driver (set type: sql to use the connection's own dialect)`},
		},
		{
			name: "redshift runs on a postgres connection",
			src:  "id: x\nedge_reference: e.a\nobservation_source: {type: redshift, connection: pg}\n",
		},
		{
			name: "bigquery on another driver",
			src:  "id: x\nedge_reference: e.a\nobservation_source: {type: bigquery}\n",
			want: []string{`p.yaml:3:28: observation_source.type is bigquery but connection "warehouse" uses the duckdb driver (set type: sql to use the connection's own dialect)`},
		},
		{
			name: "min_sample_size below one",
			src:  "id: x\nedge_reference: e.a\nobservation_source: {min_sample_size: 0}\nmodel_fit: {thresholds: {min_sample_size: -1}}\n",
			want: []string{
				`p.yaml:3:39: observation_source.min_sample_size must be at least 1, found 0`,
				`p.yaml:4:43: model_fit.thresholds.min_sample_size must be at least 1, found -1`,
			},
		},
		{
			name: "zero refresh frequency",
			src:  "id: x\nedge_reference: e.a\nobservation_source: {refresh_frequency: 0h}\n",
			want: []string{`p.yaml:3:41: observation_source.refresh_frequency must be longer than zero`},
		},
		{
			name: "timeseries without a date column",
			src:  "id: x\nobservation_source:\n  query: SELECT 1\n  result_type: timeseries\n  result_mapping: {trials: n}\n",
			want: []string{`p.yaml:4:16: result_type timeseries needs result_mapping.date (name the column holding each row's date)`},
		},
		{
			name: "result mapping for a compiled reference",
			src:  "id: x\nedge_reference: e.a\nobservation_source:\n  result_mapping: {trials: n}\n",
			want: []string{`p.yaml:4:19: result_mapping only applies to query and query_template (the compiled edge reference names its own columns)`},
		},
		{
			name: "context variables without a template",
			src:  "id: x\nobservation_source: {query: SELECT 1, context_variables: [channel]}\n",
			want: []string{`p.yaml:2:58: context_variables is only used with query_template`},
		},
		{
			name: "bad window parameter",
			src:  "id: x\nobservation_source:\n  query: SELECT 1\n  parameters: {start_date: \"NOW() - INTERVAL '1 month'\", end_date: \"NOW()\"}\n",
			want: []string{`p.yaml:4:28: observation_source.parameters.start_date: invalid time "NOW() - INTERVAL '1 month'": unknown interval unit "month" (months and years have no fixed length; use days)`},
		},
		{
			name: "edge reference syntax error points into the reference",
			src:  "id: x\nedge_reference: e.signup.visted(pricing)\n",
			want: []string{`p.yaml:2:26: invalid edge_reference: unknown clause "visted" (did you mean "visited"?)`},
		},
		{
			name: "quoted edge reference syntax error",
			src:  "id: x\nedge_reference: \"e.signup.visted(pricing)\"\n",
			want: []string{`p.yaml:2:27: invalid edge_reference: unknown clause "visted" (did you mean "visited"?)`},
		},
		{
			name: "override syntax error",
			src:  "id: x\nobservation_source:\n  edge_reference: e.signup.by(year)\n",
			want: []string{`p.yaml:3:31: invalid observation_source.edge_reference: unknown period "year" (periods are day, week and month)`},
		},
		{
			name: "sheets prior without range",
			src:  "id: x\nedge_reference: e.a\nprior_source: {type: sheets, url: \"https://docs.google.com/spreadsheets/d/abc/edit\"}\n",
			want: []string{`p.yaml:3:15: a sheets prior source needs prior_source.range (such as Priors!B2:C2 (mean, stdev))`},
		},
		{
			name: "prior source field of another kind",
			src:  "id: x\nedge_reference: e.a\nprior_source: {type: sql, query: SELECT 1, range: A1}\n",
			want: []string{`p.yaml:3:51: prior_source.range does not apply to a sql prior source (range applies to: sheets)`},
		},
		{
			name: "prior source without type",
			src:  "id: x\nedge_reference: e.a\nprior_source: {query: SELECT 1}\n",
			want: []string{`p.yaml:3:15: prior_source.type is required (one of static, posterior_history, sql, sheets, webhook)`},
		},
		{
			name: "static prior source without a prior",
			src:  "id: x\nedge_reference: e.a\nprior_source: {type: static}\n",
			want: []string{`p.yaml:3:22: a static prior source reads bayesian_update.prior, which is not given (add bayesian_update.prior)`},
		},
		{
			name: "webhook URL that is not http, never printed",
			src:  "id: x\nedge_reference: e.a\nprior_source: {type: webhook, url: \"ftp://user:secret@h/\"}\n",
			want: []string{`p.yaml:3:36: prior_source.url is not an http or https URL (write https://host/...)`},
		},
		{
			name: "beta prior with alpha only",
			src:  "id: x\nedge_reference: e.a\nbayesian_update: {prior: {distribution: beta, alpha: 2}}\n",
			want: []string{`p.yaml:3:54: bayesian_update.prior.alpha is given without beta (a beta prior takes alpha and beta, or mean and stdev)`},
		},
		{
			name: "beta prior with no numbers",
			src:  "id: x\nedge_reference: e.a\nbayesian_update:\n  prior: {distribution: beta}\n",
			want: []string{`p.yaml:4:10: bayesian_update.prior gives no numbers for its beta distribution (a beta prior takes alpha and beta, or mean and stdev)`},
		},
		{
			name: "beta prior with both forms",
			src:  "id: x\nedge_reference: e.a\nbayesian_update:\n  prior: {alpha: 2, beta: 3, mean: 0.4, stdev: 0.1}\n",
			want: []string{`p.yaml:4:36: bayesian_update.prior gives both alpha/beta and mean/stdev (a beta prior takes alpha and beta, or mean and stdev)`},
		},
		{
			name: "beta prior with non-positive numbers",
			src:  "id: x\nedge_reference: e.a\nbayesian_update:\n  prior: {alpha: 0, beta: -1}\n",
			want: []string{
				`p.yaml:4:18: bayesian_update.prior.alpha must be greater than 0, found 0`,
				`p.yaml:4:27: bayesian_update.prior.beta must be greater than 0, found -1`,
			},
		},
		{
			name: "beta prior mean outside (0, 1)",
			src:  "id: x\nedge_reference: e.a\nbayesian_update:\n  prior: {mean: 1.5, stdev: 0.1}\n",
			want: []string{`p.yaml:4:17: bayesian_update.prior.mean of a beta distribution must be between 0 and 1, found 1.5`},
		},
		{
			name: "beta prior stdev too large for its mean",
			src:  "id: x\nedge_reference: e.a\nbayesian_update:\n  prior: {mean: 0.1, stdev: 0.4}\n",
			want: []string{`p.yaml:4:29: bayesian_update.prior.stdev must be below 0.3 for a beta distribution with mean 0.1, found 0.4`},
		},
		{
			name: "parameter of another distribution",
			src:  "id: x\nedge_reference: e.a\nbayesian_update:\n  prior: {distribution: beta, alpha: 1, beta: 1, sigma: 2}\n",
			want: []string{`p.yaml:4:57: bayesian_update.prior.sigma does not apply to a beta prior (a beta prior takes alpha and beta, or mean and stdev)`},
		},
		{
			name: "distribution that does not fit the type",
			src:  "id: x\nedge_reference: e.a\nbayesian_update:\n  prior: {distribution: normal, mu: 0, sigma: 1}\n",
			want: []string{`p.yaml:4:25: a probability parameter needs a beta or logitnormal prior, found normal (or set type: mean)`},
		},
		{
			name: "logitnormal prior needs a sampler",
			src:  "id: x\nedge_reference: e.a\nbayesian_update:\n  prior: {distribution: logitnormal, mu: 0, sigma: 1}\n",
			want: []string{`p.yaml:4:25: a logitnormal prior has no conjugate update (set update_rule: mcmc or variational)`},
		},
		{
			name: "logitnormal prior with mcmc",
			src:  "id: x\nedge_reference: e.a\nbayesian_update:\n  prior: {distribution: logitnormal, mu: 0, sigma: 1}\n  update_rule: mcmc\n  mcmc_config: {samples: 0, chains: 2}\n",
			want: []string{`p.yaml:6:26: bayesian_update.mcmc_config.samples must be at least 1, found 0`},
		},
		{
			name: "mcmc config without mcmc",
			src:  "id: x\nedge_reference: e.a\nbayesian_update:\n  update_rule: variational\n  mcmc_config: {samples: 10}\n",
			want: []string{`p.yaml:5:16: mcmc_config is only used when update_rule is mcmc (set update_rule: mcmc)`},
		},
		{
			name: "gamma prior for a rate",
			src:  "id: x\ntype: rate\nedge_reference: e.a\nbayesian_update: {prior: {shape: 2, rate: 0.5}}\n",
		},
		{
			name: "destination without type",
			src:  "id: x\nedge_reference: e.a\nposterior_destination:\n  destinations:\n    - {table: t}\n",
			want: []string{`p.yaml:5:7: posterior_destination.destinations[0].type is required (one of sheets, sql, webhook)`},
		},
		{
			name: "destination mode of another kind",
			src:  "id: x\nedge_reference: e.a\nposterior_destination:\n  destinations:\n    - {type: sql, mode: append, connection: pgg}\n",
			want: []string{
				`p.yaml:5:25: posterior_destination.destinations[0].mode of a sql destination must be one of insert, update, upsert, found "append"`,
				`p.yaml:5:45: posterior_destination.destinations[0].connection: no connection named "pgg" (did you mean "pg"?)`,
			},
		},
		{
			// format picks a sheet's columns; elsewhere it was ignored.
			name: "format on a webhook or sql destination",
			src:  "id: x\nedge_reference: e.a\nposterior_destination:\n  destinations:\n    - {type: webhook, url: \"https://h\", format: [param_id]}\n    - {type: sql, format: [param_id]}\n",
			want: []string{
				`p.yaml:5:49: posterior_destination.destinations[0].format does not apply to a webhook destination (format applies to: sheets)`,
				`p.yaml:6:27: posterior_destination.destinations[1].format does not apply to a sql destination (format applies to: sheets)`,
			},
		},
		{
			name: "destination fields of another kind",
			src:  "id: x\nedge_reference: e.a\nposterior_destination:\n  destinations:\n    - {type: sheets, url: \"https://docs.google.com/spreadsheets/d/abc/edit\", range: A1, table: t}\n",
			want: []string{`p.yaml:5:96: posterior_destination.destinations[0].table does not apply to a sheets destination (table applies to: sql)`},
		},
		{
			name: "a sheets URL that names no spreadsheet",
			src:  "id: x\nedge_reference: e.a\nprior_source: {type: sheets, url: \"https://docs.google.com/document/d/abc/edit\", range: A1}\nposterior_destination:\n  destinations:\n    - {type: sheets, url: \"https://docs.google.com/spreadsheets/d/\", range: A1}\n",
			want: []string{
				`p.yaml:3:35: prior_source.url names no spreadsheet: its path has no /spreadsheets/d/<ID>/ (copy the spreadsheet's URL, https://docs.google.com/spreadsheets/d/<ID>/edit)`,
				`p.yaml:6:27: posterior_destination.destinations[0].url names no spreadsheet: its path has no /spreadsheets/d/<ID>/ (copy the spreadsheet's URL, https://docs.google.com/spreadsheets/d/<ID>/edit)`,
			},
		},
		{
			name: "no destinations",
			src:  "id: x\nedge_reference: e.a\nposterior_destination: {write_frequency: 1d}\n",
			want: []string{`p.yaml:3:24: posterior_destination lists no destinations`},
		},
		{
			name: "slack alert without webhook",
			src:  "id: x\nedge_reference: e.a\nmodel_fit:\n  alerts: {type: slack, channel: '#a'}\n",
			want: []string{`p.yaml:4:11: a slack alert needs model_fit.alerts.webhook`},
		},
		{
			name: "alerts in a list",
			src:  "id: x\nedge_reference: e.a\nmodel_fit:\n  alerts:\n    - {type: pagerduty}\n    - {type: email, channel: '#a'}\n",
			want: []string{
				`p.yaml:5:7: a pagerduty alert needs model_fit.alerts[0].routing_key (write it as ${ENV_VAR})`,
				`p.yaml:6:7: an email alert needs model_fit.alerts[1].to or model_fit.alerts[1].email`,
				`p.yaml:6:30: model_fit.alerts[1].channel does not apply to an email alert (channel applies to: slack)`,
			},
		},
		{
			name: "divergence threshold",
			src:  "id: x\nedge_reference: e.a\nmodel_fit: {thresholds: {divergence_threshold: 0}}\n",
			want: []string{`p.yaml:3:48: model_fit.thresholds.divergence_threshold must be greater than 0, found 0`},
		},
		{
			name: "fallback with both forms",
			src:  "id: x\nedge_reference: e.a\nfallback_value: {mean: 0.3, alpha: 2, beta: 3}\n",
			want: []string{`p.yaml:3:36: fallback_value gives both mean/stdev and alpha/beta (give mean (and stdev), or alpha and beta)`},
		},
		{
			name: "fallback probability above one",
			src:  "id: x\nedge_reference: e.a\nfallback_value: {mean: 3}\n",
			want: []string{`p.yaml:3:24: fallback_value.mean of a probability must be between 0 and 1, found 3`},
		},
		{
			name: "filters that agree with the reference",
			src:  "id: x\nedge_reference: e.signup.visited(homepage,pricing).context(channel='google',device='mobile').p.mean\nvisited_filter: [pricing, homepage]\ncontext_filter: {device: mobile, channel: google}\n",
		},
		{
			name: "visited filter has a node the reference does not",
			src:  "id: x\nedge_reference: e.signup.visited(homepage,pricing)\nvisited_filter:\n  operator: AND\n  nodes: [homepage, pricing, demo]\n",
			want: []string{`p.yaml:5:30: visited_filter has demo but edge_reference does not`},
		},
		{
			name: "reference has a node the visited filter does not",
			src:  "id: x\nedge_reference: e.signup.visited(homepage,pricing)\nvisited_filter: [homepage]\n",
			want: []string{`p.yaml:2:17: edge_reference has visited pricing but visited_filter does not`},
		},
		{
			name: "context values differ",
			src:  "id: x\nedge_reference: e.signup.context(channel='bing')\ncontext_filter:\n  channel: google\n",
			want: []string{`p.yaml:4:12: context_filter channel='google' but edge_reference has channel='bing'`},
		},
		{
			name: "context keys differ",
			src:  "id: x\nedge_reference: e.signup.context(device='mobile')\ncontext_filter:\n  channel: google\n",
			want: []string{
				`p.yaml:2:17: edge_reference has device='mobile' but context_filter does not`,
				`p.yaml:4:12: context_filter has channel='google' but edge_reference does not`,
			},
		},
		{
			name: "OR filter against visitedAny",
			src:  "id: x\nedge_reference: e.checkout.visitedAny(p1,p2)\nvisited_filter: {operator: OR, nodes: [p1, p2, p3]}\n",
			want: []string{`p.yaml:3:48: visited_filter (OR) has p3 but the visitedAny of edge_reference does not`},
		},
		{
			name: "OR filter matches visitedAny",
			src:  "id: x\nedge_reference: e.checkout.visitedAny(p2,p1)\nvisited_filter: {operator: OR, nodes: [p1, p2]}\n",
		},
		{
			name: "filters are checked against the override without a top-level reference",
			src:  "id: x\nvisited_filter: [a]\nobservation_source: {edge_reference: e.s.visited(b)}\n",
			want: []string{
				`p.yaml:2:18: visited_filter has a but observation_source.edge_reference does not`,
				`p.yaml:3:38: observation_source.edge_reference has visited b but visited_filter does not`,
			},
		},
		{
			name: "empty visited filter",
			src:  "id: x\nedge_reference: e.a\nvisited_filter: []\n",
			want: []string{`p.yaml:3:17: visited_filter lists no nodes`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := validateLines(t, tc.src, testProject())
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Validate (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateWithoutProject(t *testing.T) {
	got := validateLines(t, "id: x\nedge_reference: e.a\nobservation_source: {connection: nowhere, type: mysql}\n", nil)
	if len(got) != 0 {
		t.Errorf("Validate(nil) = %q, want no errors", got)
	}
}

func TestParamHelpers(t *testing.T) {
	proj := testProject()
	tests := []struct {
		src            string
		typ            ParamType
		ref, conn, pos string
	}{
		{"id: x\nedge_reference: e.a\n", TypeProbability, "e.a", "warehouse", "p.yaml:2:17: m"},
		{"id: x\ntype: rate\nedge_reference: e.a\nobservation_source: {query: SELECT 1, connection: pg}\n", TypeRate, "", "pg", "p.yaml:3:17: m"},
		{"id: x\nedge_reference: e.a\nobservation_source: {edge_reference: e.b}\n", TypeProbability, "e.b", "warehouse", "p.yaml:2:17: m"},
		{"id: x\nobservation_source: {query: q}\n", TypeProbability, "", "warehouse", "p.yaml:1:1: m"},
	}
	for _, tc := range tests {
		p, err := ParseParam("p.yaml", []byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		got := []string{string(p.ParamType()), p.ObservationReference(), p.ConnectionName(proj), p.ErrorAt("edge_reference", "m", "").Error()}
		want := []string{string(tc.typ), tc.ref, tc.conn, tc.pos}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tc.src, diff)
		}
	}
}
