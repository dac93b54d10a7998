package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

// TestUnusableStoreStopsTheRunFirst: a posterior store that cannot be
// opened fails the run once, before any parameter is counted, instead of
// each parameter after its query ran, with the same error repeated; the
// broken files are still reported.
func TestUnusableStoreStopsTheRunFirst(t *testing.T) {
	p := duckProject(t, testEvents())
	p.write(t, p.duckYAML(""),
		"id: one\nedge_reference: e.signup\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"id: two\nedge_reference: e.checkout\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n")
	// A directory where the store's DuckDB file should be.
	if err := os.Mkdir(filepath.Join(p.dir, "posteriors.duckdb"), 0o755); err != nil {
		t.Fatal(err)
	}
	proj, params := p.load(t)
	var counted []string
	bad := config.BrokenParam{File: "params/bad.yaml", ID: "bad", Errors: config.ErrorList{{File: "params/bad.yaml", Line: 1, Col: 1, Msg: "boom"}}}
	r := &pipeline.Runner{Project: proj, Params: params, AsOf: asOf, Broken: []config.BrokenParam{bad},
		Progress: func(_, _ int, id string) { counted = append(counted, id) }}
	defer r.Close()
	results, err := r.Run(context.Background(), nil)
	if err == nil || !strings.Contains(err.Error(), `the posterior store (connection "posteriors", table parameter_posteriors) cannot be used, so nothing was counted`) {
		t.Fatalf("Run = %v, %v; want the store's error, once", results, err)
	}
	if len(counted) != 0 {
		t.Errorf("parameters finished %v; want none", counted)
	}
	// The broken file is still reported, as the run's other news.
	if len(results) != 1 || results[0].ID != "bad" || results[0].Status != pipeline.StatusFailed {
		t.Errorf("results %+v, want the broken file alone, failed", results)
	}
}
