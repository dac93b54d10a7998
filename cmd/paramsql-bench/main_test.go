package main

import (
	"testing"

	_ "github.com/paramsql/paramsql/internal/golden"
)

// TestShortRun is the benchmark's smoke test: the short mode runs every
// measurement on 200k events, and fails if the compiled and hand-written
// SQL disagree on the counts. It asserts no time.
func TestShortRun(t *testing.T) {
	if testing.Short() {
		t.Skip("the smoke run takes a few seconds")
	}
	if err := run(200_000, 1, 5, true); err != nil {
		t.Fatal(err)
	}
}
