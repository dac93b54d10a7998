package pipeline_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/connect"
	"github.com/paramsql/paramsql/runtime/lock"
	"github.com/paramsql/paramsql/runtime/pipeline"
	"github.com/paramsql/paramsql/runtime/store"
)

// The environment of a test binary started as an update process by
// TestConcurrentUpdatesWait.
const (
	envUpdateDir  = "PARAMSQL_TEST_UPDATE_DIR"
	envUpdateAsOf = "PARAMSQL_TEST_UPDATE_AS_OF"
)

// waitingLine is what an update process prints when it starts to wait.
const waitingLine = "waiting for the project lock"

// TestMain lets the test binary be an update process of its own.
func TestMain(m *testing.M) {
	if dir := os.Getenv(envUpdateDir); dir != "" {
		os.Exit(updateProcess(dir, os.Getenv(envUpdateAsOf)))
	}
	os.Exit(m.Run())
}

// updateProcess is `paramsql update` in miniature: it says on stderr when
// it waits for the lock, prints each result, and fails if any failed.
func updateProcess(dir, at string) int {
	asOf, err := time.Parse(time.RFC3339, at)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	proj, params, err := config.Load(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	r := &pipeline.Runner{Project: proj, Params: params, AsOf: asOf,
		OnLockWait: func(holder string) { fmt.Fprintf(os.Stderr, "%s (%s)\n", waitingLine, holder) }}
	defer r.Close()
	results, err := r.Run(context.Background(), nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	code := 0
	for _, res := range results {
		fmt.Printf("%s %s %s\n", res.ID, res.Status, res.Reason)
		if res.Status == pipeline.StatusFailed {
			code = 1
		}
	}
	return code
}

// Two updates of one DuckDB project, started while a third run holds the
// project and has the posterior store open, both wait for it and then
// succeed one after the other: none fails on DuckDB's file lock, leaves a
// failed row or loses its posterior. The holder lets go only once both
// have said they are waiting, so nothing depends on timing.
func TestConcurrentUpdatesWait(t *testing.T) {
	p := duckProject(t, testEvents())
	p.write(t, p.duckYAML(""), "id: one\nedge_reference: e.signup\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n")
	proj, _ := p.load(t)
	ctx := context.Background()

	held, err := lock.Acquire(ctx, filepath.Join(p.dir, lock.FileName), lock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	storeConn := proj.Connections[proj.PosteriorStore.Connection]
	storeDB, err := connect.Open(ctx, connect.Config{Name: "holder", Driver: string(storeConn.Driver), DSN: storeConn.DSN})
	if err != nil {
		t.Fatal(err)
	}
	if err := store.NewSQLStore(storeDB, proj.PosteriorStore.Table).Ensure(ctx); err != nil {
		t.Fatal(err)
	}

	type proc struct {
		cmd    *exec.Cmd
		out    strings.Builder
		stderr *bufio.Reader
	}
	var procs []*proc
	for _, at := range []time.Time{asOf, asOf.Add(time.Hour)} {
		pr := &proc{cmd: exec.Command(os.Args[0], "-test.run=^$")}
		pr.cmd.Env = append(os.Environ(), envUpdateDir+"="+p.dir, envUpdateAsOf+"="+at.Format(time.RFC3339))
		pr.cmd.Stdout = &pr.out
		errPipe, err := pr.cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		pr.stderr = bufio.NewReader(errPipe)
		if err := pr.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs = append(procs, pr)
	}
	for i, pr := range procs {
		line, err := pr.stderr.ReadString('\n')
		if !strings.HasPrefix(line, waitingLine) {
			_ = held.Release()
			_ = storeDB.Close()
			_ = pr.cmd.Wait()
			t.Fatalf("update %d did not wait for the project lock: stderr %q (%v), stdout %q", i+1, line, err, pr.out.String())
		}
	}
	if err := storeDB.Close(); err != nil {
		t.Fatal(err)
	}
	if err := held.Release(); err != nil {
		t.Fatal(err)
	}
	for i, pr := range procs {
		rest, _ := pr.stderr.ReadString(0)
		if err := pr.cmd.Wait(); err != nil {
			t.Errorf("update %d: %v\nstdout: %s\nstderr: %s", i+1, err, pr.out.String(), rest)
		}
	}
	var got []string
	for _, row := range history(t, proj, "one") {
		got = append(got, fmt.Sprintf("%s %s", row.WindowEnd.Format(time.RFC3339), row.Status))
	}
	want := []string{asOf.Format(time.RFC3339) + " updated", asOf.Add(time.Hour).Format(time.RFC3339) + " updated"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
}
