package report_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "github.com/paramsql/paramsql/internal/golden" // the shared -update flag
	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/demo"
	"github.com/paramsql/paramsql/runtime/pipeline"
	"github.com/paramsql/paramsql/runtime/report"
)

// The project the tests share: the demo's parameters on a small demo
// (enough events for every parameter to run, made in about a second), three
// sibling shards of one context key and a parameter pooling them, and
// three weekly runs, so every chart has data: densities, a history of
// three points, a time series with an alert, and forests with a pooled
// estimate.
var (
	fixtureOnce sync.Once
	fixture     struct {
		dir    string
		proj   *config.Project
		params []*config.Param
		runner *pipeline.Runner
		err    error
	}
)

// fixtureRuns are the as-of dates of the fixture's runs; the demo's
// events end on 2026-11-20.
var fixtureRuns = []string{"2026-11-06", "2026-11-13", "2026-11-20"}

// shardChannels are the channel values of the sibling parameters.
var shardChannels = []string{"direct", "facebook", "google"}

const shardParam = `id: signup-%[1]s-desktop
name: "Signup Conversion - %[1]s desktop <shard>"
edge_reference: e.signup.context(channel='%[1]s',device='desktop')
prior_source: { type: static }
observation_source: { type: sql, connection: warehouse, min_sample_size: 1 }
bayesian_update:
  prior: { distribution: beta, alpha: 3, beta: 7 }
  update_rule: conjugate
posterior_destination:
  destinations:
    - { type: sql, connection: posteriors, table: parameter_posteriors, mode: insert }
model_fit:
  thresholds: { divergence_threshold: 2.0, min_sample_size: 20 }
`

// pooledParam pools the same shards in one parameter: its stored
// posterior is the forests' pooled estimate.
const pooledParam = `id: signup-desktop-pooled
edge_reference: e.signup.context(channel,device='desktop')
observation_source: { type: sql, connection: warehouse }
bayesian_update: { pooling: empirical }
posterior_destination:
  destinations:
    - { type: sql, connection: posteriors, table: parameter_posteriors, mode: insert }
`

func buildFixture() error {
	dir, err := os.MkdirTemp("", "paramsql-report-test-")
	if err != nil {
		return err
	}
	fixture.dir = dir
	ctx := context.Background()
	if _, err := demo.Create(ctx, dir, demo.Options{Events: 100_000, Force: true, End: demo.End}); err != nil {
		return err
	}
	for _, ch := range shardChannels {
		path := filepath.Join(dir, "params", "signup-"+ch+"-desktop.yaml")
		if err := os.WriteFile(path, fmt.Appendf(nil, shardParam, ch), 0o644); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "params", "signup-desktop-pooled.yaml"), []byte(pooledParam), 0o644); err != nil {
		return err
	}
	proj, params, err := config.Load(dir)
	if err != nil {
		return err
	}
	fixture.proj, fixture.params = proj, params
	for _, day := range fixtureRuns {
		at, err := time.Parse(time.DateOnly, day)
		if err != nil {
			return err
		}
		r := &pipeline.Runner{Project: proj, Params: params, AsOf: at, RunID: "run-" + day}
		_, err = r.Run(ctx, nil)
		r.Close()
		if err != nil {
			return err
		}
	}
	fixture.runner = &pipeline.Runner{Project: proj, Params: params}
	return nil
}

// fixtureReport builds the report of the shared project, stamped with
// the last run's as-of so it is the same on every run.
func fixtureReport(t *testing.T) *report.Report {
	t.Helper()
	fixtureOnce.Do(func() { fixture.err = buildFixture() })
	if fixture.err != nil {
		t.Fatalf("fixture project: %v", fixture.err)
	}
	at, _ := time.Parse(time.DateOnly, fixtureRuns[len(fixtureRuns)-1])
	rep, err := report.Build(context.Background(), fixture.proj, fixture.params, nil, fixture.runner, at)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixture.runner != nil {
		fixture.runner.Close()
	}
	if fixture.dir != "" {
		os.RemoveAll(fixture.dir)
	}
	os.Exit(code)
}
