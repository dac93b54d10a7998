package pipeline_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paramsql/paramsql/runtime/pipeline"
)

// A DuckDB events file that does not exist fails the parameter with an
// error naming the file, and is not created.
func TestMissingEventsFile(t *testing.T) {
	p := duckProject(t, testEvents())
	missing := filepath.Join(t.TempDir(), "nope.duckdb")
	p.eventsDSN = missing
	p.write(t, p.duckYAML(""), "id: one\nedge_reference: e.signup\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n")
	proj, params := p.load(t)
	res := run(t, pipeline.Runner{}, proj, params, asOf)["one"]
	if res.Status != pipeline.StatusFailed || !strings.Contains(res.Reason, missing) || !strings.Contains(res.Reason, "does not exist") {
		t.Errorf("status %s (%s), want failed naming %s as missing", res.Status, res.Reason, missing)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the missing events file was created (stat: %v)", err)
	}
}

// A raw DuckDB query cannot read a local file at run time.
func TestRawQueryCannotReadFiles(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secret, []byte("1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := duckProject(t, testEvents())
	p.write(t, p.duckYAML(""), "id: one\nobservation_source:\n  query: \"SELECT count(*) AS trials, count(*) AS successes FROM read_text('"+secret+"')\"\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n")
	proj, params := p.load(t)
	res := run(t, pipeline.Runner{}, proj, params, asOf)["one"]
	if res.Status != pipeline.StatusFailed || !strings.Contains(res.Reason, "external access is disabled") {
		t.Errorf("status %s (%s), want failed because external access is disabled", res.Status, res.Reason)
	}
}
