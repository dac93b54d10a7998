package config

import (
	"time"
)

// Param is one parameter file (params/*.yaml): the definition of one
// estimated quantity, where its prior comes from, how its observations are
// counted, how it is updated and where its posterior goes. The fields follow
// the seed design document; schema/parameter.schema.json describes the same
// format for editors.
//
// Optional numbers are pointers so that "not given" differs from zero.
// Durations are written as a whole number and one of s, m, h, d ("1h",
// "1d") and read into time.Duration; zero means not given.
type Param struct {
	// ID names the parameter; it is required and unique across files.
	ID string `yaml:"id"`
	// Name is a human-readable title.
	Name string `yaml:"name"`
	// Type is what kind of quantity is estimated; empty means probability.
	Type ParamType `yaml:"type"`
	// EdgeReference is the reference the parameter stands for, such as
	// e.signup.context(channel='google').p.mean. When the observation
	// source gives no query of its own, observations are compiled from it.
	EdgeReference string `yaml:"edge_reference"`
	// ContextFilter maps context keys to the value the observations are
	// restricted to. With EdgeReference it must agree with the reference.
	ContextFilter map[string]string `yaml:"context_filter"`
	// VisitedFilter lists nodes the counted unit must have visited. With
	// EdgeReference it must agree with the reference.
	VisitedFilter *VisitedFilter `yaml:"visited_filter"`
	// PriorSource says where the current best estimate is read from.
	PriorSource *PriorSource `yaml:"prior_source"`
	// ObservationSource says how trials and successes are counted.
	ObservationSource *ObservationSource `yaml:"observation_source"`
	// BayesianUpdate gives the prior distribution and the update rule.
	BayesianUpdate *BayesianUpdate `yaml:"bayesian_update"`
	// PosteriorDestination says where updated estimates are written.
	PosteriorDestination *PosteriorDestination `yaml:"posterior_destination"`
	// ModelFit configures the divergence check between prior and data.
	ModelFit *ModelFit `yaml:"model_fit"`
	// FallbackValue is used when every source fails.
	FallbackValue *FallbackValue `yaml:"fallback_value"`
	// Metadata is free description; it is the only place unknown keys are
	// allowed.
	Metadata *Metadata `yaml:"metadata"`

	// File is the path the parameter was read from, as given to LoadParam.
	File string `yaml:"-"`

	pos positions
	// undecoded is set when the file had decode errors: the fields are
	// partly unset, so Load does not validate it as well.
	undecoded bool
}

// ParamType is the kind of quantity a parameter estimates.
type ParamType string

// The parameter types. The seed document uses probability only; rate and
// mean are accepted for parameters whose prior is a Gamma (events per unit)
// or a Normal/LogNormal (a continuous mean) distribution.
const (
	TypeProbability ParamType = "probability" // a conversion probability in [0, 1]; Beta prior
	TypeRate        ParamType = "rate"        // a non-negative rate; Gamma prior
	TypeMean        ParamType = "mean"        // a continuous mean; Normal or LogNormal prior
)

func (ParamType) values() []string { return []string{"probability", "rate", "mean"} }

// VisitedFilter is the nodes a counted unit must have visited. In YAML it
// is either a list of nodes (all must be visited) or a mapping
// {operator: AND|OR, nodes: [...]}.
type VisitedFilter struct {
	// Operator is AND (visit all nodes) or OR (visit at least one).
	Operator VisitedOperator `yaml:"operator"`
	// Nodes are the node names.
	Nodes []string `yaml:"nodes"`
}

// VisitedOperator combines the nodes of a visited filter.
type VisitedOperator string

// The operators of a visited filter.
const (
	VisitedAll VisitedOperator = "AND"
	VisitedAny VisitedOperator = "OR"
)

func (VisitedOperator) values() []string { return []string{"AND", "OR"} }

// PriorSource says where the current best estimate of a parameter is read.
type PriorSource struct {
	// Type is the kind of source; it is required.
	Type PriorSourceType `yaml:"type"`
	// URL is the spreadsheet (sheets) or the endpoint (webhook).
	URL string `yaml:"url" paramsql:"env"`
	// Range is the spreadsheet range holding mean and stdev, like Priors!B2:C2.
	Range string `yaml:"range"`
	// Connection names the project connection a sql or posterior_history
	// query runs on; empty means the posterior store's connection for
	// posterior_history and the default connection for sql.
	Connection string `yaml:"connection"`
	// Query is the SQL that returns the prior (sql, posterior_history).
	Query string `yaml:"query"`
	// RefreshFrequency is how often the prior is read again.
	RefreshFrequency time.Duration `yaml:"refresh_frequency"`
	// Authentication says how to authenticate to sheets or a webhook.
	Authentication *Authentication `yaml:"authentication"`
	// Headers are HTTP headers sent to a webhook.
	Headers map[string]string `yaml:"headers" paramsql:"env"`
	// Endpoint is a path appended to URL for a webhook, such as /priors/signup.
	Endpoint string `yaml:"endpoint" paramsql:"env"`
}

// PriorSourceType is the kind of a prior source.
type PriorSourceType string

// The kinds of prior source.
const (
	PriorStatic           PriorSourceType = "static"            // bayesian_update.prior itself
	PriorPosteriorHistory PriorSourceType = "posterior_history" // the latest stored posterior
	PriorSQL              PriorSourceType = "sql"               // a SQL query
	PriorSheets           PriorSourceType = "sheets"            // a Google Sheets range
	PriorWebhook          PriorSourceType = "webhook"           // an HTTP endpoint
)

func (PriorSourceType) values() []string {
	return []string{"static", "posterior_history", "sql", "sheets", "webhook"}
}

// Authentication says how a prior source authenticates.
type Authentication struct {
	// Type is the authentication method.
	Type AuthType `yaml:"type"`
	// CredentialsFile is a service account or OAuth client file.
	CredentialsFile string `yaml:"credentials_file" paramsql:"env"`
	// APIKey is a key sent to the source; write it as ${ENV_VAR}.
	APIKey string `yaml:"api_key" paramsql:"env"`
}

// AuthType is an authentication method.
type AuthType string

// The authentication methods.
const (
	AuthOAuth          AuthType = "oauth"
	AuthServiceAccount AuthType = "service_account"
	AuthAPIKey         AuthType = "api_key"
	AuthNone           AuthType = "none"
)

func (AuthType) values() []string { return []string{"oauth", "service_account", "api_key", "none"} }

// ObservationSource says how trials and successes are counted. Exactly one
// of EdgeReference, Query and QueryTemplate may be given; when none is, the
// parameter's own edge_reference (narrowed by its filters) is compiled.
type ObservationSource struct {
	// Type is the engine kind; sql (the default) means whatever the
	// connection's driver speaks.
	Type ObservationType `yaml:"type"`
	// Connection names a project connection; empty means the project's
	// default connection.
	Connection string `yaml:"connection"`
	// EdgeReference overrides the parameter's edge_reference for counting.
	EdgeReference string `yaml:"edge_reference"`
	// Query is raw SQL returning the columns named in ResultMapping.
	Query string `yaml:"query"`
	// QueryTemplate is SQL with {{var}} and {% if var %} context injection.
	QueryTemplate string `yaml:"query_template"`
	// ContextVariables are the context keys injected into QueryTemplate.
	ContextVariables []string `yaml:"context_variables"`
	// Parameters are the query's :name parameters; start_date and end_date
	// are times in any form ResolveTime accepts.
	Parameters map[string]string `yaml:"parameters"`
	// ResultMapping names the result columns; unset names default to
	// trials and successes.
	ResultMapping *ResultMapping `yaml:"result_mapping"`
	// ResultType is single (one row) or timeseries (one row per date).
	ResultType ResultType `yaml:"result_type"`
	// MinSampleSize is the number of trials needed before updating.
	MinSampleSize *int `yaml:"min_sample_size"`
	// RefreshFrequency is how often observations are queried.
	RefreshFrequency time.Duration `yaml:"refresh_frequency"`
	// Timeout bounds one observation query; zero means the connection's.
	Timeout time.Duration `yaml:"timeout"`
	// ConversionWindow is the within() of an edge reference that has none;
	// zero means the project's (Window.ConversionWindow).
	ConversionWindow time.Duration `yaml:"conversion_window"`
}

// ObservationType is the engine an observation query is written for.
type ObservationType string

// The observation engines.
const (
	ObserveSQL        ObservationType = "sql"
	ObserveBigQuery   ObservationType = "bigquery"
	ObserveSnowflake  ObservationType = "snowflake"
	ObserveRedshift   ObservationType = "redshift"
	ObserveClickHouse ObservationType = "clickhouse"
	ObservePostgres   ObservationType = "postgres"
	ObserveMySQL      ObservationType = "mysql"
	ObserveDuckDB     ObservationType = "duckdb"
)

func (ObservationType) values() []string {
	return []string{"sql", "bigquery", "snowflake", "redshift", "clickhouse", "postgres", "mysql", "duckdb"}
}

// ResultMapping names the columns of a raw observation query's result.
type ResultMapping struct {
	// Trials is the column holding the number of trials.
	Trials string `yaml:"trials"`
	// Successes is the column holding the number of successes.
	Successes string `yaml:"successes"`
	// AlphaPrior optionally holds a Beta prior alpha stored with the data.
	AlphaPrior string `yaml:"alpha_prior"`
	// BetaPrior optionally holds a Beta prior beta stored with the data.
	BetaPrior string `yaml:"beta_prior"`
	// Date is the column of the date shard (required for timeseries).
	Date string `yaml:"date"`
	// Mean is the column of the observed mean, for mean parameters.
	Mean string `yaml:"mean"`
	// Stdev is the column of the observed standard deviation, for mean
	// parameters.
	Stdev string `yaml:"stdev"`
	// Context maps context keys to the result columns that hold them, for
	// queries that return one row per context shard.
	Context map[string]string `yaml:"context"`
}

// ResultType is the shape of an observation query's result.
type ResultType string

// The result shapes.
const (
	ResultSingle     ResultType = "single"
	ResultTimeseries ResultType = "timeseries"
)

func (ResultType) values() []string { return []string{"single", "timeseries"} }

// BayesianUpdate gives the prior distribution and how it is updated.
type BayesianUpdate struct {
	// Prior is the prior distribution.
	Prior *Prior `yaml:"prior"`
	// UpdateRule is how prior and observations combine; empty means
	// conjugate.
	UpdateRule UpdateRule `yaml:"update_rule"`
	// MCMCConfig tunes the sampler when UpdateRule is mcmc.
	MCMCConfig *MCMCConfig `yaml:"mcmc_config"`
	// HalfLife discounts a posterior_history prior: its evidence keeps
	// weight 2^(−Δt/HalfLife), Δt from the previous posterior's window end
	// to this update's. Zero means no discount.
	HalfLife time.Duration `yaml:"half_life"`
	// Pooling is how the shards of a sharded reference share strength;
	// empty means none.
	Pooling Pooling `yaml:"pooling"`
	// Maturity is what a within() reference does with the trials whose
	// conversion window has not ended; empty means exclude.
	Maturity Maturity `yaml:"maturity"`
}

// Prior is a prior distribution. Which numbers apply depends on the
// distribution: beta takes alpha and beta, gamma takes shape and rate,
// normal, lognormal and logitnormal take mu and sigma; all may instead be
// given by mean and stdev.
type Prior struct {
	// Distribution is the family; empty means the default of the
	// parameter type (beta, gamma or normal).
	Distribution Distribution `yaml:"distribution"`
	// Alpha is the Beta distribution's alpha.
	Alpha *float64 `yaml:"alpha"`
	// Beta is the Beta distribution's beta.
	Beta *float64 `yaml:"beta"`
	// Mu is the location (log or logit scale for lognormal, logitnormal).
	Mu *float64 `yaml:"mu"`
	// Sigma is the scale (log or logit scale for lognormal, logitnormal).
	Sigma *float64 `yaml:"sigma"`
	// Shape is the Gamma distribution's shape.
	Shape *float64 `yaml:"shape"`
	// Rate is the Gamma distribution's rate.
	Rate *float64 `yaml:"rate"`
	// Mean is the distribution's mean, an alternative to its parameters.
	Mean *float64 `yaml:"mean"`
	// Stdev is the distribution's standard deviation, given with Mean.
	Stdev *float64 `yaml:"stdev"`
}

// Distribution is a prior distribution family.
type Distribution string

// The prior distribution families.
const (
	DistBeta        Distribution = "beta"
	DistNormal      Distribution = "normal"
	DistGamma       Distribution = "gamma"
	DistLogNormal   Distribution = "lognormal"
	DistLogitNormal Distribution = "logitnormal"
)

func (Distribution) values() []string {
	return []string{"beta", "normal", "gamma", "lognormal", "logitnormal"}
}

// UpdateRule is how a prior and observations are combined.
type UpdateRule string

// The update rules.
const (
	UpdateConjugate   UpdateRule = "conjugate"
	UpdateMCMC        UpdateRule = "mcmc"
	UpdateVariational UpdateRule = "variational"
)

func (UpdateRule) values() []string { return []string{"conjugate", "mcmc", "variational"} }

// MCMCConfig tunes a Markov chain Monte Carlo update.
type MCMCConfig struct {
	// Samples is the number of draws kept per chain.
	Samples *int `yaml:"samples"`
	// BurnIn is the number of draws discarded first.
	BurnIn *int `yaml:"burn_in"`
	// Chains is the number of independent chains.
	Chains *int `yaml:"chains"`
	// Seed makes the sampler reproducible.
	Seed *int64 `yaml:"seed"`
}

// PosteriorDestination says where updated estimates are written.
type PosteriorDestination struct {
	// Destinations are written in order.
	Destinations []Destination `yaml:"destinations"`
	// WriteFrequency is how often posteriors are written.
	WriteFrequency time.Duration `yaml:"write_frequency"`
}

// Destination is one place posteriors are written.
type Destination struct {
	// Type is the kind of destination; it is required.
	Type DestinationType `yaml:"type"`
	// URL is the spreadsheet (sheets) or endpoint (webhook).
	URL string `yaml:"url" paramsql:"env"`
	// Range is the spreadsheet range written, like Posteriors!A:H.
	Range string `yaml:"range"`
	// Mode is append, replace or update for sheets; insert, update or
	// upsert for sql.
	Mode WriteMode `yaml:"mode"`
	// Format lists the columns written, in order.
	Format []FormatColumn `yaml:"format"`
	// Connection names a project connection; empty means the posterior
	// store's.
	Connection string `yaml:"connection"`
	// Table is the SQL table; empty means the posterior store's.
	Table string `yaml:"table"`
	// ConflictResolution says what happens when a row for the same
	// parameter and date exists.
	ConflictResolution ConflictResolution `yaml:"conflict_resolution"`
	// Headers are HTTP headers sent to a webhook.
	Headers map[string]string `yaml:"headers" paramsql:"env"`
}

// DestinationType is the kind of a posterior destination.
type DestinationType string

// The kinds of posterior destination.
const (
	DestSheets  DestinationType = "sheets"
	DestSQL     DestinationType = "sql"
	DestWebhook DestinationType = "webhook"
)

func (DestinationType) values() []string { return []string{"sheets", "sql", "webhook"} }

// WriteMode is how a destination is written.
type WriteMode string

// The write modes. Append, replace and update apply to sheets; insert,
// update and upsert to sql.
const (
	ModeAppend  WriteMode = "append"
	ModeReplace WriteMode = "replace"
	ModeUpdate  WriteMode = "update"
	ModeInsert  WriteMode = "insert"
	ModeUpsert  WriteMode = "upsert"
)

func (WriteMode) values() []string {
	return []string{"append", "replace", "update", "insert", "upsert"}
}

// FormatColumn is a column a destination can be given.
type FormatColumn string

func (FormatColumn) values() []string {
	return []string{
		"param_id", "timestamp", "date", "edge_reference", "visited_nodes", "context_filter",
		"prior_mean", "prior_stdev", "prior_alpha", "prior_beta",
		"trials", "successes",
		"posterior_mean", "posterior_stdev", "posterior_alpha", "posterior_beta",
		"divergence", "drift_alert",
	}
}

// ConflictResolution is what a sql destination does with an existing row
// for the same parameter and date.
type ConflictResolution string

// The conflict resolutions.
const (
	ConflictUpdate ConflictResolution = "update"
	ConflictIgnore ConflictResolution = "ignore"
	ConflictError  ConflictResolution = "error"
)

func (ConflictResolution) values() []string { return []string{"update", "ignore", "error"} }

// ModelFit configures the check that the prior still fits observations.
type ModelFit struct {
	// Thresholds say when an alert is raised.
	Thresholds *Thresholds `yaml:"thresholds"`
	// Alerts are where alerts go; YAML may give one mapping or a list.
	Alerts Alerts `yaml:"alerts"`
}

// Thresholds say when observations diverge from the prior.
type Thresholds struct {
	// DivergenceThreshold is the number of standard deviations between
	// the observed rate and the prior that raises an alert.
	DivergenceThreshold *float64 `yaml:"divergence_threshold"`
	// MinSampleSize is the number of trials needed before checking.
	MinSampleSize *int `yaml:"min_sample_size"`
}

// Alerts is the list of alert destinations. A single mapping in YAML is
// read as a list of one.
type Alerts []Alert

// Alert is one alert destination.
type Alert struct {
	// Type is the kind of alert; it is required.
	Type AlertType `yaml:"type"`
	// Webhook is a Slack incoming webhook URL.
	Webhook string `yaml:"webhook" paramsql:"env"`
	// URL is the endpoint of a webhook alert.
	URL string `yaml:"url" paramsql:"env"`
	// Channel is the Slack channel.
	Channel string `yaml:"channel"`
	// Email is a single recipient of an email alert.
	Email string `yaml:"email"`
	// To are the recipients of an email alert.
	To []string `yaml:"to"`
	// SMTP is the mail server for email alerts.
	SMTP *SMTP `yaml:"smtp"`
	// RoutingKey is the PagerDuty integration key.
	RoutingKey string `yaml:"routing_key" paramsql:"env"`
	// Severity is the alert's severity.
	Severity Severity `yaml:"severity"`
}

// AlertType is the kind of an alert destination.
type AlertType string

// The kinds of alert destination.
const (
	AlertSlack     AlertType = "slack"
	AlertEmail     AlertType = "email"
	AlertWebhook   AlertType = "webhook"
	AlertPagerDuty AlertType = "pagerduty"
)

func (AlertType) values() []string { return []string{"slack", "email", "webhook", "pagerduty"} }

// Severity is an alert's severity, as PagerDuty spells it.
type Severity string

// The severities.
const (
	SeverityInfo     Severity = "info"
	SeverityWarning  Severity = "warning"
	SeverityError    Severity = "error"
	SeverityCritical Severity = "critical"
)

func (Severity) values() []string { return []string{"info", "warning", "error", "critical"} }

// SMTP is a mail server for email alerts.
type SMTP struct {
	// Host is the server's host name.
	Host string `yaml:"host"`
	// Port is the server's port; zero means 587.
	Port int `yaml:"port"`
	// From is the sender address.
	From string `yaml:"from"`
	// Username logs in to the server.
	Username string `yaml:"username" paramsql:"env"`
	// Password logs in to the server; write it as ${ENV_VAR}.
	Password string `yaml:"password" paramsql:"env"`
}

// FallbackValue is the estimate used when every source fails: mean and
// stdev, or alpha and beta.
type FallbackValue struct {
	// Mean is the fallback mean.
	Mean *float64 `yaml:"mean"`
	// Stdev is the fallback standard deviation.
	Stdev *float64 `yaml:"stdev"`
	// Alpha is the fallback Beta alpha.
	Alpha *float64 `yaml:"alpha"`
	// Beta is the fallback Beta beta.
	Beta *float64 `yaml:"beta"`
}

// Metadata describes a parameter. Keys other than the named ones are kept
// in Extra.
type Metadata struct {
	// Description says what the parameter measures.
	Description string `yaml:"description"`
	// Tags label the parameter.
	Tags []string `yaml:"tags"`
	// CreatedAt is when the parameter was defined, as written.
	CreatedAt string `yaml:"created_at"`
	// Author is who defined it.
	Author string `yaml:"author"`
	// Version is the definition's version, as written.
	Version string `yaml:"version"`
	// Extra holds every other key.
	Extra map[string]any `yaml:",inline"`
}
