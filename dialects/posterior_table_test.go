package dialects

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The statements are run on real engines by runtime/store's tests; these
// tests pin their text and their argument order.

func TestPosteriorColumns(t *testing.T) {
	want := []string{"run_id", "param_id", "status", "reason", "reference", "sql_hash",
		"window_start", "window_end", "period", "period_key",
		"prior_alpha", "prior_beta", "prior_mean", "prior_stdev", "trials", "successes",
		"posterior_alpha", "posterior_beta", "posterior_mean", "posterior_stdev",
		"ci_low", "ci_high", "z", "alert", "method", "rhat", "ess", "as_of", "written_at", "immature",
		"shard", "pooling", "shrinkage", "pool_mu", "pool_tau",
		"lag_median_seconds", "lag_t95_seconds", "effective_trials", "prior_weight",
		"sibling_group", "sibling_none"}
	if diff := cmp.Diff(want, PosteriorColumns()); diff != "" {
		t.Errorf("PosteriorColumns() (-want +got):\n%s", diff)
	}
}

func TestPosteriorStatements(t *testing.T) {
	cols := `"run_id", "param_id", "status", "reason", "reference", "sql_hash", "window_start", "window_end", "period", "period_key", "prior_alpha", "prior_beta", "prior_mean", "prior_stdev", "trials", "successes", "posterior_alpha", "posterior_beta", "posterior_mean", "posterior_stdev", "ci_low", "ci_high", "z", "alert", "method", "rhat", "ess", "as_of", "written_at", "immature", "shard", "pooling", "shrinkage", "pool_mu", "pool_tau", "lag_median_seconds", "lag_t95_seconds", "effective_trials", "prior_weight", "sibling_group", "sibling_none"`
	mycols := strings.ReplaceAll(cols, `"`, "`")
	qAll := strings.TrimSuffix(strings.Repeat("?, ", 41), ", ")
	var nAll []string
	for i := 1; i <= 41; i++ {
		nAll = append(nAll, "$"+strconv.Itoa(i))
	}
	type stmts struct{ Insert, Delete, Latest, History, Shards string }
	tests := []struct {
		dialect, table string
		want           stmts
	}{
		{"duckdb", "posterior", stmts{
			Insert:  `INSERT INTO "posterior" (` + cols + `) VALUES (` + qAll + `)`,
			Delete:  `DELETE FROM "posterior" WHERE "param_id" = ? AND "window_end" = ? AND "period_key" = ?`,
			Latest:  `SELECT ` + cols + ` FROM "posterior" WHERE "param_id" = ? AND "shard" IS NULL AND "status" IN ('updated', 'fallback') ORDER BY "window_end" DESC, "period_key" ASC, "as_of" DESC, "written_at" DESC LIMIT 1`,
			History: `SELECT ` + cols + ` FROM "posterior" WHERE "param_id" = ? AND "shard" IS NULL ORDER BY "window_end", "period_key", "as_of", "written_at", "run_id"`,
			Shards:  `SELECT ` + cols + ` FROM "posterior" WHERE "param_id" = ? AND "shard" IS NOT NULL ORDER BY "window_end", "as_of", "written_at", "run_id", "shard"`,
		}},
		{"postgres", "analytics.posterior", stmts{
			Insert:  `INSERT INTO "analytics"."posterior" (` + cols + `) VALUES (` + strings.Join(nAll, ", ") + `)`,
			Delete:  `DELETE FROM "analytics"."posterior" WHERE "param_id" = $1 AND "window_end" = $2 AND "period_key" = $3`,
			Latest:  `SELECT ` + cols + ` FROM "analytics"."posterior" WHERE "param_id" = $1 AND "shard" IS NULL AND "status" IN ('updated', 'fallback') ORDER BY "window_end" DESC, "period_key" ASC, "as_of" DESC, "written_at" DESC LIMIT 1`,
			History: `SELECT ` + cols + ` FROM "analytics"."posterior" WHERE "param_id" = $1 AND "shard" IS NULL ORDER BY "window_end", "period_key", "as_of", "written_at", "run_id"`,
			Shards:  `SELECT ` + cols + ` FROM "analytics"."posterior" WHERE "param_id" = $1 AND "shard" IS NOT NULL ORDER BY "window_end", "as_of", "written_at", "run_id", "shard"`,
		}},
		{"mysql", "db.post`erior", stmts{
			Insert:  "INSERT INTO `db`.`post``erior` (" + mycols + `) VALUES (` + qAll + `)`,
			Delete:  "DELETE FROM `db`.`post``erior` WHERE `param_id` = ? AND `window_end` = ? AND `period_key` = ?",
			Latest:  `SELECT ` + mycols + " FROM `db`.`post``erior` WHERE `param_id` = ? AND `shard` IS NULL AND `status` IN ('updated', 'fallback') ORDER BY `window_end` DESC, `period_key` ASC, `as_of` DESC, `written_at` DESC LIMIT 1",
			History: `SELECT ` + mycols + " FROM `db`.`post``erior` WHERE `param_id` = ? AND `shard` IS NULL ORDER BY `window_end`, `period_key`, `as_of`, `written_at`, `run_id`",
			Shards:  `SELECT ` + mycols + " FROM `db`.`post``erior` WHERE `param_id` = ? AND `shard` IS NOT NULL ORDER BY `window_end`, `as_of`, `written_at`, `run_id`, `shard`",
		}},
		{"clickhouse", "posterior", stmts{
			Insert:  `INSERT INTO "posterior" (` + cols + `) VALUES (` + qAll + `)`,
			Delete:  "", // see ErrPosteriorUpsertUnsupported
			Latest:  `SELECT ` + cols + ` FROM "posterior" WHERE "param_id" = ? AND "shard" IS NULL AND "status" IN ('updated', 'fallback') ORDER BY "window_end" DESC, "period_key" ASC, "as_of" DESC, "written_at" DESC LIMIT 1`,
			History: `SELECT ` + cols + ` FROM "posterior" WHERE "param_id" = ? AND "shard" IS NULL ORDER BY "window_end", "period_key", "as_of", "written_at", "run_id"`,
			Shards:  `SELECT ` + cols + ` FROM "posterior" WHERE "param_id" = ? AND "shard" IS NOT NULL ORDER BY "window_end", "as_of", "written_at", "run_id", "shard"`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.dialect, func(t *testing.T) {
			d, _ := Get(tc.dialect)
			var got stmts
			var insCols, delCols []string
			var err error
			if got.Insert, insCols, err = InsertPosterior(d, tc.table); err != nil {
				t.Fatal(err)
			}
			got.Delete, delCols, err = DeletePosteriorKey(d, tc.table)
			if tc.dialect == "clickhouse" {
				if !errors.Is(err, ErrPosteriorUpsertUnsupported) {
					t.Errorf("DeletePosteriorKey on clickhouse: err = %v, want ErrPosteriorUpsertUnsupported", err)
				}
			} else if err != nil {
				t.Fatal(err)
			} else if diff := cmp.Diff([]string{"param_id", "window_end", "period_key"}, delCols); diff != "" {
				t.Errorf("delete columns (-want +got):\n%s", diff)
			}
			if got.Latest, err = SelectLatestPosterior(d, tc.table); err != nil {
				t.Fatal(err)
			}
			if got.History, err = SelectPosteriorHistory(d, tc.table); err != nil {
				t.Fatal(err)
			}
			if got.Shards, err = SelectPosteriorShards(d, tc.table); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("statements (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(PosteriorColumns(), insCols); diff != "" {
				t.Errorf("insert columns (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCreatePosteriorTable(t *testing.T) {
	tests := []struct {
		dialect string
		// wantIn must all appear in the statement; wantOut must not.
		wantIn, wantOut []string
	}{
		{"duckdb",
			[]string{`CREATE TABLE IF NOT EXISTS "s"."posterior" (`, `"period" DATE,`, `"period_key" VARCHAR NOT NULL,`,
				`"window_end" TIMESTAMP NOT NULL,`, `"alert" BOOLEAN NOT NULL,`, `"trials" BIGINT,`,
				`CHECK ("status" IN ('updated', 'skipped', 'fallback', 'failed'))`,
				`UNIQUE ("param_id", "window_end", "period_key", "run_id")`},
			[]string{"ENGINE"}},
		{"postgres",
			[]string{`"window_end" TIMESTAMPTZ NOT NULL,`, `"prior_mean" DOUBLE PRECISION,`, `UNIQUE ("param_id", "window_end", "period_key", "run_id")`},
			[]string{"ENGINE"}},
		{"mysql",
			[]string{"CREATE TABLE IF NOT EXISTS `s`.`posterior` (", "`param_id` VARCHAR(255) NOT NULL,", "`reference` TEXT NOT NULL,",
				"`window_end` DATETIME(6) NOT NULL,", "UNIQUE (`param_id`, `window_end`, `period_key`, `run_id`)",
				"COLLATE = utf8mb4_bin"},
			nil},
		{"clickhouse",
			[]string{`"period" Nullable(Date),`, `"period_key" String,`, `"alert" UInt8,`, `"window_end" DateTime('UTC'),`,
				`ENGINE = MergeTree() ORDER BY ("param_id", "window_end", "period_key")`},
			[]string{"UNIQUE", "CHECK", "NOT NULL"}},
	}
	for _, tc := range tests {
		t.Run(tc.dialect, func(t *testing.T) {
			d, _ := Get(tc.dialect)
			got, err := CreatePosteriorTable(d, "s.posterior")
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tc.wantIn {
				if !strings.Contains(got, s) {
					t.Errorf("missing %q in:\n%s", s, got)
				}
			}
			for _, s := range tc.wantOut {
				if strings.Contains(got, s) {
					t.Errorf("unexpected %q in:\n%s", s, got)
				}
			}
			// Every column is defined exactly once, in table order.
			last := -1
			for _, c := range PosteriorColumns() {
				q := d.QuoteIdent(c) + " "
				i := strings.Index(got, "\n    "+q)
				if i < 0 || strings.Count(got, "\n    "+q) != 1 || i < last {
					t.Errorf("column %s is not defined once and in order", c)
				}
				last = i
			}
		})
	}
}

func TestPosteriorErrors(t *testing.T) {
	duck, _ := Get("duckdb")
	for _, table := range []string{"", ".t", "s.", "a..b"} {
		if _, err := CreatePosteriorTable(duck, table); err == nil {
			t.Errorf("CreatePosteriorTable(%q) succeeded, want an error for the empty name part", table)
		}
	}
	for _, n := range []string{"bigquery", "snowflake", "redshift"} {
		d, _ := Get(n)
		if _, err := CreatePosteriorTable(d, "t"); err == nil || !strings.Contains(err.Error(), "not supported") {
			t.Errorf("CreatePosteriorTable on %s: err = %v, want not supported", n, err)
		}
		if _, _, err := InsertPosterior(d, "t"); err == nil {
			t.Errorf("InsertPosterior on %s succeeded", n)
		}
		if _, err := SelectLatestPosterior(d, "t"); err == nil {
			t.Errorf("SelectLatestPosterior on %s succeeded", n)
		}
	}
}

func TestQuoteQualified(t *testing.T) {
	tests := []struct{ dialect, in, want string }{
		{"duckdb", "t", `"t"`},
		{"duckdb", `main.we"ird`, `"main"."we""ird"`},
		{"postgres", "db.schema.t", `"db"."schema"."t"`},
		{"mysql", "db.t", "`db`.`t`"},
		{"clickhouse", `db.t\`, `"db"."t\\"`},
	}
	for _, tc := range tests {
		d, _ := Get(tc.dialect)
		got, err := QuoteQualified(d, tc.in)
		if err != nil || got != tc.want {
			t.Errorf("%s: QuoteQualified(%q) = %q, %v; want %q", tc.dialect, tc.in, got, err, tc.want)
		}
	}
}

func TestMigratePosteriorTable(t *testing.T) {
	current := PosteriorColumns()
	pool := []string{"shard", "pooling", "shrinkage", "pool_mu", "pool_tau", "prior_weight", "sibling_group", "sibling_none"}
	without := func(drop ...string) []string {
		var out []string
		for _, c := range current {
			if !slices.Contains(drop, c) {
				out = append(out, c)
			}
		}
		return out
	}
	legacy := append(without(append([]string{"as_of", "written_at", "immature"}, pool...)...), "created_at")
	// Made after written_at but before immature.
	noImmature := without(append([]string{"immature"}, pool...)...)
	// Made after immature but before the pooling, prior_weight and sibling
	// columns.
	noPool := without(pool...)

	// The statements that add the pooling, prior_weight and sibling
	// columns, in each engine's types.
	addPool := map[string][]string{
		"duckdb": {`ALTER TABLE "p" ADD COLUMN "shard" VARCHAR`, `ALTER TABLE "p" ADD COLUMN "pooling" VARCHAR`,
			`ALTER TABLE "p" ADD COLUMN "shrinkage" DOUBLE`, `ALTER TABLE "p" ADD COLUMN "pool_mu" DOUBLE`, `ALTER TABLE "p" ADD COLUMN "pool_tau" DOUBLE`, `ALTER TABLE "p" ADD COLUMN "prior_weight" DOUBLE`,
			`ALTER TABLE "p" ADD COLUMN "sibling_group" VARCHAR`, `ALTER TABLE "p" ADD COLUMN "sibling_none" DOUBLE`},
		"mysql": {"ALTER TABLE `p` ADD COLUMN `shard` VARCHAR(255)", "ALTER TABLE `p` ADD COLUMN `pooling` VARCHAR(255)",
			"ALTER TABLE `p` ADD COLUMN `shrinkage` DOUBLE", "ALTER TABLE `p` ADD COLUMN `pool_mu` DOUBLE", "ALTER TABLE `p` ADD COLUMN `pool_tau` DOUBLE", "ALTER TABLE `p` ADD COLUMN `prior_weight` DOUBLE",
			"ALTER TABLE `p` ADD COLUMN `sibling_group` VARCHAR(255)", "ALTER TABLE `p` ADD COLUMN `sibling_none` DOUBLE"},
		"postgres": {`ALTER TABLE "p" ADD COLUMN "shard" TEXT`, `ALTER TABLE "p" ADD COLUMN "pooling" TEXT`,
			`ALTER TABLE "p" ADD COLUMN "shrinkage" DOUBLE PRECISION`, `ALTER TABLE "p" ADD COLUMN "pool_mu" DOUBLE PRECISION`, `ALTER TABLE "p" ADD COLUMN "pool_tau" DOUBLE PRECISION`, `ALTER TABLE "p" ADD COLUMN "prior_weight" DOUBLE PRECISION`,
			`ALTER TABLE "p" ADD COLUMN "sibling_group" TEXT`, `ALTER TABLE "p" ADD COLUMN "sibling_none" DOUBLE PRECISION`},
		"clickhouse": {`ALTER TABLE "p" ADD COLUMN "shard" Nullable(String)`, `ALTER TABLE "p" ADD COLUMN "pooling" Nullable(String)`,
			`ALTER TABLE "p" ADD COLUMN "shrinkage" Nullable(Float64)`, `ALTER TABLE "p" ADD COLUMN "pool_mu" Nullable(Float64)`, `ALTER TABLE "p" ADD COLUMN "pool_tau" Nullable(Float64)`, `ALTER TABLE "p" ADD COLUMN "prior_weight" Nullable(Float64)`,
			`ALTER TABLE "p" ADD COLUMN "sibling_group" Nullable(String)`, `ALTER TABLE "p" ADD COLUMN "sibling_none" Nullable(Float64)`},
	}
	then := func(stmts []string, dialect string) []string { return append(stmts, addPool[dialect]...) }
	tests := []struct {
		dialect string
		have    []string
		want    []string
		wantErr string
	}{
		{"duckdb", current, nil, ""},
		{"duckdb", legacy, then([]string{
			`ALTER TABLE "p" RENAME COLUMN "created_at" TO "as_of"`,
			`ALTER TABLE "p" ADD COLUMN "written_at" TIMESTAMP`,
			`UPDATE "p" SET "written_at" = "as_of" WHERE "written_at" IS NULL`,
			`ALTER TABLE "p" ADD COLUMN "immature" BIGINT`,
		}, "duckdb"), ""},
		{"mysql", legacy, then([]string{
			"ALTER TABLE `p` RENAME COLUMN `created_at` TO `as_of`",
			"ALTER TABLE `p` ADD COLUMN `written_at` DATETIME(6)",
			"UPDATE `p` SET `written_at` = `as_of` WHERE `written_at` IS NULL",
			"ALTER TABLE `p` ADD COLUMN `immature` BIGINT",
		}, "mysql"), ""},
		{"postgres", legacy, then([]string{
			`ALTER TABLE "p" RENAME COLUMN "created_at" TO "as_of"`,
			`ALTER TABLE "p" ADD COLUMN "written_at" TIMESTAMPTZ`,
			`UPDATE "p" SET "written_at" = "as_of" WHERE "written_at" IS NULL`,
			`ALTER TABLE "p" ADD COLUMN "immature" BIGINT`,
		}, "postgres"), ""},
		{"clickhouse", legacy, then([]string{
			`ALTER TABLE "p" ADD COLUMN "as_of" DateTime('UTC') DEFAULT "created_at"`,
			`ALTER TABLE "p" ADD COLUMN "written_at" DateTime('UTC') DEFAULT "created_at"`,
			`ALTER TABLE "p" ADD COLUMN "immature" Nullable(Int64)`,
		}, "clickhouse"), ""},
		{"duckdb", noImmature, then([]string{`ALTER TABLE "p" ADD COLUMN "immature" BIGINT`}, "duckdb"), ""},
		{"mysql", noImmature, then([]string{"ALTER TABLE `p` ADD COLUMN `immature` BIGINT"}, "mysql"), ""},
		{"postgres", noImmature, then([]string{`ALTER TABLE "p" ADD COLUMN "immature" BIGINT`}, "postgres"), ""},
		{"clickhouse", noImmature, then([]string{`ALTER TABLE "p" ADD COLUMN "immature" Nullable(Int64)`}, "clickhouse"), ""},
		{"duckdb", noPool, addPool["duckdb"], ""},
		{"mysql", noPool, addPool["mysql"], ""},
		{"postgres", noPool, addPool["postgres"], ""},
		{"clickhouse", noPool, addPool["clickhouse"], ""},
		{"duckdb", []string{"param_id", "mean"}, nil, "not a paramsql posterior table"},
		{"duckdb", legacy[:len(legacy)-1], nil, "neither as_of nor created_at"},
	}
	for _, tc := range tests {
		d, _ := Get(tc.dialect)
		got, err := MigratePosteriorTable(d, "p", tc.have)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: err = %v, want %q", tc.dialect, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.dialect, err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.dialect, diff)
		}
	}
}

// TestInsertPosteriorRows: n rows are n tuples of one placeholder per
// column, numbered on across rows where the engine numbers them.
func TestInsertPosteriorRows(t *testing.T) {
	cols := len(PosteriorColumns())
	for _, tc := range []struct {
		dialect string
		second  string // the second tuple's first placeholder
	}{
		{"duckdb", "(?, "},
		{"postgres", "($" + strconv.Itoa(cols+1) + ", "},
		{"mysql", "(?, "},
	} {
		d, _ := Get(tc.dialect)
		one, _, err := InsertPosterior(d, "s.p")
		if err != nil {
			t.Fatal(err)
		}
		got, err := InsertPosteriorRows(d, "s.p", 2)
		if err != nil {
			t.Fatal(err)
		}
		head, first, _ := strings.Cut(one, " VALUES ")
		want := head + " VALUES " + first + ", " + tc.second
		if !strings.HasPrefix(got, want) || strings.Count(got, "), (") != 1 || !strings.HasSuffix(got, ")") {
			t.Errorf("%s: InsertPosteriorRows(2) =\n%s\nwant it to start\n%s", tc.dialect, got, want)
		}
		if _, err := InsertPosteriorRows(d, "s.p", 0); err == nil {
			t.Errorf("%s: 0 rows accepted", tc.dialect)
		}
	}
}

// TestDeletePosteriorKeys: n keys are n parenthesised conjunctions joined
// by OR, numbered on across keys where the engine numbers them.
func TestDeletePosteriorKeys(t *testing.T) {
	for _, tc := range []struct{ dialect, want string }{
		{"duckdb", `DELETE FROM "p" WHERE ("param_id" = ? AND "window_end" = ? AND "period_key" = ?) OR ("param_id" = ? AND "window_end" = ? AND "period_key" = ?)`},
		{"postgres", `DELETE FROM "p" WHERE ("param_id" = $1 AND "window_end" = $2 AND "period_key" = $3) OR ("param_id" = $4 AND "window_end" = $5 AND "period_key" = $6)`},
	} {
		d, _ := Get(tc.dialect)
		got, err := DeletePosteriorKeys(d, "p", 2)
		if err != nil || got != tc.want {
			t.Errorf("%s: DeletePosteriorKeys(2) = %q, %v; want %q", tc.dialect, got, err, tc.want)
		}
	}
	ch, _ := Get("clickhouse")
	if _, err := DeletePosteriorKeys(ch, "p", 2); !errors.Is(err, ErrPosteriorUpsertUnsupported) {
		t.Errorf("clickhouse: err = %v, want ErrPosteriorUpsertUnsupported", err)
	}
	pg, _ := Get("postgres")
	if got, err := DeletePosteriorShards(pg, "p"); err != nil || got != `DELETE FROM "p" WHERE "param_id" = $1 AND "window_end" = $2 AND "shard" IS NOT NULL` {
		t.Errorf("DeletePosteriorShards = %q, %v", got, err)
	}
	if _, err := DeletePosteriorShards(ch, "p"); !errors.Is(err, ErrPosteriorUpsertUnsupported) {
		t.Errorf("clickhouse shards: err = %v, want ErrPosteriorUpsertUnsupported", err)
	}
}
