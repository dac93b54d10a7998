package dialects

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// python is Debian's interpreter, which has python3-sqlglot; another
// python3 on PATH may not.
const python = "/usr/bin/python3"

// TestBigQuerySnowflakeGoldensParseWithSQLGlot parses the BigQuery and
// Snowflake goldens with sqlglot (Debian's 10.6), the only check here of
// the dialects no engine runs. It is a smoke check: an old sqlglot accepts
// some SQL the engines refuse, but it catches broken syntax, as the bad
// statement below proves.
func TestBigQuerySnowflakeGoldensParseWithSQLGlot(t *testing.T) {
	if err := exec.Command(python, "-c", "import sqlglot").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s cannot import sqlglot (scripts/testenv.sh installs python3-sqlglot): %v", python, err)
		}
		t.Skipf("%s cannot import sqlglot: %v", python, err)
	}
	bad := filepath.Join(t.TempDir(), "bad.sql")
	if err := os.WriteFile(bad, []byte("SELECT (a FROM t WHERE;"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(python, "testdata/sqlglot_parse.py", "bigquery", bad).CombinedOutput(); err == nil {
		t.Fatalf("the checker accepted broken SQL: %s", out)
	}
	for _, dialect := range []string{"bigquery", "snowflake"} {
		files, err := filepath.Glob(filepath.Join(goldenDir, "*", dialect+".sql"))
		if err != nil || len(files) < 25 {
			t.Fatalf("%d %s goldens found: %v", len(files), dialect, err)
		}
		out, err := exec.Command(python, append([]string{"testdata/sqlglot_parse.py", dialect}, files...)...).CombinedOutput()
		if err != nil {
			t.Errorf("%s goldens sqlglot cannot parse (%v):\n%s", dialect, err, strings.TrimSpace(string(out)))
		}
	}
}
