package pipeline

import (
	"context"
	"path/filepath"
	"sync"

	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/lock"
)

// projectLocks are the project locks this process holds, shared by its
// runners: the lock keeps other processes out, while runners of one
// process already share one DuckDB instance per file and would otherwise
// wait for each other forever (a run that reads the history while its
// own runner is still open).
var projectLocks struct {
	sync.Mutex
	held map[string]*sharedLock
}

type sharedLock struct {
	l     *lock.Lock
	users int
}

// lockProject takes the project lock (see package lock) before a run
// opens any connection, so that a second run on the project, in another
// process, waits for the first instead of failing on DuckDB's file lock
// half-way, or racing its rows into the store. Close releases it.
func (r *Runner) lockProject(ctx context.Context) error {
	if r.locked != "" || r.Project == nil || r.Project.Dir == "" {
		return nil
	}
	path, err := filepath.Abs(filepath.Join(r.Project.Dir, lock.FileName))
	if err != nil {
		return err
	}
	projectLocks.Lock()
	if h := projectLocks.held[path]; h != nil {
		h.users++
		projectLocks.Unlock()
		r.locked = path
		return nil
	}
	projectLocks.Unlock()
	// Not under the mutex: the wait may be long, and a release needs it.
	l, err := lock.Acquire(ctx, path, lock.Options{Timeout: r.LockTimeout, OnWait: r.OnLockWait})
	if err != nil {
		return err
	}
	projectLocks.Lock()
	defer projectLocks.Unlock()
	if projectLocks.held == nil {
		projectLocks.held = map[string]*sharedLock{}
	}
	projectLocks.held[path] = &sharedLock{l: l, users: 1}
	r.locked = path
	return nil
}

// unlockProject gives up the runner's share of the project lock, and the
// lock itself with the last share.
func (r *Runner) unlockProject() error {
	if r.locked == "" {
		return nil
	}
	projectLocks.Lock()
	defer projectLocks.Unlock()
	path := r.locked
	r.locked = ""
	h := projectLocks.held[path]
	if h == nil {
		return nil
	}
	if h.users--; h.users > 0 {
		return nil
	}
	delete(projectLocks.held, path)
	return h.l.Release()
}

// connectionUse says how a run uses one project connection.
type connectionUse struct {
	written bool // the posterior store, or a sql destination
	events  bool // some parameter observes events through it
}

// connectionUse finds how the run's parameters use connection name. A
// connection that is never written opens read-only; one that events are
// read from must already exist (a DuckDB file is never created for it).
// Connections that name the same database share their uses, since one
// process opens a DuckDB file with one set of settings.
func (r *Runner) connectionUse(name string) connectionUse {
	ps := r.Project.PosteriorStore
	same := func(other string) bool {
		a, b := r.Project.Connections[name], r.Project.Connections[other]
		return other == name || (a.Driver == b.Driver && a.DSN == b.DSN)
	}
	u := connectionUse{written: same(ps.Connection)}
	for _, p := range r.Params {
		if p == nil {
			continue
		}
		if p.ObservationReference() != "" || p.ObservationSource != nil {
			u.events = u.events || same(p.ConnectionName(r.Project))
		}
		if pd := p.PosteriorDestination; pd != nil {
			for _, d := range pd.Destinations {
				if d.Type == config.DestSQL && same(orDefault(d.Connection, ps.Connection)) {
					u.written = true
				}
			}
		}
	}
	return u
}
