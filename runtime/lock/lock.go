// Package lock is the project lock: an advisory file lock (flock) that
// serialises the runs that write one project's posterior store. DuckDB
// lets one process at a time open a database file for writing, so without
// it a second `paramsql update` fails on DuckDB's own lock, or races the
// first one's rows; with it, the second waits its turn.
//
// The lock is the kernel's: it is released when the process exits,
// however it exits, so a crashed run never leaves a stale lock behind.
package lock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// FileName is the lock file inside a project directory.
const FileName = ".paramsql.lock"

// DefaultTimeout is how long Acquire waits for a lock held by another run
// when the caller gives no timeout: long enough for an ordinary update to
// finish, short enough that a stuck run is reported the same day.
const DefaultTimeout = 10 * time.Minute

// pollInterval is how often a waiting Acquire tries again. flock has no
// timed wait, and a blocking flock cannot be interrupted by a context.
const pollInterval = 100 * time.Millisecond

// Lock is a held project lock.
type Lock struct {
	f *os.File
}

// Options tune Acquire.
type Options struct {
	// Timeout bounds the wait for another holder; zero means
	// DefaultTimeout.
	Timeout time.Duration
	// OnWait, when set, is called once, when the lock is found held by
	// someone else and Acquire starts to wait. holder describes them
	// ("pid 1234 since 2026-12-06T19:00:00Z"), as far as the lock file
	// says.
	OnWait func(holder string)
}

// ErrTimeout is wrapped by the error of an Acquire that gave up waiting.
var ErrTimeout = errors.New("timed out waiting for the project lock")

// Acquire takes the exclusive lock on path, creating the file if needed,
// and waits while another process (or another Acquire in this process)
// holds it, until opts.Timeout passes or ctx ends. The file records the
// holder's pid and start time, for the message of whoever waits.
func Acquire(ctx context.Context, path string, opts Options) (*Lock, error) {
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("project lock: %w", err)
	}
	deadline := time.Now().Add(timeout)
	waited := false
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, unix.EWOULDBLOCK) && !errors.Is(err, unix.EINTR) {
			f.Close()
			return nil, fmt.Errorf("project lock %s: %w", path, err)
		}
		holder := holderOf(path)
		if !waited {
			waited = true
			if opts.OnWait != nil {
				opts.OnWait(holder)
			}
		}
		if !time.Now().Before(deadline) {
			f.Close()
			return nil, fmt.Errorf("%w %s after %s: another paramsql run (%s) is still updating this project; try again when it has finished, or stop it",
				ErrTimeout, path, timeout, holder)
		}
		t := time.NewTimer(pollInterval)
		select {
		case <-ctx.Done():
			t.Stop()
			f.Close()
			return nil, fmt.Errorf("waiting for the project lock %s (held by %s): %w", path, holder, ctx.Err())
		case <-t.C:
		}
	}
	// The holder's note; a failure to write it only makes a waiter's
	// message vaguer.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(fmt.Sprintf("pid %d since %s\n", os.Getpid(), time.Now().UTC().Format(time.RFC3339))), 0)
	}
	return &Lock{f: f}, nil
}

// holderOf reads the note the holder left in the lock file.
func holderOf(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "unknown holder"
	}
	s := strings.TrimSpace(string(b))
	if s == "" {
		return "unknown holder"
	}
	if pid, _, ok := strings.Cut(strings.TrimPrefix(s, "pid "), " "); ok {
		if _, err := strconv.Atoi(pid); err == nil {
			return s
		}
	}
	return "unknown holder"
}

// Release gives the lock up. It is safe to call on a nil Lock and more
// than once.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	f := l.f
	l.f = nil
	// Closing the file releases the flock; the file itself stays, since
	// removing it would race a waiter that has it open.
	return f.Close()
}
