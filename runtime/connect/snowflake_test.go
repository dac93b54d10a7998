package connect

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/snowflakedb/gosnowflake"

	"github.com/paramsql/paramsql/internal/sffake"
	"github.com/paramsql/paramsql/runtime/config"
)

// writeRSAKey writes a fresh RSA key as an unencrypted PKCS #8 PEM file.
func writeRSAKey(t *testing.T) (string, *rsa.PrivateKey) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "rsa_key.p8")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, key
}

func TestParseSnowflakeDSN(t *testing.T) {
	keyFile, key := writeRSAKey(t)
	type summary struct {
		Account, User, Password, Database, Schema, Warehouse, Role string
		Authenticator                                              gosnowflake.AuthType
		Params                                                     map[string]string
		HasKey                                                     bool
	}
	utc := map[string]string{"TIMEZONE": "UTC"}
	cases := []struct {
		dsn     string
		want    summary
		wantErr string
	}{
		{
			dsn: "app:pw@myorg-acct/ANALYTICS/PUBLIC?warehouse=WH&role=READER",
			want: summary{Account: "myorg-acct", User: "app", Password: "pw", Database: "ANALYTICS", Schema: "PUBLIC",
				Warehouse: "WH", Role: "READER", Authenticator: gosnowflake.AuthTypeSnowflake, Params: utc},
		},
		{
			dsn: "app@myorg-acct/ANALYTICS/PUBLIC?authenticator=externalbrowser&timezone=utc",
			want: summary{Account: "myorg-acct", User: "app", Database: "ANALYTICS", Schema: "PUBLIC",
				Authenticator: gosnowflake.AuthTypeExternalBrowser, Params: utc},
		},
		{
			dsn: "app@myorg-acct/ANALYTICS/PUBLIC?warehouse=WH&private_key_file=" + keyFile,
			want: summary{Account: "myorg-acct", User: "app", Database: "ANALYTICS", Schema: "PUBLIC", Warehouse: "WH",
				Authenticator: gosnowflake.AuthTypeJwt, Params: utc, HasKey: true},
		},
		{dsn: "app:pw@acct/DB/S?TIMEZONE=America%2FNew_York", wantErr: "always UTC"},
		{dsn: "app@acct/DB/S?private_key_file=/nonexistent/key.p8", wantErr: "private_key_file"},
	}
	for _, c := range cases {
		cfg, err := ParseSnowflakeDSN(c.dsn)
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
		got := summary{Account: cfg.Account, User: cfg.User, Password: cfg.Password, Database: cfg.Database,
			Schema: cfg.Schema, Warehouse: cfg.Warehouse, Role: cfg.Role, Authenticator: cfg.Authenticator,
			Params: map[string]string{}, HasKey: cfg.PrivateKey != nil}
		for k, v := range cfg.Params {
			got.Params[k] = *v
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.dsn, diff)
		}
		if got.HasKey && !cfg.PrivateKey.Equal(key) {
			t.Errorf("%s: the key read is not the key written", c.dsn)
		}
	}
}

// snowflakeDSN is a DSN to the fake, with a password that must never be
// printed.
func snowflakeDSN(fake *sffake.Server, password string) string {
	host, port := fake.HostPort()
	return fmt.Sprintf("app:%s@%s:%s/ANALYTICS/PUBLIC?account=myorg-acct&warehouse=WH&role=READER&protocol=http", password, host, port)
}

func TestSnowflakeQueryReadOnly(t *testing.T) {
	start := time.Date(2025, 1, 20, 6, 30, 0, 123456000, time.UTC)
	end := start.Add(7 * 24 * time.Hour)
	const query = "SELECT ref, n, r, d, ntz, ltz, tz AS \"Tz\", share, note FROM counts WHERE channel = ? AND created_at >= ? AND created_at < ?"
	str := func(s string) *string { return &s }
	epoch := fmt.Sprintf("%d.%09d", start.Unix(), start.Nanosecond())
	answer := func(q sffake.Query) (*sffake.Answer, error) {
		if q.SQL == "SELECT 1" { // gosnowflake's ping
			return &sffake.Answer{Columns: []sffake.Column{{Name: "1", Type: "fixed"}}, Rows: [][]*string{{str("1")}}}, nil
		}
		if q.SQL != query {
			return nil, &sffake.Error{Code: "002003", SQLState: "42S02", Message: "SQL compilation error: unexpected " + q.SQL}
		}
		return &sffake.Answer{
			Columns: []sffake.Column{
				{Name: "REF", Type: "text"}, {Name: "N", Type: "fixed"}, {Name: "R", Type: "fixed", Scale: 2}, {Name: "D", Type: "date"},
				{Name: "NTZ", Type: "timestamp_ntz", Scale: 9}, {Name: "LTZ", Type: "timestamp_ltz", Scale: 9},
				{Name: "Tz", Type: "timestamp_tz", Scale: 9}, {Name: "SHARE", Type: "real"}, {Name: "NOTE", Type: "text"},
			},
			Rows: [][]*string{{
				str(hostile), str("42"), str("12.50"), str(strconv.FormatInt(start.Unix()/86400, 10)),
				str(epoch), str(epoch), str(epoch + " 1500"), // TZ: UTC epoch, then the offset +60 min as minutes + 1440
				str("0.25"), nil,
			}},
		}, nil
	}
	fake := sffake.New(answer)
	defer fake.Close()
	db, err := Open(context.Background(), Config{Name: "sf", Driver: "snowflake", DSN: snowflakeDSN(fake, "pw'\\;--é"), Timeout: time.Minute})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	if db.Dialect().Name() != "snowflake" {
		t.Errorf("dialect %s, want snowflake", db.Dialect().Name())
	}
	res, err := db.QueryReadOnly(context.Background(), query, hostile, start.In(time.FixedZone("CET", 3600)), end)
	if err != nil {
		t.Fatalf("QueryReadOnly: %v", err)
	}
	want := &Result{
		Columns: []string{"ref", "n", "r", "d", "ntz", "ltz", "Tz", "share", "note"}, // as written, not as folded
		Rows:    [][]any{{hostile, int64(42), 12.5, time.Date(2025, 1, 20, 0, 0, 0, 0, time.UTC), start, start, start, 0.25, nil}},
	}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}

	logins := fake.Logins()
	if len(logins) != 1 {
		t.Fatalf("%d logins, want 1", len(logins))
	}
	l := logins[0]
	if diff := cmp.Diff(sffake.Login{
		Account: "myorg-acct", User: "app", Password: "pw'\\;--é",
		Warehouse: "WH", Database: "ANALYTICS", Schema: "PUBLIC", Role: "READER",
	}, l, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".SessionParameters" }, cmp.Ignore())); diff != "" {
		t.Errorf("login (-want +got):\n%s", diff)
	}
	if tz := l.SessionParameters["TIMEZONE"]; tz != "UTC" {
		t.Errorf("session TIMEZONE %v, want UTC (all: %v)", tz, l.SessionParameters)
	}

	var sent *sffake.Query
	for _, q := range fake.Queries() {
		if q.SQL == query {
			sent = &q
		}
	}
	if sent == nil {
		t.Fatal("the query was not sent")
	}
	nanos := func(t time.Time) string { return strconv.FormatInt(t.UnixNano(), 10) }
	wantBindings := map[string]sffake.Binding{
		"1": {Type: "TEXT", Value: hostile},
		"2": {Type: "TIMESTAMP_NTZ", Value: nanos(start)},
		"3": {Type: "TIMESTAMP_NTZ", Value: nanos(end)},
	}
	if diff := cmp.Diff(wantBindings, sent.Bindings); diff != "" {
		t.Errorf("bindings (-want +got):\n%s", diff)
	}
	if n := fmt.Sprint(sent.Parameters["MULTI_STATEMENT_COUNT"]); n != "1" {
		t.Errorf("MULTI_STATEMENT_COUNT %s, want 1 (parameters %v)", n, sent.Parameters)
	}
	if sent.Token == "" {
		t.Errorf("the query carried no session token")
	}
}

func TestSnowflakeRefusalsAndErrors(t *testing.T) {
	const password = "Hunter2-s3cret"
	answer := func(q sffake.Query) (*sffake.Answer, error) {
		if q.SQL == "SELECT 1" {
			return &sffake.Answer{Columns: []sffake.Column{{Name: "1", Type: "fixed"}}, Rows: [][]*string{}}, nil
		}
		return nil, &sffake.Error{Code: "002003", SQLState: "42S02", Message: "SQL compilation error: Object 'EVENTZ' does not exist or not authorized."}
	}
	fake := sffake.New(answer)
	defer fake.Close()
	dsn := snowflakeDSN(fake, password)
	db, err := Open(context.Background(), Config{Name: "sf", Driver: "snowflake", DSN: dsn})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	before := len(fake.Queries())
	for _, q := range []string{"INSERT INTO t SELECT 1", "SELECT 1; DROP TABLE t", "CREATE TABLE t AS SELECT 1"} {
		if _, err := db.QueryReadOnly(context.Background(), q); !errors.Is(err, ErrNotReadOnly) {
			t.Errorf("%q: error %v, want ErrNotReadOnly", q, err)
		}
	}
	if n := len(fake.Queries()); n != before {
		t.Errorf("refused queries reached the server (%d requests)", n-before)
	}
	_, err = db.QueryReadOnly(context.Background(), "SELECT COUNT(*) FROM eventz")
	if err == nil || !strings.Contains(err.Error(), "'EVENTZ' does not exist") {
		t.Errorf("error %v, want Snowflake's message", err)
	}

	// The password is never printed: not by the connection's errors, nor
	// by the project's redaction of the DSN.
	sdb := &DB{cfg: Config{Name: "sf"}, secrets: dsnSecrets("snowflake", dsn)}
	if err := sdb.wrap(fmt.Errorf("login with %s failed", dsn)); strings.Contains(err.Error(), password) {
		t.Errorf("error shows the password: %v", err)
	}
	if red := config.RedactDSN(dsn); strings.Contains(red, password) {
		t.Errorf("RedactDSN shows the password: %s", red)
	}
}

func TestSnowflakeTimeoutAbortsTheQuery(t *testing.T) {
	fake := sffake.New(func(q sffake.Query) (*sffake.Answer, error) {
		return &sffake.Answer{Columns: []sffake.Column{{Name: "1", Type: "fixed"}}, Rows: [][]*string{}}, nil
	})
	defer fake.Close()
	fake.Hang = true
	db, err := Open(context.Background(), Config{Name: "sf", Driver: "snowflake", DSN: snowflakeDSN(fake, "pw"), Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	_, err = db.QueryReadOnly(context.Background(), "SELECT COUNT(*) AS n FROM events")
	var te *TimeoutError
	if !errors.As(err, &te) || te.After != 300*time.Millisecond {
		t.Fatalf("error %v, want a TimeoutError after 300ms", err)
	}
	aborted := false
	for _, p := range fake.Other() {
		aborted = aborted || p == "/queries/v1/abort-request"
	}
	if !aborted {
		t.Errorf("the driver sent no abort request (other requests: %v)", fake.Other())
	}
}
