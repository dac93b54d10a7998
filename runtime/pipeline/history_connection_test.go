package pipeline_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/runtime/pipeline"
)

// TestPosteriorHistoryFromAnotherConnection: a posterior_history prior
// read through prior_source.connection, here another project's store,
// starts from that store's latest posterior. The connection opens
// read-only, and creating or migrating the table there used to fail the
// parameter ("Cannot execute statement of type CREATE ... read-only").
func TestPosteriorHistoryFromAnotherConnection(t *testing.T) {
	evs := testEvents()
	const param = "id: shared\nedge_reference: e.signup\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n"
	a := duckProject(t, evs)
	a.write(t, a.duckYAML(""), param)
	projA, paramsA := a.load(t)
	first := must(t, run(t, pipeline.Runner{}, projA, paramsA, asOf), "shared")
	if first.Status != pipeline.StatusUpdated {
		t.Fatalf("project A: %s (%s)", first.Status, first.Reason)
	}

	b := duckProject(t, evs)
	hist := fmt.Sprintf("  hist: { driver: duckdb, dsn: %q }\n", filepath.Join(a.dir, "posteriors.duckdb"))
	b.write(t, b.duckYAML(hist), param+"prior_source: { type: posterior_history, connection: hist }\n")
	projB, paramsB := b.load(t)
	got := must(t, run(t, pipeline.Runner{}, projB, paramsB, asOf2), "shared")
	if got.Status != pipeline.StatusUpdated {
		t.Fatalf("project B: %s (%s)", got.Status, got.Reason)
	}
	type beta struct{ Alpha, Beta float64 }
	if diff := cmp.Diff(beta{first.Posterior.Alpha, first.Posterior.Beta}, beta{got.Prior.Alpha, got.Prior.Beta}, approx); diff != "" {
		t.Errorf("project B's prior is not project A's posterior (-want +got):\n%s", diff)
	}
}
