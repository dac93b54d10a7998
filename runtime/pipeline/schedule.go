package pipeline

import (
	"context"
	"sort"
	"time"

	"github.com/paramsql/paramsql/runtime/config"
)

// DefaultInterval is how often a parameter with neither refresh_frequency
// nor write_frequency is updated by the scheduler.
const DefaultInterval = time.Hour

// Interval is how often the scheduler updates a parameter: its
// write_frequency when set (a posterior is only worth computing when it is
// written), else its observation or prior refresh_frequency, whichever is
// shortest.
func Interval(p *config.Param) time.Duration {
	if pd := p.PosteriorDestination; pd != nil && pd.WriteFrequency > 0 {
		return pd.WriteFrequency
	}
	var d time.Duration
	for _, f := range []time.Duration{refresh(p.ObservationSource), priorRefresh(p.PriorSource)} {
		if f > 0 && (d == 0 || f < d) {
			d = f
		}
	}
	if d == 0 {
		return DefaultInterval
	}
	return d
}

func refresh(o *config.ObservationSource) time.Duration {
	if o == nil {
		return 0
	}
	return o.RefreshFrequency
}

func priorRefresh(p *config.PriorSource) time.Duration {
	if p == nil {
		return 0
	}
	return p.RefreshFrequency
}

// Scheduler runs updates as each parameter falls due.
type Scheduler struct {
	Project *config.Project
	Params  []*config.Param
	// Broken are the parameter files that failed to load; the first
	// cycle reports them failed, with the parameters that run.
	Broken []config.BrokenParam
	// Stop, once closed, ends the scheduler after the update in progress
	// (the whole cycle, not cut short). Cancelling Run's context instead
	// stops at once.
	Stop <-chan struct{}
	// Now is the clock; nil means time.Now. Tests replace it.
	Now func() time.Time
	// Sleep waits for d or until ctx ends; nil means a timer. Tests
	// replace it.
	Sleep func(ctx context.Context, d time.Duration)
	// OnRun receives each run's results.
	OnRun func(at time.Time, results []*Result, err error)
	// NewRunner makes the runner of one cycle; nil means a plain Runner.
	NewRunner func(at time.Time, params []*config.Param) *Runner
	// OnLockWait, when set, is given to each cycle's runner: it is told
	// when the cycle waits for another run of the project to finish.
	OnLockWait func(holder string)
}

// Run updates every parameter at once, then each again whenever its
// interval has passed, until Stop is closed or ctx ends. It returns nil
// when stopped.
func (s *Scheduler) Run(ctx context.Context) error {
	// loop ends with Stop or ctx; an update in progress only with ctx.
	loop, cancel := context.WithCancel(ctx)
	defer cancel()
	if s.Stop != nil {
		go func() {
			select {
			case <-s.Stop:
				cancel()
			case <-loop.Done():
			}
		}()
	}
	now := s.Now
	if now == nil {
		now = func() time.Time { return time.Now().UTC() }
	}
	sleep := s.Sleep
	if sleep == nil {
		sleep = func(ctx context.Context, d time.Duration) {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-ctx.Done():
			case <-t.C:
			}
		}
	}
	next := make(map[string]time.Time, len(s.Params))
	// stopped reads Stop itself: the goroutine's cancel may not have
	// landed yet.
	stopped := func() bool {
		select {
		case <-s.Stop:
			return true
		default:
			return loop.Err() != nil
		}
	}
	first := true
	for !stopped() {
		at := now().Truncate(time.Second)
		var due []*config.Param
		for _, p := range s.Params {
			if n, ok := next[p.ID]; !ok || !at.Before(n) {
				due = append(due, p)
				next[p.ID] = at.Add(Interval(p))
			}
		}
		due = s.withDueSiblings(due, next, at)
		if len(due) > 0 || first && len(s.Broken) > 0 {
			r := &Runner{Project: s.Project, Params: due, AsOf: at}
			if s.NewRunner != nil {
				r = s.NewRunner(at, due)
			}
			if r.OnLockWait == nil {
				r.OnLockWait = s.OnLockWait
			}
			if first {
				// The broken files are reported once, with the first
				// cycle, as update would.
				r.Broken = s.Broken
			}
			results, err := r.Run(ctx, nil)
			r.Close()
			if s.OnRun != nil {
				s.OnRun(at, results, err)
			}
		}
		first = false
		if stopped() {
			break
		}
		t := now()
		wake := earliest(next, t)
		if d := wake.Sub(t); d > 0 {
			sleep(loop, d)
		}
	}
	return nil
}

// earliest is the next time a parameter falls due, or an interval after
// now (the scheduler's clock) when there are none.
func earliest(next map[string]time.Time, now time.Time) time.Time {
	var ts []time.Time
	for _, t := range next {
		ts = append(ts, t)
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	if len(ts) == 0 {
		return now.Add(DefaultInterval)
	}
	return ts[0]
}

// withDueSiblings adds to due the other members of every sibling group one
// of its parameters is in: a group is one joint update, and updating part
// of it would fit a Dirichlet over the wrong edges (the members due alone
// and the residual). The members added start their interval again at at.
func (s *Scheduler) withDueSiblings(due []*config.Param, next map[string]time.Time, at time.Time) []*config.Param {
	out := withSiblings(s.Project, due, s.Params)
	for _, p := range out[len(due):] {
		next[p.ID] = at.Add(Interval(p))
	}
	return out
}
