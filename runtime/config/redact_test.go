package config

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestRedactDSN(t *testing.T) {
	tests := []struct{ in, want string }{
		{"events.duckdb", "events.duckdb"},
		{":memory:", ":memory:"},
		{"postgres://u:s3cr3t@host:5432/db?sslmode=disable", "postgres://u:xxxxx@host:5432/db?sslmode=disable"},
		{"postgres://u@host/db", "postgres://u@host/db"},
		{"postgres://host/db", "postgres://host/db"},
		{"postgresql://u:p@ss/w0rd@host/db", "postgresql://u:xxxxx@host/db"},
		{"postgres://u:pa?ss@host/db", "postgres://u:xxxxx@host/db"},
		{"postgres://u:pw@host/db?password=s3cr3t&sslmode=require", "postgres://u:xxxxx@host/db?password=xxxxx&sslmode=require"},
		{"host=h user=u password=s3cr3t dbname=d", "host=h user=u password=xxxxx dbname=d"},
		{"host=h password='s3 cr3t' dbname=d", "host=h password=xxxxx dbname=d"},
		{"user:s3cr3t@tcp(127.0.0.1:3306)/db?parseTime=true", "user:xxxxx@tcp(127.0.0.1:3306)/db?parseTime=true"},
		{"user:p@ss@tcp(h:3306)/db", "user:xxxxx@tcp(h:3306)/db"},
		{"root@tcp(127.0.0.1:3306)/", "root@tcp(127.0.0.1:3306)/"},
		{"clickhouse://default:s3cr3t@127.0.0.1:9000/db", "clickhouse://default:xxxxx@127.0.0.1:9000/db"},
		{"md:analytics?motherduck_token=abc.def", "md:analytics?motherduck_token=xxxxx"},
		{"https://h/x?api_key=k&token=t&apikey=z", "https://h/x?api_key=xxxxx&token=xxxxx&apikey=xxxxx"},
	}
	for _, tc := range tests {
		if got := RedactDSN(tc.in); got != tc.want {
			t.Errorf("RedactDSN(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestConnectionNeverPrintsSecrets(t *testing.T) {
	c := Connection{Name: "pg", Driver: DriverPostgres, DSN: "postgres://u:s3cr3t@host/db"}
	var log strings.Builder
	slog.New(slog.NewTextHandler(&log, nil)).Info("connect", "conn", c)
	outputs := map[string]string{
		"Redacted":        c.Redacted(),
		"String":          c.String(),
		"%v":              fmt.Sprintf("%v", c),
		"%+v":             fmt.Sprintf("%+v", c),
		"%#v":             fmt.Sprintf("%#v", c),
		"%s of a pointer": fmt.Sprintf("%s", &c),
		"slog":            log.String(),
	}
	for how, out := range outputs {
		if strings.Contains(out, "s3cr3t") {
			t.Errorf("%s prints the password: %s", how, out)
		}
		if !strings.Contains(out, "postgres://u:xxxxx@host/db") {
			t.Errorf("%s does not show the redacted DSN: %s", how, out)
		}
	}
	if got, want := c.String(), "pg (postgres postgres://u:xxxxx@host/db)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
