package pipeline_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/internal/testdb"
	"github.com/paramsql/paramsql/runtime/pipeline"
	"github.com/paramsql/paramsql/runtime/store"
)

// TestFallbackValue: whatever keeps the observations from being counted
// (a missing events table for a reference, a raw query or a template, a
// connection that does not open), a parameter with fallback_value ends
// with it as its posterior and status fallback; without one it fails. A
// failed prior source falls back to fallback_value as the prior.
func TestFallbackValue(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	// A DuckDB file that exists but holds no events table.
	emptyDB, emptyDSN := testdb.Namespace(t, testdb.DuckDB)
	if _, err := emptyDB.Exec("CREATE TABLE unrelated (x INTEGER)"); err != nil {
		t.Fatal(err)
	}
	conns := fmt.Sprintf("  empty: { driver: duckdb, dsn: %q }\n  down: { driver: postgres, dsn: \"postgres://u:p@127.0.0.1:1/db?sslmode=disable&connect_timeout=5\" }\n", emptyDSN)
	const fallback = "fallback_value: { mean: 0.3, stdev: 0.05 }\n"
	const prior = "bayesian_update: { prior: { alpha: 2, beta: 5 } }\n"
	cases := []struct {
		id, body string
		want     pipeline.Status
		// why is in the reason of a fallback or failure.
		why string
	}{
		{"missing-table", "edge_reference: e.signup\nobservation_source: { connection: empty }\n" + prior + fallback, pipeline.StatusFallback, "events"},
		{"missing-table-raw", "observation_source:\n  connection: empty\n  query: SELECT count(*) AS trials, 0 AS successes FROM events\n" + prior + fallback, pipeline.StatusFallback, "events"},
		{"missing-table-template", "observation_source:\n  connection: empty\n  query_template: \"SELECT count(*) AS trials, 0 AS successes FROM events WHERE channel = {{ channel|sql }}\"\ncontext_filter: { channel: google }\n" + prior + fallback, pipeline.StatusFallback, "events"},
		{"connection-down", "edge_reference: e.signup\nobservation_source: { connection: down }\n" + prior + fallback, pipeline.StatusFallback, "down"},
		{"no-fallback", "edge_reference: e.signup\nobservation_source: { connection: empty }\n" + prior, pipeline.StatusFailed, "events"},
		// The prior source fails, the observations do not: the update
		// runs from fallback_value as its prior.
		{"prior-fails", "edge_reference: e.signup\nprior_source: { type: sql, connection: empty, query: \"SELECT alpha, beta FROM priors\" }\n" + prior + fallback, pipeline.StatusFallback, "priors"},
	}
	var texts []string
	for _, c := range cases {
		texts = append(texts, "id: "+c.id+"\n"+c.body)
	}
	p.write(t, p.duckYAML(conns), texts...)
	proj, params := p.load(t)
	res := run(t, pipeline.Runner{}, proj, params, asOf)
	fb := betaSummary(0.3*(0.3*0.7/0.0025-1), 0.7*(0.3*0.7/0.0025-1))
	for _, c := range cases {
		got := must(t, res, c.id)
		if got.Status != c.want || !strings.Contains(got.Reason, c.why) {
			t.Errorf("%s: %s (%s), want %s naming %q", c.id, got.Status, got.Reason, c.want, c.why)
			continue
		}
		switch c.id {
		case "no-fallback":
		case "prior-fails":
			checkPosterior(t, c.id, got.Posterior, conjugate(fb.Alpha, fb.Beta, oracleCount(t, evs, proj, "e.signup", asOf.Add(-7*24*time.Hour), asOf)))
		default:
			checkPosterior(t, c.id, got.Posterior, fb)
			rows := history(t, proj, c.id)
			if len(rows) != 1 || rows[0].Status != store.StatusFallback || rows[0].Method != "fallback_value" {
				t.Errorf("%s: stored %v, want one fallback row", c.id, statuses(rows))
			}
		}
	}
}

// TestFallbackDoesNotBreakTheChain: after a run whose observations failed
// and stood on fallback_value, a posterior_history prior goes on from the
// last posterior computed from data, over the window the failed run
// missed, so no evidence is lost and the fallback does not reset it.
func TestFallbackDoesNotBreakTheChain(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	_, emptyDSN := testdb.Namespace(t, testdb.DuckDB)
	param := "id: chained\nedge_reference: e.signup\nprior_source: { type: posterior_history }\nbayesian_update: { prior: { alpha: 3, beta: 7 } }\nfallback_value: { mean: 0.3, stdev: 0.05 }\n"
	p.write(t, p.duckYAML(""), param)
	proj, params := p.load(t)
	first := must(t, run(t, pipeline.Runner{}, proj, params, asOf), "chained")
	c1 := oracleCount(t, evs, proj, "e.signup", asOf.Add(-7*24*time.Hour), asOf)
	if first.Status != pipeline.StatusUpdated {
		t.Fatalf("run 1: %s (%s)", first.Status, first.Reason)
	}
	post1 := conjugate(3, 7, c1)

	// Run 2: the events are on a database that lacks them.
	broken := *proj
	broken.Connections = maps(proj.Connections)
	w := broken.Connections["warehouse"]
	w.DSN = emptyDSN
	broken.Connections["warehouse"] = w
	mid := asOf.Add(24 * time.Hour)
	second := must(t, run(t, pipeline.Runner{}, &broken, params, mid), "chained")
	if second.Status != pipeline.StatusFallback {
		t.Fatalf("run 2: %s (%s), want fallback", second.Status, second.Reason)
	}

	// Run 3: the events are back. The prior is run 1's posterior and the
	// window starts where run 1's ended.
	third := must(t, run(t, pipeline.Runner{}, proj, params, asOf2), "chained")
	if third.Status != pipeline.StatusUpdated || !third.WindowStart.Equal(asOf) {
		t.Fatalf("run 3: %s from %v (%s), want updated from %v", third.Status, third.WindowStart, third.Reason, asOf)
	}
	if diff := cmp.Diff([2]float64{post1.Alpha, post1.Beta}, [2]float64{third.Prior.Alpha, third.Prior.Beta}, approx); diff != "" {
		t.Errorf("run 3 prior (-want run 1's posterior +got):\n%s", diff)
	}
	checkPosterior(t, "run 3", third.Posterior, conjugate(post1.Alpha, post1.Beta, oracleCount(t, evs, proj, "e.signup", asOf, asOf2)))
}

func maps[K comparable, V any](m map[K]V) map[K]V {
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
