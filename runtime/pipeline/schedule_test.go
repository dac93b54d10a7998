package pipeline_test

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

func TestInterval(t *testing.T) {
	p := duckProject(t, nil)
	p.write(t, p.duckYAML(""),
		"id: written\nedge_reference: e.signup\nobservation_source: { refresh_frequency: 10m }\nposterior_destination: { destinations: [{ type: sql }], write_frequency: 2h }\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"id: observed\nedge_reference: e.signup\nobservation_source: { refresh_frequency: 30m }\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"id: both\nedge_reference: e.signup\nprior_source: { type: posterior_history, refresh_frequency: 45m }\nobservation_source: { refresh_frequency: 90m }\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"id: neither\nedge_reference: e.signup\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
	)
	_, params := p.load(t)
	got := map[string]time.Duration{}
	for _, prm := range params {
		got[prm.ID] = pipeline.Interval(prm)
	}
	want := map[string]time.Duration{"written": 2 * time.Hour, "observed": 30 * time.Minute, "both": 45 * time.Minute, "neither": pipeline.DefaultInterval}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("intervals (-want +got):\n%s", diff)
	}
}

// fakeClock is a Scheduler's Now and Sleep: sleeping advances the clock,
// and the context is cancelled once the clock reaches stop.
type fakeClock struct {
	now    time.Time
	stop   time.Time
	cancel context.CancelFunc
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) {
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	if !c.now.Before(c.stop) {
		c.cancel()
	}
}

// TestSchedulerRunsEachParameterAtItsInterval drives the Scheduler with a
// fake clock over four hours: each parameter runs at its interval
// (write_frequency, else the shortest refresh_frequency, else an hour),
// each run's as-of is the clock, and Run returns once ctx is cancelled.
func TestSchedulerRunsEachParameterAtItsInterval(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	p.write(t, p.duckYAML(""),
		"id: a-written\nedge_reference: e.signup\nobservation_source: { refresh_frequency: 10m }\nposterior_destination: { destinations: [{ type: sql }], write_frequency: 2h }\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"id: b-observed\nedge_reference: e.signup\nobservation_source: { refresh_frequency: 30m }\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"id: c-default\nedge_reference: e.checkout\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"id: d-prior\nedge_reference: e.checkout\nprior_source: { type: posterior_history, refresh_frequency: 45m }\nobservation_source: { refresh_frequency: 90m }\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
	)
	proj, params := p.load(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clock := &fakeClock{now: asOf, stop: asOf.Add(4 * time.Hour), cancel: cancel}

	type cycle struct {
		At  time.Duration // after asOf
		IDs string
	}
	var got []cycle
	var runners []string
	s := &pipeline.Scheduler{
		Project: proj, Params: params, Now: clock.Now, Sleep: clock.Sleep,
		NewRunner: func(at time.Time, due []*config.Param) *pipeline.Runner {
			runners = append(runners, at.Format("15:04"))
			return &pipeline.Runner{Project: proj, Params: due, AsOf: at, RunID: "sched-" + at.Format("1504")}
		},
		OnRun: func(at time.Time, results []*pipeline.Result, err error) {
			if err != nil {
				t.Errorf("run at %v: %v", at, err)
			}
			var ids []string
			for _, r := range results {
				ids = append(ids, r.ID)
				if r.Status != pipeline.StatusUpdated || !r.WindowEnd.Equal(at) {
					t.Errorf("run at %v: %s %s (%s), window end %v", at, r.ID, r.Status, r.Reason, r.WindowEnd)
				}
			}
			sort.Strings(ids)
			got = append(got, cycle{at.Sub(asOf), strings.Join(ids, " ")})
		},
	}
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	// No wall-clock bound: a Run that never returns is caught by the
	// test binary's -timeout, with every goroutine's stack.
	if err := <-done; err != nil {
		t.Errorf("Scheduler.Run: %v", err)
	}
	m := time.Minute
	want := []cycle{
		{0, "a-written b-observed c-default d-prior"},
		{30 * m, "b-observed"},
		{45 * m, "d-prior"},
		{60 * m, "b-observed c-default"},
		{90 * m, "b-observed d-prior"},
		{120 * m, "a-written b-observed c-default"},
		{135 * m, "d-prior"},
		{150 * m, "b-observed"},
		{180 * m, "b-observed c-default d-prior"},
		{210 * m, "b-observed"},
		{225 * m, "d-prior"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cycles (-want +got):\n%s", diff)
	}
	if len(runners) != len(want) {
		t.Errorf("NewRunner was called %d times, want %d", len(runners), len(want))
	}
	wantSleeps := []time.Duration{30 * m, 15 * m, 15 * m, 30 * m, 30 * m, 15 * m, 15 * m, 30 * m, 30 * m, 15 * m, 15 * m}
	if diff := cmp.Diff(wantSleeps, clock.sleeps); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}
	// The runs built their own history: b-observed ran 8 times.
	if n := len(history(t, proj, "b-observed")); n != 8 {
		t.Errorf("b-observed has %d stored rows, want 8", n)
	}
}

// TestSchedulerStopsOnCancel: with the real clock, cancelling ctx ends
// the wait for the next cycle at once.
func TestSchedulerStopsOnCancel(t *testing.T) {
	p := duckProject(t, testEvents())
	p.write(t, p.duckYAML(""), "id: hourly\nedge_reference: e.signup\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n")
	proj, params := p.load(t)
	ctx, cancel := context.WithCancel(context.Background())
	runs := make(chan time.Time, 10)
	s := &pipeline.Scheduler{Project: proj, Params: params, OnRun: func(at time.Time, _ []*pipeline.Result, _ error) { runs <- at }}
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	// No wall-clock bounds: how long a run takes depends on the
	// machine's load. The scheduler's own wait is an hour, so a Run that
	// returns here was stopped by the cancel; one that never returns is
	// caught by the test binary's -timeout.
	<-runs
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run returned %v, want nil when stopped by ctx", err)
	}
	if n := len(runs); n != 0 {
		t.Errorf("%d more runs after the first", n)
	}
}

// TestSchedulerWithoutParameters: with nothing to run, the scheduler waits
// DefaultInterval by its own clock (it used to wait from the wall clock,
// which a fake clock in the past turned into a year).
func TestSchedulerWithoutParameters(t *testing.T) {
	p := duckProject(t, nil)
	p.write(t, p.duckYAML(""))
	proj, _ := p.load(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clock := &fakeClock{now: asOf, stop: asOf.Add(3 * time.Hour), cancel: cancel}
	s := &pipeline.Scheduler{Project: proj, Now: clock.Now, Sleep: clock.Sleep,
		OnRun: func(time.Time, []*pipeline.Result, error) { t.Error("a run with no parameters") }}
	if err := s.Run(ctx); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{pipeline.DefaultInterval, pipeline.DefaultInterval, pipeline.DefaultInterval}
	if diff := cmp.Diff(want, clock.sleeps); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}
}
