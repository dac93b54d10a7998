package connect

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/paramsql/paramsql/internal/bqfake"
)

func TestParseBigQueryDSN(t *testing.T) {
	cases := []struct {
		dsn     string
		want    BigQueryConfig
		wantErr string
	}{
		{dsn: "bigquery://my-proj", want: BigQueryConfig{Project: "my-proj"}},
		{
			dsn: "bigquery://my-proj/analytics?location=EU&credentials_file=%2Fkeys%2Fsa.json&maximum_bytes_billed=1000000&labels=team:growth,tool:paramsql&endpoint=http://127.0.0.1:9/bigquery/v2/",
			want: BigQueryConfig{
				Project: "my-proj", Dataset: "analytics", Location: "EU", CredentialsFile: "/keys/sa.json",
				MaxBytesBilled: 1000000, Labels: map[string]string{"team": "growth", "tool": "paramsql"},
				Endpoint: "http://127.0.0.1:9/bigquery/v2/",
			},
		},
		{dsn: "postgres://x/y", wantErr: "bigquery://PROJECT"},
		{dsn: "bigquery:///analytics", wantErr: "bigquery://PROJECT"},
		{dsn: "bigquery://p/a/b", wantErr: "not one dataset"},
		{dsn: "bigquery://p?maximum_bytes_billed=lots", wantErr: "not a number of bytes"},
		{dsn: "bigquery://p?labels=team", wantErr: "not key:value"},
		{dsn: "bigquery://p?region=EU", wantErr: `unknown option "region"`},
	}
	for _, c := range cases {
		got, err := ParseBigQueryDSN(c.dsn)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%s: error %v, want one containing %q", c.dsn, err, c.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.dsn, err)
			continue
		}
		if diff := cmp.Diff(c.want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.dsn, diff)
		}
	}
}

// bqFixture is a fake BigQuery with dataset analytics and a connection to
// it.
type bqFixture struct {
	fake *bqfake.Server
	db   *DB
}

func newBQFixture(t *testing.T, answer func(bqfake.Query) (*bqfake.Answer, error), timeout time.Duration, options string) *bqFixture {
	t.Helper()
	fake := bqfake.New("my-proj", answer)
	t.Cleanup(fake.Close)
	fake.Datasets = []string{"analytics"}
	dsn := "bigquery://my-proj/analytics?endpoint=" + fake.Endpoint() + options
	db, err := Open(context.Background(), Config{Name: "bq", Driver: "bigquery", DSN: dsn, Timeout: timeout})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if db.Dialect().Name() != "bigquery" {
		t.Errorf("dialect %s, want bigquery", db.Dialect().Name())
	}
	return &bqFixture{fake: fake, db: db}
}

// hostile is a value that breaks SQL if spliced: quotes, a backslash, a
// comment, a statement end and non-ASCII text.
const hostile = "o'brien\\\" -- ; DROP TABLE x; é😀"

func TestBigQueryQueryReadOnly(t *testing.T) {
	start := time.Date(2025, 1, 20, 6, 30, 0, 123456000, time.UTC)
	day := time.Date(2025, 1, 21, 0, 0, 0, 0, time.UTC)
	const query = "SELECT ref, n, day, at, share, note FROM `analytics.counts` WHERE channel = @channel AND at >= @window_start AND note != '@not_a_param'"
	cols := []bqfake.Column{{Name: "ref", Type: "STRING"}, {Name: "n", Type: "INTEGER"}, {Name: "day", Type: "DATE"}, {Name: "at", Type: "TIMESTAMP"}, {Name: "share", Type: "FLOAT"}, {Name: "note", Type: "STRING"}}
	var rows [][]any
	for i := range int64(5) {
		rows = append(rows, []any{"r" + string(rune('a'+i)), i * 10, day.AddDate(0, 0, int(i)), start.Add(time.Duration(i) * time.Hour), 0.25 * float64(i), nil})
	}
	rows[2][5] = hostile
	answer := func(q bqfake.Query) (*bqfake.Answer, error) {
		return &bqfake.Answer{BytesProcessed: 123456789, Columns: cols, Rows: rows}, nil
	}
	f := newBQFixture(t, answer, time.Minute, "&location=EU&maximum_bytes_billed=5000000000&labels=team:growth,tool:paramsql")
	f.fake.PageSize = 2
	f.fake.Polls = 2
	res, err := f.db.QueryReadOnly(context.Background(), query, hostile, start.In(time.FixedZone("CET", 3600)))
	if err != nil {
		t.Fatalf("QueryReadOnly: %v", err)
	}
	want := &Result{Columns: []string{"ref", "n", "day", "at", "share", "note"}}
	for _, r := range rows {
		want.Rows = append(want.Rows, r)
	}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}

	qs := f.fake.Queries()
	if len(qs) != 2 {
		t.Fatalf("%d jobs, want a dry run and a query: %+v", len(qs), qs)
	}
	if !strings.HasPrefix(qs[1].JobID, "paramsql_") {
		t.Errorf("job ID %q, want paramsql_…", qs[1].JobID)
	}
	wantParams := []bqfake.Param{
		{Name: "channel", Type: "STRING", Value: hostile},
		{Name: "window_start", Type: "TIMESTAMP", Value: "2025-01-20 06:30:00.123456+00:00"},
	}
	for i, q := range qs {
		want := bqfake.Query{
			JobID: q.JobID, SQL: query, DryRun: i == 0, Params: wantParams,
			Labels:         map[string]string{"team": "growth", "tool": "paramsql"},
			MaxBytesBilled: 5000000000, Location: "EU", DefaultDataset: "my-proj.analytics",
		}
		if diff := cmp.Diff(want, q); diff != "" {
			t.Errorf("job %d as sent (-want +got):\n%s", i, diff)
		}
	}
	if tm, err := qs[1].Params[1].Time(); err != nil || !tm.Equal(start) {
		t.Errorf("window_start parameter is %v (%v), want %v", tm, err, start)
	}
	if diff := cmp.Diff([]string{"", "page-2", "page-4"}, f.fake.Pages()); diff != "" {
		t.Errorf("pages read (-want +got):\n%s", diff)
	}
}

func TestBigQueryRefusesWhatIsNotASelect(t *testing.T) {
	// Each text passes the lexical check; BigQuery's dry run, which knows
	// its grammar, is what says it is no SELECT.
	for _, typ := range []string{"SCRIPT", "CREATE_TABLE_AS_SELECT", "EXPORT_DATA", "CALL"} {
		answer := func(q bqfake.Query) (*bqfake.Answer, error) {
			return &bqfake.Answer{StatementType: typ}, nil
		}
		f := newBQFixture(t, answer, time.Minute, "")
		_, err := f.db.QueryReadOnly(context.Background(), "SELECT 1 AS x")
		if !errors.Is(err, ErrNotReadOnly) || !strings.Contains(err.Error(), typ) {
			t.Errorf("%s: error %v, want ErrNotReadOnly naming the type", typ, err)
		}
		for _, q := range f.fake.Queries() {
			if !q.DryRun {
				t.Errorf("%s: a job ran: %+v", typ, q)
			}
		}
	}
}

func TestBigQueryErrors(t *testing.T) {
	answer := func(q bqfake.Query) (*bqfake.Answer, error) {
		return nil, &bqfake.Error{Code: 400, Reason: "invalidQuery", Message: "Unrecognized name: chanel at [1:30]"}
	}
	f := newBQFixture(t, answer, time.Minute, "")
	_, err := f.db.QueryReadOnly(context.Background(), "SELECT COUNT(*) AS n FROM events WHERE chanel = 'x'")
	if err == nil || !strings.Contains(err.Error(), "Unrecognized name: chanel") {
		t.Errorf("error %v, want BigQuery's message", err)
	}
	if errors.Is(err, ErrNotReadOnly) {
		t.Errorf("a failed dry run is reported as a refusal: %v", err)
	}

	// A job that fails after it was accepted: the error of its result.
	failing := func(q bqfake.Query) (*bqfake.Answer, error) {
		return &bqfake.Answer{Fail: &bqfake.Error{Code: 400, Reason: "bytesBilledLimitExceeded", Message: "Query exceeded limit for bytes billed: 1000."}}, nil
	}
	f = newBQFixture(t, failing, time.Minute, "&maximum_bytes_billed=1000")
	_, err = f.db.QueryReadOnly(context.Background(), "SELECT COUNT(*) AS n FROM events")
	if err == nil || !strings.Contains(err.Error(), "exceeded limit for bytes billed") {
		t.Errorf("error %v, want the job's failure", err)
	}

	// A dataset that does not exist fails Open.
	fake := bqfake.New("my-proj", answer)
	defer fake.Close()
	_, err = Open(context.Background(), Config{Name: "bq", Driver: "bigquery", DSN: "bigquery://my-proj/nope?endpoint=" + fake.Endpoint()})
	if err == nil || !strings.Contains(err.Error(), "Not found: Dataset my-proj:nope") {
		t.Errorf("Open with a missing dataset: %v", err)
	}
}

// hangingFixture is a fake whose jobs run until cancelled; started is
// closed when the query (not the dry run) has been submitted.
func hangingFixture(t *testing.T, timeout time.Duration) (*bqFixture, chan struct{}) {
	started := make(chan struct{})
	answer := func(q bqfake.Query) (*bqfake.Answer, error) {
		if !q.DryRun {
			close(started)
		}
		return &bqfake.Answer{Columns: []bqfake.Column{{Name: "n", Type: "INTEGER"}}}, nil
	}
	f := newBQFixture(t, answer, timeout, "")
	f.fake.Hang = true
	return f, started
}

func TestBigQueryTimeoutCancelsTheJob(t *testing.T) {
	f, _ := hangingFixture(t, 300*time.Millisecond)
	_, err := f.db.QueryReadOnly(context.Background(), "SELECT 1 AS n")
	var te *TimeoutError
	if !errors.As(err, &te) || te.After != 300*time.Millisecond || te.Conn != "bq" {
		t.Fatalf("error %v, want a TimeoutError after 300ms", err)
	}
	checkCancelled(t, f.fake)
}

func TestBigQueryCallerCancelCancelsTheJob(t *testing.T) {
	f, started := hangingFixture(t, 0)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-started
		cancel()
	}()
	_, err := f.db.QueryReadOnly(ctx, "SELECT 1 AS n")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want cancelled", err)
	}
	checkCancelled(t, f.fake)
}

// checkCancelled checks that the one query job the fake ran was
// cancelled.
func checkCancelled(t *testing.T, fake *bqfake.Server) {
	t.Helper()
	var ids []string
	for _, q := range fake.Queries() {
		if !q.DryRun {
			ids = append(ids, q.JobID)
		}
	}
	if len(ids) != 1 {
		t.Fatalf("query jobs %v, want one", ids)
	}
	if diff := cmp.Diff(ids, fake.Cancelled()); diff != "" {
		t.Errorf("cancelled jobs (-want +got):\n%s", diff)
	}
}

func TestBigQueryDryRun(t *testing.T) {
	answer := func(q bqfake.Query) (*bqfake.Answer, error) {
		return &bqfake.Answer{BytesProcessed: 987654321}, nil
	}
	f := newBQFixture(t, answer, time.Minute, "")
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	got, err := f.db.DryRun(context.Background(), "SELECT COUNT(*) AS n FROM events WHERE created_at >= @window_start AND created_at < @window_end", start, start.AddDate(0, 0, 7))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&BigQueryDryRun{StatementType: "SELECT", TotalBytesProcessed: 987654321}, got); diff != "" {
		t.Errorf("dry run (-want +got):\n%s", diff)
	}
	qs := f.fake.Queries()
	wantParams := []bqfake.Param{
		{Name: "window_start", Type: "TIMESTAMP", Value: "2025-01-01 00:00:00+00:00"},
		{Name: "window_end", Type: "TIMESTAMP", Value: "2025-01-08 00:00:00+00:00"},
	}
	if len(qs) != 1 || !qs[0].DryRun || !cmp.Equal(qs[0].Params, wantParams) {
		t.Errorf("jobs sent %+v, want one dry run binding %v", qs, wantParams)
	}
	duck := openEngine(t, "duckdb", "duck", 0)
	if _, err := duck.DryRun(context.Background(), "SELECT 1"); !errors.Is(err, ErrNoDryRun) {
		t.Errorf("DryRun on duckdb: %v, want ErrNoDryRun", err)
	}
}

func TestBigQueryParamNames(t *testing.T) {
	cases := []struct {
		sql  string
		want []string
	}{
		{"SELECT @a, @b, @a", []string{"a", "b"}},
		{"SELECT '@x', `@y`, @@session.time_zone -- @z\n, @w", []string{"w"}},
		{"SELECT 1", nil},
	}
	for _, c := range cases {
		got, err := bigQueryParamNames(c.sql)
		if err != nil {
			t.Errorf("%q: %v", c.sql, err)
			continue
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", c.sql, diff)
		}
	}
}
