package pipeline_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/runtime/pipeline"
	"github.com/paramsql/paramsql/runtime/store"
)

// TestOneFailureDoesNotStopTheOthers: parameters whose connection cannot
// be opened, whose query fails or whose reference names a missing column
// fail with a reason that says so; every other parameter of the run,
// including those batched on the same connection, updates.
func TestOneFailureDoesNotStopTheOthers(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	conns := `  unreachable: { driver: postgres, dsn: "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2" }
  missingdir: { driver: duckdb, dsn: "/nonexistent/dir/events.duckdb" }
`
	good := []struct{ id, ref string }{
		{"good-signup", "e.signup"},
		{"good-google", "e.signup.context(channel='google')"},
		{"good-checkout", "e.checkout.within(1h)"},
	}
	bad := []struct {
		id, text string
		reason   []string // substrings of the reason
	}{
		{"bad-connection", "edge_reference: e.signup\nobservation_source: { connection: unreachable }\n",
			[]string{`connection "unreachable"`}},
		{"bad-duckdb-path", "edge_reference: e.signup\nobservation_source: { connection: missingdir }\n",
			[]string{`"missingdir"`}},
		{"bad-query", "observation_source:\n  query: SELECT count(*) AS trials, 0 AS successes FROM no_such_table\n",
			[]string{"observation query", `"warehouse"`, "no_such_table"}},
		{"bad-mapping", "observation_source:\n  query: SELECT 3 AS n, 1 AS k\n",
			[]string{`no column "trials"`, "n, k"}},
		{"bad-column", "edge_reference: e.signup.context(utm_nope='x')\n",
			[]string{"utm_nope"}},
	}
	var texts []string
	for _, g := range good {
		texts = append(texts, fmt.Sprintf("id: %s\nedge_reference: %q\nbayesian_update: { prior: { alpha: 1, beta: 2 } }\n", g.id, g.ref))
	}
	for _, b := range bad {
		texts = append(texts, fmt.Sprintf("id: %s\n%sbayesian_update: { prior: { alpha: 1, beta: 2 } }\n", b.id, b.text))
	}
	p.write(t, p.duckYAML(conns), texts...)
	proj, params := p.load(t)
	res := run(t, pipeline.Runner{}, proj, params, asOf)
	for _, g := range good {
		got := must(t, res, g.id)
		want := oracleCount(t, evs, proj, g.ref, asOf.Add(-7*24*time.Hour), asOf)
		if got.Status != pipeline.StatusUpdated {
			t.Errorf("%s: status %s (%s), want updated despite the failures", g.id, got.Status, got.Reason)
			continue
		}
		if diff := cmp.Diff(want, countsOf(got)); diff != "" {
			t.Errorf("%s: counts (-oracle +got):\n%s", g.id, diff)
		}
		checkPosterior(t, g.id, got.Posterior, conjugate(1, 2, want))
	}
	for _, b := range bad {
		got := must(t, res, b.id)
		if got.Status != pipeline.StatusFailed {
			t.Errorf("%s: status %s, want failed", b.id, got.Status)
			continue
		}
		for _, s := range b.reason {
			if !strings.Contains(got.Reason, s) {
				t.Errorf("%s: reason %q does not say %q", b.id, got.Reason, s)
			}
		}
		if got.Posterior != nil {
			t.Errorf("%s: a failed parameter has a posterior", b.id)
		}
		rows := history(t, proj, b.id)
		if len(rows) != 1 || rows[0].Status != store.StatusFailed || rows[0].Reason != got.Reason {
			t.Errorf("%s: stored %v, want one failed row with the reason", b.id, statuses(rows))
		}
	}
}

// TestBatchesRespectTimeouts: compiled references on one connection and
// window share a statement (one SQL hash), except that a parameter with
// its own observation timeout gets a statement of its own, so its bound
// cannot fail the others (nor theirs it).
func TestBatchesRespectTimeouts(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	p.write(t, p.duckYAML(""),
		"id: a\nedge_reference: e.signup\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"id: b\nedge_reference: e.checkout\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"id: c\nedge_reference: e.signup.context(channel='google')\nobservation_source: { timeout: 5s }\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"id: d\nedge_reference: e.checkout.context(channel='google')\nobservation_source: { timeout: 5s }\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
	)
	proj, params := p.load(t)
	res := run(t, pipeline.Runner{}, proj, params, asOf)
	for _, id := range []string{"a", "b", "c", "d"} {
		if r := must(t, res, id); r.Status != pipeline.StatusUpdated || r.SQLHash == "" {
			t.Fatalf("%s: %s (%s), hash %q", id, r.Status, r.Reason, r.SQLHash)
		}
	}
	if res["a"].SQLHash != res["b"].SQLHash || res["c"].SQLHash != res["d"].SQLHash {
		t.Errorf("parameters with the same timeout were not batched: hashes %s %s / %s %s", res["a"].SQLHash, res["b"].SQLHash, res["c"].SQLHash, res["d"].SQLHash)
	}
	if res["a"].SQLHash == res["c"].SQLHash {
		t.Errorf("parameters with different timeouts share one statement (hash %s)", res["a"].SQLHash)
	}
}
