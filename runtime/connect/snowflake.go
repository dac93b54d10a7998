package connect

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"database/sql"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/snowflakedb/gosnowflake"
)

// snowflakeTimeZone is the session time zone of every Snowflake
// connection: the window bounds are UTC instants, and DATE_TRUNC periods
// must be UTC days whatever the column's timestamp flavour.
const snowflakeTimeZone = "UTC"

// ParseSnowflakeDSN reads a snowflake DSN, gosnowflake's own form
//
//	user[:password]@account/database/schema?warehouse=WH&role=ROLE[&authenticator=externalbrowser]
//	user[:password]@host:port/database/schema?account=ACCOUNT&… (a proxy, or a test's fake)
//
// plus one option of paramsql's, private_key_file=PATH (a PKCS #8 PEM
// file), which selects key-pair (JWT) authentication. The session's
// TIMEZONE is set to UTC; a DSN that asks for another is refused.
func ParseSnowflakeDSN(dsn string) (*gosnowflake.Config, error) {
	rest, keyFile, err := cutDSNOption(dsn, "private_key_file")
	if err != nil {
		return nil, err
	}
	if keyFile != "" {
		key, err := readRSAKey(keyFile)
		if err != nil {
			return nil, fmt.Errorf("snowflake DSN: private_key_file: %w", err)
		}
		der, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			return nil, fmt.Errorf("snowflake DSN: private_key_file: %w", err)
		}
		// gosnowflake's own option for a key: base64 (URL alphabet) of
		// its PKCS #8 form.
		sep := "?"
		if strings.Contains(rest, "?") {
			sep = "&"
		}
		rest += sep + "authenticator=SNOWFLAKE_JWT&privateKey=" + base64.URLEncoding.EncodeToString(der)
	}
	cfg, err := gosnowflake.ParseDSN(rest)
	if err != nil {
		return nil, fmt.Errorf("snowflake DSN: %w", err)
	}
	for k, v := range cfg.Params {
		if strings.EqualFold(k, "timezone") {
			if v == nil || !strings.EqualFold(*v, snowflakeTimeZone) {
				return nil, errors.New("snowflake DSN: the session TIMEZONE is always UTC; remove the timezone option")
			}
			delete(cfg.Params, k)
		}
	}
	tz := snowflakeTimeZone
	cfg.Params["TIMEZONE"] = &tz
	return cfg, nil
}

// cutDSNOption removes option name from a DSN's query string and returns
// its value.
func cutDSNOption(dsn, name string) (rest, value string, err error) {
	base, query, ok := strings.Cut(dsn, "?")
	if !ok {
		return dsn, "", nil
	}
	var kept []string
	for _, kv := range strings.Split(query, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if k != name {
			kept = append(kept, kv)
			continue
		}
		if value, err = url.QueryUnescape(v); err != nil {
			return "", "", fmt.Errorf("DSN option %s: %w", name, err)
		}
	}
	if len(kept) == 0 {
		return base, value, nil
	}
	return base + "?" + strings.Join(kept, "&"), value, nil
}

// readRSAKey reads an unencrypted PKCS #8 (BEGIN PRIVATE KEY) or PKCS #1
// (BEGIN RSA PRIVATE KEY) PEM file, the forms Snowflake's key-pair guide
// makes.
func readRSAKey(path string) (*rsa.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, errors.New("no PEM block in the file")
	}
	switch block.Type {
	case "RSA PRIVATE KEY":
		return x509.ParsePKCS1PrivateKey(block.Bytes)
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, err
		}
		rk, ok := k.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("a %T key; Snowflake takes RSA keys", k)
		}
		return rk, nil
	}
	return nil, fmt.Errorf("a %q PEM block; want an unencrypted PRIVATE KEY", block.Type)
}

// openSnowflake opens a Snowflake account through gosnowflake with the
// session settings of ParseSnowflakeDSN.
func openSnowflake(dsn string) (*sql.DB, error) {
	cfg, err := ParseSnowflakeDSN(dsn)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(gosnowflake.NewConnector(gosnowflake.SnowflakeDriver{}, *cfg)), nil
}

// snowflakeSecrets lists the secrets of a snowflake DSN for redaction.
func snowflakeSecrets(dsn string) []string {
	rest, _, err := cutDSNOption(dsn, "private_key_file")
	if err != nil {
		return nil
	}
	cfg, err := gosnowflake.ParseDSN(rest)
	if err != nil {
		return nil
	}
	out := []string{cfg.Password, cfg.Token, cfg.Passcode}
	if cfg.PrivateKey != nil {
		// The key as the DSN spells it (privateKey=base64).
		if _, v, ok := strings.Cut(rest, "privateKey="); ok {
			v, _, _ = strings.Cut(v, "&")
			out = append(out, v)
		}
	}
	return out
}

// snowflakeReadOnly runs a raw query, or one of the dialect's batches. Snowflake has no read-only
// transaction (gosnowflake refuses one), so the guards are: the query
// passed ValidateSelectFor under Snowflake's lexical rules (one
// statement, SELECT or WITH, no write keyword); it is sent with
// MULTI_STATEMENT_COUNT=1, so the server itself refuses a text of several
// statements whatever the account's default; and a role with only
// SELECT grants, which the README recommends, makes the rest the
// server's business.
func (db *DB) snowflakeReadOnly(ctx context.Context, query string, args []any) (*Result, error) {
	ctx, err := gosnowflake.WithMultiStatement(ctx, 1)
	if err != nil {
		return nil, err
	}
	rows, err := db.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	types, err := rows.ColumnTypes()
	if err != nil {
		_ = rows.Close()
		return nil, err
	}
	res, err := ReadRows(rows)
	if err != nil {
		return nil, err
	}
	snowflakeColumnNames(res)
	return res, snowflakeNumbers(res, types)
}

// snowflakeColumnNames undoes Snowflake's folding of unquoted names: the
// snowflake dialect writes a plain name such as trials unquoted, and
// Snowflake reports it as TRIALS. An all-upper-case name is the same
// identifier as its lower-case spelling there, so it is given in lower
// case, as every other engine gives the names paramsql wrote; a
// mixed-case name, which only quoting can produce, is kept as it is.
func snowflakeColumnNames(res *Result) {
	for i, c := range res.Columns {
		if c == strings.ToUpper(c) {
			res.Columns[i] = strings.ToLower(c)
		}
	}
}

// snowflakeNumbers turns the text that gosnowflake gives for NUMBER
// (FIXED) columns into numbers, as other engines give them: int64 for a
// scale of 0 (COUNT(*) is NUMBER(18,0)), else float64.
func snowflakeNumbers(res *Result, types []*sql.ColumnType) error {
	for i, ct := range types {
		if !strings.EqualFold(ct.DatabaseTypeName(), "FIXED") {
			continue
		}
		_, scale, _ := ct.DecimalSize()
		for _, row := range res.Rows {
			s, ok := row[i].(string)
			if !ok {
				continue
			}
			var err error
			if scale == 0 {
				row[i], err = strconv.ParseInt(s, 10, 64)
			} else {
				row[i], err = strconv.ParseFloat(s, 64)
			}
			if err != nil {
				return fmt.Errorf("column %s: NUMBER %q: %w", ct.Name(), s, err)
			}
		}
	}
	return nil
}
