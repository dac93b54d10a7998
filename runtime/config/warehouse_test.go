package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWarehouseConnections: the bigquery, snowflake and redshift drivers
// load with their DSNs, a DSN of the wrong form is refused with the form
// to write, and no password is printed.
func TestWarehouseConnections(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "the three drivers",
			src: "connections:\n" +
				"  bq: {driver: bigquery, dsn: \"bigquery://my-proj/analytics?location=EU\"}\n" +
				"  sf: {driver: snowflake, dsn: \"app:s3cr3t@acct/DB/PUBLIC?warehouse=WH\"}\n" +
				"  rs: {driver: redshift, dsn: \"postgres://app:s3cr3t@cluster:5439/db\"}\n",
		},
		{
			name: "bigquery given a postgres URL",
			src:  "connections:\n  bq: {driver: bigquery, dsn: \"postgres://u:s3cr3t@h/db\"}\n",
			want: []string{`DIR/paramsql.yaml:2:31: connections.bq.dsn: "postgres://u:xxxxx@h/db" is not a bigquery DSN (write bigquery://PROJECT/DATASET?location=…)`},
		},
		{
			name: "redshift given a clickhouse URL",
			src:  "connections:\n  rs: {driver: redshift, dsn: \"clickhouse://u:s3cr3t@h:9000/db\"}\n",
			want: []string{`DIR/paramsql.yaml:2:31: connections.rs.dsn: "clickhouse://u:xxxxx@h:9000/db" is not a redshift DSN (write postgres://user:password@cluster:5439/dbname (Redshift speaks the PostgreSQL protocol))`},
		},
	}
	for _, tc := range tests {
		got := loadProjectSource(t, map[string]string{ProjectFile: tc.src})
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
	if got := RedactDSN("app:s3cr3t@acct/DB/PUBLIC?warehouse=WH"); got != "app:xxxxx@acct/DB/PUBLIC?warehouse=WH" {
		t.Errorf("RedactDSN of a snowflake DSN: %s", got)
	}
}
