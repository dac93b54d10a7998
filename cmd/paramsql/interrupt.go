package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// interrupts turns SIGINT and SIGTERM into two steps. The first closes
// stop: the command finishes what is in progress and starts nothing new.
// The second cancels ctx: the command stops at once. say is told of each
// step, so the user knows a second signal is not lost. release undoes
// the handling.
func interrupts(parent context.Context, first, second string, say func(string)) (ctx context.Context, stop <-chan struct{}, release func()) {
	ctx, cancel := context.WithCancel(parent)
	stopCh := make(chan struct{})
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sig:
		case <-done:
			return
		}
		// Act before saying so: whoever reads the message may rely on it.
		close(stopCh)
		say(first)
		select {
		case <-sig:
		case <-done:
			return
		}
		cancel()
		say(second)
	}()
	return ctx, stopCh, func() {
		signal.Stop(sig)
		close(done)
		cancel()
	}
}
