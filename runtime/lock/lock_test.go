package lock

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/paramsql/paramsql/internal/golden"
)

// A second Acquire waits while the lock is held and gets it once the
// holder releases it. The holder releases only after the waiter has said
// it is waiting, so the test does not depend on timing.
func TestAcquireWaitsForHolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	first, err := Acquire(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	waiting := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		second, err := Acquire(context.Background(), path, Options{Timeout: time.Hour, OnWait: func(h string) { waiting <- h }})
		if err == nil {
			err = second.Release()
		}
		done <- err
	}()
	holder := <-waiting
	if !strings.HasPrefix(holder, "pid ") {
		t.Errorf("holder = %q, want the holder's pid", holder)
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("second Acquire after release: %v", err)
	}
}

// A lock that stays held ends the wait with a message that says who
// holds it and what to do.
func TestAcquireTimesOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	first, err := Acquire(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Release()
	_, err = Acquire(context.Background(), path, Options{Timeout: time.Nanosecond})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	for _, want := range []string{path, "another paramsql run", "pid "} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

// A cancelled context ends the wait at once.
func TestAcquireCancelled(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	first, err := Acquire(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Release()
	ctx, cancel := context.WithCancel(context.Background())
	_, err = Acquire(ctx, path, Options{Timeout: time.Hour, OnWait: func(string) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// Release is idempotent, and a released lock can be taken again.
func TestReleaseTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Acquire(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l2, err := Acquire(context.Background(), path, Options{Timeout: time.Nanosecond})
	if err != nil {
		t.Fatalf("Acquire after release: %v", err)
	}
	l2.Release()
}
