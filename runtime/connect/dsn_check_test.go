package connect

import (
	"strings"
	"testing"
)

func TestCheckDSN(t *testing.T) {
	tests := []struct {
		driver, dsn string
		wantErr     string // empty: valid
	}{
		{"postgres", "postgres://app:s3cret@db:5432/analytics", ""},
		{"postgres", "postgres://app:s3cret@db:54x32/analytics", "port"},
		{"mysql", "app:s3cret@tcp(db:3306)/analytics", ""},
		{"mysql", "app:s3cret@tcp(db:99999)/analytics", "invalid port"},
		{"mysql", "app:s3cret@tcp(db)/analytics", ""},
		{"clickhouse", "clickhouse://default:s3cret@db:9000/default", ""},
		{"clickhouse", "clickhouse://default:s3cret@db:0/default", "invalid port"},
		{"duckdb", "events.duckdb?threads=2", ""},
		{"duckdb", "events.duckdb?threads=%zz", "do not parse"},
	}
	for _, tc := range tests {
		err := CheckDSN(tc.driver, tc.dsn)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("CheckDSN(%s, %s) = %v, want nil", tc.driver, tc.dsn, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("CheckDSN(%s, %s) = %v, want an error saying %q", tc.driver, tc.dsn, err, tc.wantErr)
		case err != nil && strings.Contains(err.Error(), "s3cret"):
			t.Errorf("CheckDSN(%s) error shows the password: %v", tc.driver, err)
		}
	}
}
