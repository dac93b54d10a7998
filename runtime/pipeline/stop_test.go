package pipeline_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

// TestRunnerStop: closing Stop while a parameter is in progress lets it
// finish and be written; the parameters after it are reported interrupted
// and nothing of theirs is stored.
func TestRunnerStop(t *testing.T) {
	p := duckProject(t, testEvents())
	p.write(t, p.duckYAML(""),
		"id: a\nedge_reference: e.signup\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"id: b\nedge_reference: e.checkout\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"id: c\nedge_reference: e.signup.context(channel='google')\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n")
	proj, params := p.load(t)
	stop := make(chan struct{})
	var progress []string
	r := pipeline.Runner{Stop: stop, Progress: func(done, total int, id string) {
		progress = append(progress, id)
		if id == "a" {
			close(stop) // the signal arrives as a ends
		}
	}}
	res := run(t, r, proj, params, asOf)
	got := map[string]pipeline.Status{}
	for id, r := range res {
		got[id] = r.Status
	}
	want := map[string]pipeline.Status{"a": pipeline.StatusUpdated, "b": pipeline.StatusInterrupted, "c": pipeline.StatusInterrupted}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a"}, progress); diff != "" {
		t.Errorf("progress (-want +got):\n%s", diff)
	}
	for id, n := range map[string]int{"a": 1, "b": 0, "c": 0} {
		if rows := history(t, proj, id); len(rows) != n {
			t.Errorf("%s: %d stored rows, want %d", id, len(rows), n)
		}
	}
}

// TestSchedulerStopFinishesTheUpdate: Stop closed during a cycle ends the
// scheduler after that cycle, whose parameters all complete (none fails
// with a cancelled context), and no further cycle starts.
func TestSchedulerStopFinishesTheUpdate(t *testing.T) {
	p := duckProject(t, testEvents())
	p.write(t, p.duckYAML(""),
		"id: a\nedge_reference: e.signup\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"id: b\nedge_reference: e.checkout\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n")
	proj, params := p.load(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clock := &fakeClock{now: asOf, stop: asOf.Add(100 * time.Hour), cancel: cancel}
	stop := make(chan struct{})
	var cycles [][]pipeline.Status
	s := &pipeline.Scheduler{
		Project: proj, Params: params, Now: clock.Now, Sleep: clock.Sleep, Stop: stop,
		Broken: []config.BrokenParam{{File: "params/bad.yaml", ID: "bad", Errors: config.ErrorList{{File: "params/bad.yaml", Line: 2, Col: 1, Msg: "unknown field"}}}},
		NewRunner: func(at time.Time, due []*config.Param) *pipeline.Runner {
			return &pipeline.Runner{Project: proj, Params: due, AsOf: at, Progress: func(_, _ int, id string) {
				if id == "a" {
					close(stop)
				}
			}}
		},
		OnRun: func(_ time.Time, results []*pipeline.Result, err error) {
			var st []pipeline.Status
			for _, r := range results {
				st = append(st, r.Status)
			}
			cycles = append(cycles, st)
		},
	}
	if err := s.Run(ctx); err != nil {
		t.Fatal(err)
	}
	want := [][]pipeline.Status{{pipeline.StatusUpdated, pipeline.StatusUpdated, pipeline.StatusFailed}}
	if diff := cmp.Diff(want, cycles); diff != "" {
		t.Errorf("cycles (-want +got):\n%s", diff)
	}
	if len(clock.sleeps) != 0 {
		t.Errorf("slept %v after Stop", clock.sleeps)
	}
}
