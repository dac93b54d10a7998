package dialects

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCreateEventsTable(t *testing.T) {
	keys := []string{"channel", "device"}
	tests := []struct {
		dialect   string
		temporary bool
		want      []string // substrings
		wantErr   string
	}{
		{"duckdb", false, []string{`CREATE TABLE "analytics"."events" (`, `"user_id" VARCHAR NOT NULL`, `"created_at" TIMESTAMP NOT NULL`, `"device" VARCHAR` + "\n)"}, ""},
		{"duckdb", true, []string{`CREATE TEMPORARY TABLE`}, ""},
		{"postgres", false, []string{`"session_id" text NOT NULL`, `"channel" text,`}, ""},
		{"clickhouse", false, []string{`"created_at" DateTime('UTC')`, `"channel" Nullable(String)`, `ENGINE = MergeTree() PARTITION BY tuple() ORDER BY ("user_id", "session_id", "created_at")`}, ""},
		{"mysql", false, []string{"`node_slug` VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL", "COLLATE = utf8mb4_nopad_bin"}, ""},
		{"clickhouse", true, nil, "temporary tables"},
		{"bigquery", false, nil, "not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.dialect, func(t *testing.T) {
			d, _ := Get(tt.dialect)
			got, err := CreateEventsTable(d, "analytics.events", keys, tt.temporary)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("statement lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestCopyAndDrop(t *testing.T) {
	d, _ := Get("mysql")
	cp, err := CopyRows(d, "events", "part`1")
	if err != nil {
		t.Fatal(err)
	}
	drop, err := DropTable(d, "db.part`1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"INSERT INTO `events` SELECT * FROM `part``1`", "DROP TABLE `db`.`part``1`"}, []string{cp, drop}); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
