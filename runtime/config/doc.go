// Package config loads a paramsql project: the project file paramsql.yaml
// and the parameter files in its parameter directory.
//
// # Project file
//
// LoadProject reads dir/paramsql.yaml:
//
//	connections:
//	  warehouse: { driver: duckdb, dsn: "events.duckdb" }
//	  pg: { driver: postgres, dsn: "postgres://u:${PGPASSWORD}@host/db", timeout: 30s }
//	schema:
//	  table: events
//	  columns: { user_id: user_id, session_id: session_id, event_type: event_type, node_slug: node_slug, created_at: created_at }
//	  contexts: { channel: utm_channel }
//	  unit: session
//	  connection: warehouse
//	graph: graph.yaml
//	posterior_store: { connection: warehouse, table: parameter_posteriors }
//	window: { start: "-7d", end: "now" }
//	params: params
//
// Every field is optional. A directory with no paramsql.yaml at all is a
// project of defaults: one DuckDB connection named "default" to
// events.duckdb in the directory, compiler.DefaultSchema() counting
// sessions, posteriors in parameter_posteriors on that connection, the
// window -7d to now, and parameters in dir/params. See LoadProject for how
// each default applies when the file sets only some fields.
//
// # Parameter files
//
// A parameter file holds one Param: the fields of the seed design
// document's parameter schema (prior_source, observation_source,
// bayesian_update, posterior_destination, model_fit, fallback_value,
// metadata, and the edge_reference, context_filter and visited_filter that
// say what is counted). Param's type is probability (the default, as in
// the seed), rate or mean; the last two are this package's extension for
// Gamma- and Normal-distributed quantities. Durations are written "30s",
// "10m", "1h" or "1d" and read into time.Duration.
//
// # Strictness and errors
//
// Files are decoded by walking the YAML node tree against the Go types, so
// every problem carries file:line:col. Unknown fields are errors
// (metadata alone accepts extra keys), with a did-you-mean hint for a
// misspelling or the section where a misplaced field belongs; type errors
// say what was expected and what was found; a value outside a fixed set
// lists the allowed values. All problems of a file are reported together,
// one per line, as an ErrorList of *Error. Param.Validate adds the checks
// that need meaning: a single definition of the observation, connections
// that exist, prior numbers that fit their distribution, filters that
// agree with the edge reference, and so on.
//
// # Secrets
//
// ${ENV_VAR} references are replaced from the environment in connection
// DSNs and in the URL, header, key and password fields of parameter files
// (those tagged paramsql:"env"); $${ stands for a literal ${. A variable
// that is not set is an error naming it. A Connection prints (String, %v,
// %#v, slog) with its passwords and tokens replaced by xxxxx, and every
// error of this package that shows a DSN shows it redacted; RedactDSN does
// the same for other callers.
//
// # Times
//
// ResolveTime resolves the window bounds and the start_date/end_date query
// parameters: now, -7d style offsets, dates, RFC 3339 timestamps and the
// seed's NOW() - INTERVAL '7 days', all in UTC relative to a given as-of
// time so that runs are reproducible.
//
// The JSON Schemas in the repository's schema/ directory describe the
// same files for editors; a test keeps them in step with the Go types.
package config
