package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paramsql/paramsql/internal/bqfake"
)

// bigQueryProject writes a project whose default connection is the
// BigQuery fake, with the given parameter files (id -> YAML body).
func bigQueryProject(t *testing.T, fake *bqfake.Server, params map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	yaml := fmt.Sprintf(`connections:
  warehouse: { driver: bigquery, dsn: "bigquery://my-proj/analytics?endpoint=%s" }
  posteriors: { driver: duckdb, dsn: posteriors.duckdb }
schema: { table: events, connection: warehouse }
posterior_store: { connection: posteriors, table: parameter_posteriors }
window: { start: "-7d", end: "now" }
`, fake.Endpoint())
	if err := os.WriteFile(filepath.Join(dir, "paramsql.yaml"), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "params"), 0o755); err != nil {
		t.Fatal(err)
	}
	for id, body := range params {
		text := "id: " + id + "\n" + body + "bayesian_update: { prior: { alpha: 1, beta: 1 } }\n"
		if err := os.WriteFile(filepath.Join(dir, "params", id+".yaml"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// dryRunFake answers every dry run with 1234567 bytes, and calls a query
// holding "INSERT_ME" an INSERT, as BigQuery would call a DML statement
// that the lexical check cannot see through.
func dryRunFake(t *testing.T) *bqfake.Server {
	fake := bqfake.New("my-proj", func(q bqfake.Query) (*bqfake.Answer, error) {
		if !q.DryRun {
			t.Errorf("a statement ran: %s", q.SQL)
		}
		for _, p := range q.Params {
			if strings.HasSuffix(p.Name, "start") || strings.HasSuffix(p.Name, "end") || strings.HasSuffix(p.Name, "_date") {
				if _, err := p.Time(); err != nil {
					t.Errorf("window parameter %s: %v", p.Name, err)
				}
			}
		}
		if strings.Contains(q.SQL, "INSERT_ME") {
			return &bqfake.Answer{StatementType: "INSERT", BytesProcessed: 10}, nil
		}
		return &bqfake.Answer{BytesProcessed: 1234567}, nil
	})
	fake.Datasets = []string{"analytics"}
	t.Cleanup(fake.Close)
	return fake
}

func TestValidateDryRunsOnBigQuery(t *testing.T) {
	fake := dryRunFake(t)
	good := map[string]string{
		"signup": "edge_reference: \"e.signup.context(channel='google')\"\n",
		"raw":    "observation_source:\n  query: \"SELECT COUNT(*) AS trials, 0 AS successes FROM events WHERE created_at >= :start_date AND created_at < :end_date\"\n",
	}
	out, errOut, code := runCLI("validate", bigQueryProject(t, fake, good))
	if code != 0 {
		t.Fatalf("validate exited %d: %s", code, errOut)
	}
	for _, id := range []string{"signup", "raw"} {
		want := filepath.Join("params", id+".yaml") + ": bigquery dry run: SELECT, would scan 1.2 MiB (1234567 bytes)"
		if !strings.Contains(out, want) {
			t.Errorf("validate output lacks %q:\n%s", want, out)
		}
	}
	if n := len(fake.Queries()); n != 2 {
		t.Errorf("%d dry runs, want 2", n)
	}

	bad := map[string]string{
		"sneaky": "observation_source:\n  query: \"SELECT INSERT_ME AS trials, 0 AS successes FROM events\"\n",
	}
	_, errOut, code = runCLI("validate", bigQueryProject(t, fake, bad))
	if code == 0 || !strings.Contains(errOut, "BigQuery's dry run says it is a INSERT statement") {
		t.Errorf("validate of a raw query BigQuery calls an INSERT: exit %d, stderr:\n%s", code, errOut)
	}
}

func TestCompileDryRun(t *testing.T) {
	fake := dryRunFake(t)
	dir := bigQueryProject(t, fake, nil)
	out, errOut, code := runCLI("compile", "--dry-run", "--project", dir, "e.signup")
	if code != 0 {
		t.Fatalf("compile --dry-run exited %d: %s", code, errOut)
	}
	if !strings.HasPrefix(out, "-- bigquery dry run: SELECT, would scan 1.2 MiB (1234567 bytes)\n") {
		t.Errorf("output does not start with the dry run:\n%s", out)
	}
	qs := fake.Queries()
	if len(qs) != 1 || !strings.Contains(out, qs[0].SQL) || len(qs[0].Params) != 2 {
		t.Errorf("the dry run sent %+v, want the printed statement with its two window parameters", qs)
	}
	for _, args := range [][]string{
		{"compile", "--dry-run", "e.signup"},
		{"compile", "--dry-run", "--project", dir, "--dialect", "postgres", "e.signup"},
		{"compile", "--dry-run", "--project", dir, "--format", "json", "e.signup"},
	} {
		if _, errOut, code := runCLI(args...); code == 0 || !strings.Contains(errOut, "--") {
			t.Errorf("%v: exit %d, stderr %q; want a refusal", args, code, errOut)
		}
	}
}
