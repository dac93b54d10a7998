package connect

import (
	"context"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cloud.google.com/go/bigquery"
	"cloud.google.com/go/civil"
	"google.golang.org/api/iterator"
	"google.golang.org/api/option"

	"github.com/paramsql/paramsql/dialects"
)

// BigQueryConfig is a bigquery connection, read from a DSN of the form
//
//	bigquery://PROJECT[/DATASET]?location=EU&credentials_file=key.json&maximum_bytes_billed=10000000000&labels=team:growth,tool:paramsql&endpoint=URL
//
// Every option may be left out. Without credentials_file the client finds
// Application Default Credentials as Google's libraries do
// (GOOGLE_APPLICATION_CREDENTIALS, gcloud's login, the metadata server).
type BigQueryConfig struct {
	// Project runs the jobs and is billed for them.
	Project string
	// Dataset is the default dataset: unqualified table names resolve in
	// it, and Open checks that it exists.
	Dataset string
	// Location is where jobs run (US, EU, a region); empty lets BigQuery
	// choose from the tables a query reads.
	Location string
	// CredentialsFile is a service account key file; empty means ADC.
	CredentialsFile string
	// MaxBytesBilled makes BigQuery fail a query that would bill more
	// bytes, instead of running it; zero means the project's default.
	MaxBytesBilled int64
	// Labels are set on every job, for billing reports.
	Labels map[string]string
	// Endpoint replaces the REST API's base URL, for emulators and the
	// tests' fake. With an endpoint and no CredentialsFile, requests are
	// sent without credentials.
	Endpoint string
}

// ParseBigQueryDSN reads a bigquery DSN (see BigQueryConfig).
func ParseBigQueryDSN(dsn string) (BigQueryConfig, error) {
	var c BigQueryConfig
	u, err := url.Parse(dsn)
	if err != nil {
		return c, fmt.Errorf("bigquery DSN: %w", err)
	}
	if u.Scheme != "bigquery" || u.Host == "" {
		return c, errors.New("a bigquery DSN reads bigquery://PROJECT[/DATASET][?location=…&credentials_file=…]")
	}
	c.Project = u.Host
	c.Dataset = strings.Trim(u.Path, "/")
	if strings.Contains(c.Dataset, "/") {
		return c, fmt.Errorf("bigquery DSN: %q is not one dataset name", c.Dataset)
	}
	for k, vs := range u.Query() {
		v := vs[len(vs)-1]
		switch k {
		case "location":
			c.Location = v
		case "credentials_file":
			c.CredentialsFile = v
		case "endpoint":
			c.Endpoint = v
		case "maximum_bytes_billed":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				return c, fmt.Errorf("bigquery DSN: maximum_bytes_billed=%q is not a number of bytes", v)
			}
			c.MaxBytesBilled = n
		case "labels":
			c.Labels = map[string]string{}
			for _, kv := range strings.Split(v, ",") {
				lk, lv, ok := strings.Cut(kv, ":")
				if !ok || lk == "" {
					return c, fmt.Errorf("bigquery DSN: label %q is not key:value", kv)
				}
				c.Labels[lk] = lv
			}
		default:
			return c, fmt.Errorf("bigquery DSN: unknown option %q (want location, credentials_file, maximum_bytes_billed, labels or endpoint)", k)
		}
	}
	return c, nil
}

// openBigQuery opens a database/sql pool over Google's BigQuery client, so
// that the rest of the package runs BigQuery like any other engine. Each
// statement is a query job with a job ID of paramsql's own, so that a call
// that times out or is cancelled can cancel its job, which BigQuery would
// otherwise run (and bill) to the end.
func openBigQuery(ctx context.Context, dsn string) (*sql.DB, error) {
	cfg, err := ParseBigQueryDSN(dsn)
	if err != nil {
		return nil, err
	}
	var opts []option.ClientOption
	if cfg.Endpoint != "" {
		opts = append(opts, option.WithEndpoint(cfg.Endpoint))
		if cfg.CredentialsFile == "" {
			opts = append(opts, option.WithoutAuthentication())
		}
	}
	if cfg.CredentialsFile != "" {
		opts = append(opts, option.WithAuthCredentialsFile(option.ServiceAccount, cfg.CredentialsFile))
	}
	client, err := bigquery.NewClient(ctx, cfg.Project, opts...)
	if err != nil {
		return nil, err
	}
	if cfg.Location != "" {
		client.Location = cfg.Location
	}
	return sql.OpenDB(&bigQueryConnector{cfg: cfg, client: client}), nil
}

// bigQueryConnector hands out connections that share one client.
type bigQueryConnector struct {
	cfg    BigQueryConfig
	client *bigquery.Client
}

// Connect returns a connection; BigQuery's are stateless HTTP calls.
func (c *bigQueryConnector) Connect(context.Context) (driver.Conn, error) {
	return &bigQueryConn{c: c}, nil
}

// Driver is required by driver.Connector; sql.Open by name is not
// supported.
func (c *bigQueryConnector) Driver() driver.Driver { return bigQueryDriver{} }

// Close closes the client when the pool closes.
func (c *bigQueryConnector) Close() error { return c.client.Close() }

type bigQueryDriver struct{}

func (bigQueryDriver) Open(string) (driver.Conn, error) {
	return nil, errors.New("bigquery: open connections with connect.Open")
}

// errBigQueryTx explains why a posterior store cannot live on BigQuery.
var errBigQueryTx = errors.New("bigquery has no transactions here: keep the posterior_store on another connection (duckdb, postgres, …)")

// bigQueryConn runs statements as query jobs.
type bigQueryConn struct{ c *bigQueryConnector }

func (cn *bigQueryConn) Prepare(query string) (driver.Stmt, error) {
	return &bigQueryStmt{cn: cn, query: query}, nil
}
func (cn *bigQueryConn) Close() error              { return nil }
func (cn *bigQueryConn) Begin() (driver.Tx, error) { return nil, errBigQueryTx }

// Ping checks the credentials and the default dataset, without running a
// job; a connection without a dataset is checked by its first query.
func (cn *bigQueryConn) Ping(ctx context.Context) error {
	if cn.c.cfg.Dataset == "" {
		return nil
	}
	_, err := cn.c.client.Dataset(cn.c.cfg.Dataset).Metadata(ctx)
	return err
}

// QueryContext runs query as a job and returns its rows.
func (cn *bigQueryConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	job, jobID, err := cn.start(ctx, query, args)
	if err != nil {
		return nil, err
	}
	it, err := job.Read(ctx)
	if err != nil {
		return nil, cn.cancelled(ctx, jobID, err)
	}
	return &bigQueryRows{ctx: ctx, cn: cn, jobID: jobID, it: it}, nil
}

// ExecContext runs query as a job and waits for it.
func (cn *bigQueryConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	job, jobID, err := cn.start(ctx, query, args)
	if err != nil {
		return nil, err
	}
	st, err := job.Wait(ctx)
	if err != nil {
		return nil, cn.cancelled(ctx, jobID, err)
	}
	if err := st.Err(); err != nil {
		return nil, err
	}
	var n int64
	if qs, ok := st.Statistics.Details.(*bigquery.QueryStatistics); ok {
		n = qs.NumDMLAffectedRows
	}
	return driver.RowsAffected(n), nil
}

// query builds a query job of the connection's settings. Arguments bind
// the statement's @name parameters: by name when given as sql.Named, else
// in the order the names first appear in the text, which is the order
// dialects.Statement.Bind and dialects.BindNamed give them in.
// start submits query as a job, for QueryContext to read and ExecContext
// to wait for; a submission the context ends also cancels its job.
func (cn *bigQueryConn) start(ctx context.Context, query string, args []driver.NamedValue) (*bigquery.Job, string, error) {
	q, err := cn.query(query, args, false)
	if err != nil {
		return nil, "", err
	}
	job, err := q.Run(ctx)
	if err != nil {
		return nil, "", cn.cancelled(ctx, q.JobID, err)
	}
	return job, q.JobID, nil
}

func (cn *bigQueryConn) query(text string, args []driver.NamedValue, dryRun bool) (*bigquery.Query, error) {
	cfg := cn.c.cfg
	q := cn.c.client.Query(text)
	q.DefaultProjectID = cfg.Project
	q.DefaultDatasetID = cfg.Dataset
	q.Location = cfg.Location
	q.MaxBytesBilled = cfg.MaxBytesBilled
	q.Labels = cfg.Labels
	q.DryRun = dryRun
	if !dryRun {
		q.JobID = "paramsql_" + newJobSuffix()
	}
	if len(args) == 0 {
		return q, nil
	}
	names, err := bigQueryParamNames(text)
	if err != nil {
		return nil, err
	}
	for _, a := range args {
		name := a.Name
		if name == "" {
			if a.Ordinal < 1 || a.Ordinal > len(names) {
				return nil, fmt.Errorf("bigquery: argument %d binds no @parameter (the statement has %d)", a.Ordinal, len(names))
			}
			name = names[a.Ordinal-1]
		}
		v, err := bigQueryParamValue(a.Value)
		if err != nil {
			return nil, fmt.Errorf("bigquery: @%s: %w", name, err)
		}
		q.Parameters = append(q.Parameters, bigquery.QueryParameter{Name: name, Value: v})
	}
	return q, nil
}

// bigQueryParamNames lists the distinct @names of a statement in order of
// first use, reading it under BigQuery's lexical rules so that an @ in a
// string, a quoted name or a comment is not taken for a parameter.
func bigQueryParamNames(text string) ([]string, error) {
	d, err := dialects.Get("bigquery")
	if err != nil {
		return nil, err
	}
	toks, err := dialects.Tokenize(text, dialects.LexRulesFor(d))
	if err != nil {
		return nil, err
	}
	var names []string
	seen := map[string]bool{}
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].Kind != dialects.Punct || toks[i].Text != "@" || toks[i+1].Kind != dialects.Word {
			continue
		}
		if i > 0 && toks[i-1].Kind == dialects.Punct && toks[i-1].Text == "@" {
			continue // @@system_variable
		}
		if n := toks[i+1].Text; !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	return names, nil
}

// bigQueryParamValue maps a bound Go value to the one the client types as
// the parameter's BigQuery type: a time.Time is a TIMESTAMP, in UTC.
func bigQueryParamValue(v any) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, errors.New("a NULL parameter has no type; BigQuery needs one")
	case time.Time:
		return x.UTC(), nil
	case string, int64, float64, bool, []byte:
		return x, nil
	}
	return nil, fmt.Errorf("cannot bind a %T", v)
}

// newJobSuffix makes a job ID unique; BigQuery refuses a reused one.
func newJobSuffix() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// cancelled cancels the job of a call whose context ended, so that
// BigQuery stops running it, and returns err.
func (cn *bigQueryConn) cancelled(ctx context.Context, jobID string, err error) error {
	if ctx.Err() == nil || jobID == "" {
		return err
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	job, jerr := cn.c.client.JobFromIDLocation(cctx, jobID, cn.c.cfg.Location)
	if jerr == nil {
		jerr = job.Cancel(cctx)
	}
	if jerr != nil {
		return errors.Join(err, fmt.Errorf("cancel job %s: %w", jobID, jerr))
	}
	return err
}

// bigQueryStmt is a prepared statement: BigQuery prepares nothing, so it
// only holds the text.
type bigQueryStmt struct {
	cn    *bigQueryConn
	query string
}

func (s *bigQueryStmt) Close() error  { return nil }
func (s *bigQueryStmt) NumInput() int { return -1 }
func (s *bigQueryStmt) Exec([]driver.Value) (driver.Result, error) {
	return nil, errors.New("bigquery: use ExecContext")
}
func (s *bigQueryStmt) Query([]driver.Value) (driver.Rows, error) {
	return nil, errors.New("bigquery: use QueryContext")
}
func (s *bigQueryStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.cn.ExecContext(ctx, s.query, args)
}
func (s *bigQueryStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.cn.QueryContext(ctx, s.query, args)
}

// CheckNamedValue lets time.Time and the other parameter types through
// as they are.
func (cn *bigQueryConn) CheckNamedValue(nv *driver.NamedValue) error {
	v, err := driver.DefaultParameterConverter.ConvertValue(nv.Value)
	if err != nil {
		return err
	}
	nv.Value = v
	return nil
}

// bigQueryRows reads a job's result page by page as database/sql asks.
type bigQueryRows struct {
	ctx   context.Context
	cn    *bigQueryConn
	jobID string
	it    *bigquery.RowIterator
}

func (r *bigQueryRows) Columns() []string {
	cols := make([]string, len(r.it.Schema))
	for i, f := range r.it.Schema {
		cols[i] = f.Name
	}
	return cols
}

// ColumnTypeDatabaseTypeName gives BigQuery's type name (INTEGER, DATE …).
func (r *bigQueryRows) ColumnTypeDatabaseTypeName(i int) string {
	return string(r.it.Schema[i].Type)
}

func (r *bigQueryRows) Close() error { return nil }

func (r *bigQueryRows) Next(dest []driver.Value) error {
	var row []bigquery.Value
	err := r.it.Next(&row)
	if err == iterator.Done {
		return io.EOF
	}
	if err != nil {
		return r.cn.cancelled(r.ctx, r.jobID, err)
	}
	for i := range dest {
		if i >= len(row) {
			dest[i] = nil
			continue
		}
		if dest[i], err = bigQueryDriverValue(row[i]); err != nil {
			return fmt.Errorf("bigquery: column %s: %w", r.it.Schema[i].Name, err)
		}
	}
	return nil
}

// bigQueryDriverValue turns a value of the client into one database/sql
// carries: a DATE is midnight UTC of its day, a DATETIME its wall time in
// UTC, a NUMERIC its float.
func bigQueryDriverValue(v bigquery.Value) (driver.Value, error) {
	switch x := v.(type) {
	case nil, int64, float64, bool, string, []byte:
		return x, nil
	case time.Time:
		return x.UTC(), nil
	case civil.Date:
		return x.In(time.UTC), nil
	case civil.DateTime:
		return x.In(time.UTC), nil
	case civil.Time:
		return x.String(), nil
	case *big.Rat:
		f, _ := x.Float64()
		return f, nil
	}
	return nil, fmt.Errorf("unsupported value %T (arrays and structs are not read)", v)
}

// BigQueryDryRun is what a BigQuery dry run says of a statement.
type BigQueryDryRun struct {
	// StatementType is BigQuery's word for the statement: SELECT,
	// INSERT, CREATE_TABLE, SCRIPT …
	StatementType string
	// TotalBytesProcessed is what the statement would scan, and bill
	// (before the 10 MB per-table minimum).
	TotalBytesProcessed int64
}

// ErrNoDryRun is returned by DryRun on an engine that has none.
var ErrNoDryRun = errors.New("only bigquery connections have a dry run")

// DryRun asks BigQuery what query would do, with args bound as a query
// would bind them, without running it: it costs nothing and fails as the
// query would on a wrong name or type.
func (db *DB) DryRun(ctx context.Context, query string, args ...any) (*BigQueryDryRun, error) {
	if db.driver != "bigquery" {
		return nil, ErrNoDryRun
	}
	cctx, cancel := db.begin(ctx)
	defer cancel()
	res, err := db.bigQueryDryRun(cctx, query, args)
	return res, db.fail(ctx, cctx, "dry run", err)
}

func (db *DB) bigQueryDryRun(ctx context.Context, query string, args []any) (*BigQueryDryRun, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	var out *BigQueryDryRun
	err = conn.Raw(func(dc any) error {
		cn, ok := dc.(*bigQueryConn)
		if !ok {
			return fmt.Errorf("bigquery: unexpected driver connection %T", dc)
		}
		nv := make([]driver.NamedValue, len(args))
		for i, a := range args {
			nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
			if n, ok := a.(sql.NamedArg); ok {
				nv[i] = driver.NamedValue{Ordinal: i + 1, Name: n.Name, Value: n.Value}
			}
		}
		q, err := cn.query(query, nv, true)
		if err != nil {
			return err
		}
		job, err := q.Run(ctx)
		if err != nil {
			return err
		}
		st := job.LastStatus()
		if st == nil || st.Statistics == nil {
			return errors.New("bigquery: the dry run returned no statistics")
		}
		out = &BigQueryDryRun{TotalBytesProcessed: st.Statistics.TotalBytesProcessed}
		if qs, ok := st.Statistics.Details.(*bigquery.QueryStatistics); ok {
			out.StatementType = qs.StatementType
		}
		return nil
	})
	return out, err
}

// bigQueryReadOnly runs a raw query only once a dry run says it is one
// SELECT: BigQuery has no read-only transaction, but it knows better than
// any lexer what a text would do.
func (db *DB) bigQueryReadOnly(ctx context.Context, query string, args []any) (*Result, error) {
	dr, err := db.bigQueryDryRun(ctx, query, args)
	if err != nil {
		return nil, err
	}
	if dr.StatementType != "SELECT" {
		return nil, fmt.Errorf("%w: BigQuery's dry run says it is a %s statement", ErrNotReadOnly, dr.StatementType)
	}
	rows, err := db.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return ReadRows(rows)
}
