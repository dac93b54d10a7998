package dialects

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/compiler"
)

func TestEventsInWindow(t *testing.T) {
	s := compiler.DefaultSchema()
	s.Table, s.Columns.CreatedAt = "raw.ev\"ents", "ts"
	want := map[string]string{
		"duckdb":   `SELECT (SELECT count(*) FROM "raw"."ev""ents" WHERE "ts" >= ? AND "ts" < ?) AS "n", (SELECT max("ts") FROM "raw"."ev""ents") AS "latest"`,
		"postgres": `SELECT (SELECT count(*) FROM "raw"."ev""ents" WHERE "ts" >= $1 AND "ts" < $2) AS "n", (SELECT max("ts") FROM "raw"."ev""ents") AS "latest"`,
		"mysql":    "SELECT (SELECT count(*) FROM `raw`.`ev\"ents` WHERE `ts` >= ? AND `ts` < ?) AS `n`, (SELECT max(`ts`) FROM `raw`.`ev\"ents`) AS `latest`",
	}
	for name, w := range want {
		d, _ := Get(name)
		got, err := EventsInWindow(d, s)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}
