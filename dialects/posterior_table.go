package dialects

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The statuses of a posterior row. The table refuses any other value where
// the engine enforces CHECK constraints, so a typo in a writer fails loudly
// instead of hiding rows from SelectLatestPosterior.
const (
	// PosteriorUpdated: the posterior was computed from new data.
	PosteriorUpdated = "updated"
	// PosteriorSkipped: nothing was computed (no new data, or disabled).
	PosteriorSkipped = "skipped"
	// PosteriorFallback: the preferred method failed and a simpler one
	// gave the posterior; it is still a usable value.
	PosteriorFallback = "fallback"
	// PosteriorFailed: no posterior could be computed.
	PosteriorFailed = "failed"
)

// PosteriorStatuses lists every status, in the order above.
var PosteriorStatuses = []string{PosteriorUpdated, PosteriorSkipped, PosteriorFallback, PosteriorFailed}

// PosteriorPeriodKey is the column that stands for period in the table's
// unique key, and for a shard's row its PosteriorShardKey. period is NULL for rows that are not part of a timeseries,
// and no engine treats two NULLs as equal in a unique key (PostgreSQL only
// from version 15 on request), so the key would not stop duplicates of
// exactly the rows most written. period_key holds the period as
// YYYY-MM-DD, or "" when there is none: a text that no date can take, so,
// unlike a sentinel date, it can never collide with a real period.
const PosteriorPeriodKey = "period_key"

// ErrPosteriorUpsertUnsupported is returned by DeletePosteriorKey for
// ClickHouse. Its MergeTree tables enforce no unique key and have no
// transactions, and its DELETE is an ALTER TABLE … DELETE mutation that
// runs asynchronously, after the statement returns. Delete-then-insert
// there would be neither atomic nor immediately visible, and a
// ReplacingMergeTree only removes duplicates whenever it next merges. So
// on ClickHouse the table is an append-only history, and readers take the
// newest row (see SelectLatestPosterior).
var ErrPosteriorUpsertUnsupported = errors.New("clickhouse has no transactions or unique keys: the posterior table is append-only there, and upsert is not supported")

// posteriorType is a column's type, independent of the engine.
type posteriorType int

const (
	ptKey    posteriorType = iota // short text that is part of a key or filtered on
	ptStatus                      // one of PosteriorStatuses
	ptText                        // free text of any length
	ptDate                        // a calendar date
	ptTime                        // a UTC instant
	ptFloat                       // a double
	ptInt                         // a 64-bit integer
	ptBool                        // a boolean
)

type posteriorColumn struct {
	name    string
	typ     posteriorType
	notNull bool
}

// posteriorColumns is the one definition of the posterior history table.
// Every statement below, and the order of the arguments they take, is
// derived from it.
var posteriorColumns = []posteriorColumn{
	{"run_id", ptKey, true},
	{"param_id", ptKey, true},
	{"status", ptStatus, true},
	{"reason", ptText, false},
	{"reference", ptText, true}, // the canonical edge reference
	{"sql_hash", ptKey, false},
	{"window_start", ptTime, true},
	{"window_end", ptTime, true},
	{"period", ptDate, false}, // the period of a timeseries row
	{PosteriorPeriodKey, ptKey, true},
	{"prior_alpha", ptFloat, false},
	{"prior_beta", ptFloat, false},
	{"prior_mean", ptFloat, false},
	{"prior_stdev", ptFloat, false},
	{"trials", ptInt, false},
	{"successes", ptInt, false},
	{"posterior_alpha", ptFloat, false},
	{"posterior_beta", ptFloat, false},
	{"posterior_mean", ptFloat, false},
	{"posterior_stdev", ptFloat, false},
	{"ci_low", ptFloat, false},
	{"ci_high", ptFloat, false},
	{"z", ptFloat, false},
	{"alert", ptBool, true},
	{"method", ptKey, false},
	{"rhat", ptFloat, false},
	{"ess", ptFloat, false},
	{"as_of", ptTime, true},      // the instant the run resolved "now" to
	{"written_at", ptTime, true}, // when the row was written
	// immature counts the units of a within() reference left out of
	// trials because their conversion window had not ended by as_of. NULL
	// where it is not known: a period's row, and rows written before the
	// column existed (see MigratePosteriorTable).
	{"immature", ptInt, false},
	// The pooling columns (bayesian_update.pooling). A pooled run writes
	// the population's row, with shard NULL, and one row per shard, with
	// shard naming it ("channel=google") and period_key PosteriorShardKey
	// of it. pooling is the mode on both; shrinkage is the population's
	// weight in a shard's estimate; pool_mu and pool_tau are the posterior
	// means of the hierarchy's logit mean and spread (hierarchical only).
	{"shard", ptKey, false},
	{"pooling", ptKey, false},
	{"shrinkage", ptFloat, false},
	{"pool_mu", ptFloat, false},
	{"pool_tau", ptFloat, false},
	// The fitted time to convert of a bayesian_update.maturity run, in
	// seconds, and the trials its update counted (maturity: model); NULL
	// otherwise.
	{"lag_median_seconds", ptFloat, false},
	{"lag_t95_seconds", ptFloat, false},
	{"effective_trials", ptFloat, false},
	// prior_weight is the weight bayesian_update.half_life left on the
	// posterior history's evidence in the row's prior (1 = none lost);
	// NULL when the prior was not discounted.
	{"prior_weight", ptFloat, false},
	// sibling_group names the graph file's sibling group of a row whose
	// edge was updated jointly with its siblings (method dirichlet), and
	// sibling_none is the posterior mean of the group's residual share.
	{"sibling_group", ptKey, false},
	{"sibling_none", ptFloat, false},
}

// PosteriorShardKey is the period_key of a shard's row: shards and
// periods never share a row (a pooled parameter has no periods), and the
// prefix keeps a shard from ever reading as a date or as "".
func PosteriorShardKey(shard string) string { return "shard:" + shard }

// addedColumns are the nullable columns MigratePosteriorTable adds, NULL
// in every existing row, to a table made before they existed.
var addedColumns = []string{"immature", "shard", "pooling", "shrinkage", "pool_mu", "pool_tau",
	"lag_median_seconds", "lag_t95_seconds", "effective_trials", "prior_weight", "sibling_group", "sibling_none"}

// legacyAsOfColumn is what the as_of column was called before written_at
// existed. It always held the run's as-of time; see MigratePosteriorTable.
const legacyAsOfColumn = "created_at"

// posteriorKey is what an upsert replaces: one row per parameter, window
// and period.
var posteriorKey = []string{"param_id", "window_end", PosteriorPeriodKey}

// posteriorUnique is the unique key. It holds the run id too, because the
// default write mode appends history: two runs over the same window both
// stay, and only an upsert (delete by posteriorKey, then insert) replaces.
var posteriorUnique = append(append([]string{}, posteriorKey...), "run_id")

// PosteriorColumns returns the table's column names in table order, which
// is also the order of InsertPosterior's arguments and of the columns the
// SELECT statements return.
func PosteriorColumns() []string {
	out := make([]string, len(posteriorColumns))
	for i, c := range posteriorColumns {
		out[i] = c.name
	}
	return out
}

// posteriorEngines are the dialects the posterior table is written for:
// the ones whose engines run here and are tested. BigQuery, Snowflake and
// Redshift lack enforced unique keys, and nothing here could test them.
var posteriorEngines = map[string]bool{"duckdb": true, "postgres": true, "mysql": true, "clickhouse": true}

func posteriorDialect(d Dialect) error {
	if !posteriorEngines[d.Name()] {
		return fmt.Errorf("posterior table: dialect %s is not supported (want duckdb, postgres, mysql or clickhouse)", d.Name())
	}
	return nil
}

// QuoteQualified quotes a table name that may be qualified
// (schema.table, or catalog.schema.table) one part at a time, so that the
// dots stay separators. A part may therefore not contain a dot itself.
func QuoteQualified(d Dialect, name string) (string, error) {
	if name != "" && strings.IndexByte(name, '.') < 0 {
		return d.QuoteIdent(name), nil // the usual unqualified name, without splitting it
	}
	parts := strings.Split(name, ".")
	for i, p := range parts {
		if p == "" {
			return "", fmt.Errorf("table name %q has an empty part", name)
		}
		parts[i] = d.QuoteIdent(p)
	}
	return strings.Join(parts, "."), nil
}

// posteriorColumnType spells t in d's engine. Keys are bounded VARCHARs in MySQL,
// which cannot index TEXT; ClickHouse instants are DateTime, the finest
// its 18.16 release has (seconds).
func posteriorColumnType(d Dialect, t posteriorType, notNull bool) string {
	var s string
	switch d.Name() {
	case "clickhouse":
		s = [...]string{ptKey: "String", ptStatus: "String", ptText: "String", ptDate: "Date",
			ptTime: "DateTime('UTC')", ptFloat: "Float64", ptInt: "Int64", ptBool: "UInt8"}[t]
		if !notNull {
			return "Nullable(" + s + ")"
		}
		return s
	case "mysql":
		s = [...]string{ptKey: "VARCHAR(255)", ptStatus: "VARCHAR(16)", ptText: "TEXT", ptDate: "DATE",
			ptTime: "DATETIME(6)", ptFloat: "DOUBLE", ptInt: "BIGINT", ptBool: "BOOLEAN"}[t]
	case "postgres":
		s = [...]string{ptKey: "TEXT", ptStatus: "TEXT", ptText: "TEXT", ptDate: "DATE",
			ptTime: "TIMESTAMPTZ", ptFloat: "DOUBLE PRECISION", ptInt: "BIGINT", ptBool: "BOOLEAN"}[t]
	default: // duckdb: TIMESTAMP, not TIMESTAMPTZ, whose reading depends on the ICU extension
		s = [...]string{ptKey: "VARCHAR", ptStatus: "VARCHAR", ptText: "VARCHAR", ptDate: "DATE",
			ptTime: "TIMESTAMP", ptFloat: "DOUBLE", ptInt: "BIGINT", ptBool: "BOOLEAN"}[t]
	}
	if notNull {
		s += " NOT NULL"
	}
	return s
}

// PosteriorTimePrecision is the finest time the table's timestamp columns
// keep in d's engine: a writer truncates to it, so that a row reads back
// equal to what was written.
func PosteriorTimePrecision(d Dialect) time.Duration {
	if d.Name() == "clickhouse" {
		return time.Second
	}
	return time.Microsecond
}

func quoteIdentList(d Dialect, names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = d.QuoteIdent(n)
	}
	return strings.Join(q, ", ")
}

func quoteStringList(d Dialect, vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = d.QuoteString(v)
	}
	return strings.Join(q, ", ")
}

// CreatePosteriorTable returns the statement that creates the posterior
// history table if it does not exist yet, with a unique key on
// (param_id, window_end, period_key, run_id) and a CHECK on status where the
// engine enforces them. MySQL tables use the binary collation, since the
// default ones would make "A" and "a" the same parameter. On ClickHouse
// the table is a MergeTree sorted by that key, which it does not enforce
// (see ErrPosteriorUpsertUnsupported).
func CreatePosteriorTable(d Dialect, table string) (string, error) {
	if err := posteriorDialect(d); err != nil {
		return "", err
	}
	name, err := QuoteQualified(d, table)
	if err != nil {
		return "", err
	}
	var defs []string
	for _, c := range posteriorColumns {
		defs = append(defs, d.QuoteIdent(c.name)+" "+posteriorColumnType(d, c.typ, c.notNull))
	}
	var b strings.Builder
	b.WriteString("CREATE TABLE IF NOT EXISTS " + name + " (\n    ")
	if d.Name() == "clickhouse" {
		b.WriteString(strings.Join(defs, ",\n    "))
		b.WriteString("\n) ENGINE = MergeTree() ORDER BY (" + quoteIdentList(d, posteriorKey) + ")")
		return b.String(), nil
	}
	defs = append(defs,
		"CHECK ("+d.QuoteIdent("status")+" IN ("+quoteStringList(d, PosteriorStatuses)+"))",
		"UNIQUE ("+quoteIdentList(d, posteriorUnique)+")")
	b.WriteString(strings.Join(defs, ",\n    "))
	b.WriteString("\n)")
	if d.Name() == "mysql" {
		b.WriteString(" ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin")
	}
	return b.String(), nil
}

// placeholders spells one placeholder per name, numbered from 1.
func posteriorPlaceholders(d Dialect, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = d.Placeholder(n, i+1)
	}
	return out
}

// InsertPosterior returns the statement that inserts one row, and the
// columns its arguments must follow (PosteriorColumns). On ClickHouse it
// suits clickhouse-go's batches: prepared once in a transaction, executed
// per row, sent as one block on commit.
func InsertPosterior(d Dialect, table string) (sql string, cols []string, err error) {
	if err := posteriorDialect(d); err != nil {
		return "", nil, err
	}
	name, err := QuoteQualified(d, table)
	if err != nil {
		return "", nil, err
	}
	cols = PosteriorColumns()
	sql = "INSERT INTO " + name + " (" + quoteIdentList(d, cols) + ") VALUES (" +
		strings.Join(posteriorPlaceholders(d, cols), ", ") + ")"
	return sql, cols, nil
}

// InsertPosteriorRows returns the statement that inserts n rows at once,
// one VALUES tuple per row with the arguments of each row in the order of
// PosteriorColumns, row after row. Engines plan one statement of many
// rows much faster than many of one (a pooled run writes a row per
// shard). ClickHouse batches InsertPosterior instead.
func InsertPosteriorRows(d Dialect, table string, n int) (string, error) {
	if n < 1 {
		return "", fmt.Errorf("insert of %d rows", n)
	}
	if err := posteriorDialect(d); err != nil {
		return "", err
	}
	name, err := QuoteQualified(d, table)
	if err != nil {
		return "", err
	}
	cols := PosteriorColumns()
	tuples := make([]string, n)
	for r := range tuples {
		ph := make([]string, len(cols))
		for i, c := range cols {
			ph[i] = d.Placeholder(c, r*len(cols)+i+1)
		}
		tuples[r] = "(" + strings.Join(ph, ", ") + ")"
	}
	return "INSERT INTO " + name + " (" + quoteIdentList(d, cols) + ") VALUES " + strings.Join(tuples, ", "), nil
}

// DeletePosteriorKey returns the statement that deletes the row of one
// key, and the key columns its arguments must follow. An upsert is this
// DELETE then InsertPosterior, both in one transaction. That is portable
// where the engines' own upserts are not (ON CONFLICT in PostgreSQL and
// DuckDB, ON DUPLICATE KEY in MySQL, each with its own rules), and it
// replaces every column, which is what rewriting a run means. On ClickHouse
// it returns ErrPosteriorUpsertUnsupported.
func DeletePosteriorKey(d Dialect, table string) (sql string, cols []string, err error) {
	name, err := deleteTarget(d, table)
	if err != nil {
		return "", nil, err
	}
	cols = append([]string(nil), posteriorKey...)
	ph := posteriorPlaceholders(d, cols)
	conds := make([]string, len(cols))
	for i, c := range cols {
		conds[i] = d.QuoteIdent(c) + " = " + ph[i]
	}
	return "DELETE FROM " + name + " WHERE " + strings.Join(conds, " AND "), cols, nil
}

// DeletePosteriorKeys returns the statement that deletes the rows of n
// keys at once, the arguments of each key in the order of
// DeletePosteriorKey's columns, key after key: an upsert of a pooled run
// replaces a row per shard. ClickHouse: ErrPosteriorUpsertUnsupported.
func DeletePosteriorKeys(d Dialect, table string, n int) (string, error) {
	if n < 1 {
		return "", fmt.Errorf("delete of %d keys", n)
	}
	name, err := deleteTarget(d, table)
	if err != nil {
		return "", err
	}
	cols := posteriorKey
	ors := make([]string, n)
	for k := range ors {
		conds := make([]string, len(cols))
		for i, c := range cols {
			conds[i] = d.QuoteIdent(c) + " = " + d.Placeholder(c, k*len(cols)+i+1)
		}
		ors[k] = "(" + strings.Join(conds, " AND ") + ")"
	}
	return "DELETE FROM " + name + " WHERE " + strings.Join(ors, " OR "), nil
}

// DeletePosteriorShards returns the statement that deletes every shard
// row of one parameter and window end; its arguments are param_id and
// window_end. An upsert of a pooled run replaces the shards as a set, so
// a shard that has gone leaves no row of the run it replaces behind.
// ClickHouse: ErrPosteriorUpsertUnsupported.
func DeletePosteriorShards(d Dialect, table string) (string, error) {
	name, err := deleteTarget(d, table)
	if err != nil {
		return "", err
	}
	q := d.QuoteIdent
	return "DELETE FROM " + name + " WHERE " + q("param_id") + " = " + d.Placeholder("param_id", 1) +
		" AND " + q("window_end") + " = " + d.Placeholder("window_end", 2) + " AND " + q("shard") + " IS NOT NULL", nil
}

// deleteTarget is the quoted name of the table a posterior DELETE acts
// on, after the checks every such statement shares.
func deleteTarget(d Dialect, table string) (string, error) {
	if err := posteriorDialect(d); err != nil {
		return "", err
	}
	if d.Name() == "clickhouse" {
		return "", ErrPosteriorUpsertUnsupported
	}
	return QuoteQualified(d, table)
}

// selectPosterior is the SELECT of every column for one param_id, which
// is the statement's only argument.
func selectPosterior(d Dialect, table string) (string, error) {
	if err := posteriorDialect(d); err != nil {
		return "", err
	}
	name, err := QuoteQualified(d, table)
	if err != nil {
		return "", err
	}
	return "SELECT " + quoteIdentList(d, PosteriorColumns()) + " FROM " + name +
		" WHERE " + d.QuoteIdent("param_id") + " = " + d.Placeholder("param_id", 1), nil
}

// SelectLatestPosterior returns the statement that reads the current
// posterior of a parameter: among its usable rows (updated or fallback),
// the one with the latest window_end, the whole window's row before any
// period's (a time series' overall posterior is what the next run
// continues from), then the latest as_of and the latest written_at. Its
// one argument is the param_id; it returns at most one row of
// PosteriorColumns.
func SelectLatestPosterior(d Dialect, table string) (string, error) {
	s, err := selectPosterior(d, table)
	if err != nil {
		return "", err
	}
	return s + " AND " + d.QuoteIdent("shard") + " IS NULL AND " + d.QuoteIdent("status") + " IN (" +
		quoteStringList(d, []string{PosteriorUpdated, PosteriorFallback}) + ")" +
		" ORDER BY " + d.QuoteIdent("window_end") + " DESC, " + d.QuoteIdent(PosteriorPeriodKey) + " ASC, " +
		d.QuoteIdent("as_of") + " DESC, " + d.QuoteIdent("written_at") + " DESC LIMIT 1", nil
}

// SelectPosteriorHistory returns the statement that reads every row of a
// parameter but its shards' (see SelectPosteriorShards), whatever its
// status, oldest window first, then by period, by as-of time and by when
// it was written, so two runs at one as-of come in the order they ran. Its
// one argument is the param_id.
func SelectPosteriorHistory(d Dialect, table string) (string, error) {
	s, err := selectPosterior(d, table)
	if err != nil {
		return "", err
	}
	return s + " AND " + d.QuoteIdent("shard") + " IS NULL ORDER BY " +
		quoteIdentList(d, []string{"window_end", PosteriorPeriodKey, "as_of", "written_at", "run_id"}), nil
}

// SelectPosteriorShards returns the statement that reads the shard rows of
// a pooled parameter, in the order of SelectPosteriorHistory, then by
// shard. Its one argument is the param_id.
func SelectPosteriorShards(d Dialect, table string) (string, error) {
	s, err := selectPosterior(d, table)
	if err != nil {
		return "", err
	}
	return s + " AND " + d.QuoteIdent("shard") + " IS NOT NULL ORDER BY " +
		quoteIdentList(d, []string{"window_end", "as_of", "written_at", "run_id", "shard"}), nil
}

// posteriorRunKey is what makes a row a rerun of another: the same
// parameter, window, period and outcome. A retry after a crash, or a
// second run at the same as-of, computes the same row again.
var posteriorRunKey = []string{"param_id", "window_start", "window_end", PosteriorPeriodKey, "status"}

// SelectPosteriorRunKeys returns the statement that reads the run keys
// (see posteriorRunKey) of every row of one parameter, and the columns it
// returns. Its one argument is the param_id. A writer that appends history
// leaves out a row whose run key is among them, so rerunning an update
// never stores the same row twice.
func SelectPosteriorRunKeys(d Dialect, table string) (sql string, cols []string, err error) {
	if err := posteriorDialect(d); err != nil {
		return "", nil, err
	}
	name, err := QuoteQualified(d, table)
	if err != nil {
		return "", nil, err
	}
	cols = append([]string(nil), posteriorRunKey...)
	return "SELECT " + quoteIdentList(d, cols) + " FROM " + name + " WHERE " + d.QuoteIdent("param_id") + " = " + d.Placeholder("param_id", 1), cols, nil
}

// ProbePosteriorTable returns a statement that reads no row of the table
// but names its columns, for MigratePosteriorTable.
func ProbePosteriorTable(d Dialect, table string) (string, error) {
	if err := posteriorDialect(d); err != nil {
		return "", err
	}
	name, err := QuoteQualified(d, table)
	if err != nil {
		return "", err
	}
	return "SELECT * FROM " + name + " WHERE 1 = 0", nil
}

// MigratePosteriorTable returns the statements that bring a posterior
// table with columns have (as ProbePosteriorTable reads them) up to the
// current definition, in order; none when it is current. Every existing
// row is kept.
//
// The one change so far: created_at, which held the run's as-of time, is
// now as_of, and written_at records when a row was written. Old rows get
// their as-of time as written_at, the closest value known. ClickHouse
// 18.16 cannot rename a column, so there both new columns are added with
// created_at as their DEFAULT, which the engine computes for old rows when
// they are read; created_at stays, unused, with its type's default in new
// rows.
//
// immature was added later still, then the pooling columns (shard,
// pooling, shrinkage, pool_mu, pool_tau), then the lag columns
// (lag_median_seconds, lag_t95_seconds, effective_trials), prior_weight and
// the sibling columns (sibling_group, sibling_none): a table without them
// gets them, NULL in every existing row, since those runs recorded no such
// values.
//
// A table missing other columns is not a posterior table, and is refused
// rather than altered.
func MigratePosteriorTable(d Dialect, table string, have []string) ([]string, error) {
	if err := posteriorDialect(d); err != nil {
		return nil, err
	}
	name, err := QuoteQualified(d, table)
	if err != nil {
		return nil, err
	}
	has := map[string]bool{}
	for _, c := range have {
		has[strings.ToLower(c)] = true
	}
	var missing []string
	for _, c := range posteriorColumns {
		if !has[c.name] && !migratedColumns[c.name] {
			missing = append(missing, c.name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("table %s lacks the columns %s: it is not a paramsql posterior table", table, strings.Join(missing, ", "))
	}
	if !has["as_of"] && !has[legacyAsOfColumn] {
		return nil, fmt.Errorf("table %s has neither as_of nor %s: it is not a paramsql posterior table", table, legacyAsOfColumn)
	}
	q := d.QuoteIdent
	var out []string
	if d.Name() == "clickhouse" {
		for _, c := range []string{"as_of", "written_at"} {
			if !has[c] {
				out = append(out, "ALTER TABLE "+name+" ADD COLUMN "+q(c)+" "+posteriorColumnType(d, ptTime, true)+" DEFAULT "+q(legacyAsOfColumn))
			}
		}
	} else {
		if !has["as_of"] {
			out = append(out, "ALTER TABLE "+name+" RENAME COLUMN "+q(legacyAsOfColumn)+" TO "+q("as_of"))
		}
		if !has["written_at"] {
			// Nullable while it is filled; readers never see a NULL, since the
			// whole migration runs before any read.
			out = append(out,
				"ALTER TABLE "+name+" ADD COLUMN "+q("written_at")+" "+posteriorColumnType(d, ptTime, false),
				"UPDATE "+name+" SET "+q("written_at")+" = "+q("as_of")+" WHERE "+q("written_at")+" IS NULL")
		}
	}
	for _, c := range posteriorColumns {
		if slices.Contains(addedColumns, c.name) && !has[c.name] {
			out = append(out, "ALTER TABLE "+name+" ADD COLUMN "+q(c.name)+" "+posteriorColumnType(d, c.typ, false))
		}
	}
	return out, nil
}

// migratedColumns are the columns MigratePosteriorTable adds to a table
// made before they existed.
var migratedColumns = func() map[string]bool {
	m := map[string]bool{"as_of": true, "written_at": true}
	for _, c := range addedColumns {
		m[c] = true
	}
	return m
}()
