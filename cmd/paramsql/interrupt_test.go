package main

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/internal/testdb"
)

// heldHook is a webhook destination that tells the test when a request
// arrives and answers only when the test lets it: a parameter writing to
// it is "in progress" for as long as the test wants, with no sleep.
type heldHook struct {
	*httptest.Server
	arrived chan string   // the path of each request, as it arrives
	release chan struct{} // closed to answer them
}

func newHeldHook(t *testing.T) *heldHook {
	h := &heldHook{arrived: make(chan string, 10), release: make(chan struct{})}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.arrived <- r.URL.Path
		select {
		case <-h.release:
		case <-r.Context().Done():
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(h.Close)
	return h
}

// await returns the path of the next request.
func (h *heldHook) await(t *testing.T) string {
	t.Helper()
	select {
	case path := <-h.arrived:
		return path
	case <-t.Context().Done():
		t.Fatal("no webhook request")
	}
	return ""
}

// signalProject has three parameters, a, b and c, updated in that order;
// b writes its posterior to hook, which holds it in progress.
func signalProject(t *testing.T, hook *heldHook, extra map[string]string) string {
	files := map[string]string{
		"a.yaml": simpleParam("a", "e.signup", ""),
		"b.yaml": simpleParam("b", "e.checkout", fmt.Sprintf("posterior_destination:\n  destinations:\n    - { type: webhook, url: %q }\n", hook.URL+"/b")),
		"c.yaml": simpleParam("c", "e.signup.within(1h)", ""),
	}
	for k, v := range extra {
		files[k] = v
	}
	return testProject(t, files)
}

// storedIDs lists the parameters with rows in the project's posterior
// store.
func storedIDs(t *testing.T, dir string) map[string]int {
	t.Helper()
	db, err := testdb.OpenDSN(testdb.DuckDB, filepath.Join(dir, "posteriors.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT param_id, count(*) FROM parameter_posteriors GROUP BY param_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]int{}
	for rows.Next() {
		var id string
		var n sql.NullInt64
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatal(err)
		}
		got[id] = int(n.Int64)
	}
	return got
}

// TestUpdateInterrupted: SIGINT while b is in progress lets b finish and
// be written; c is not run, nothing of it is written, the summary so far
// is printed and the exit status is non-zero.
func TestUpdateInterrupted(t *testing.T) {
	hook := newHeldHook(t)
	dir := signalProject(t, hook, nil)
	p := startCLI(t, "update", "--project", dir, "--as-of", "2025-03-01")
	if path := hook.await(t); path != "/b" {
		t.Fatalf("webhook request for %s, want /b", path)
	}
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	p.expectStderr("finishing the parameter in progress")
	close(hook.release)
	code, out, errOut := p.wait()
	if code == 0 || !strings.Contains(errOut, "interrupted: 1 of 3 parameters not run") {
		t.Errorf("exit %d, stderr %q; want non-zero, saying 1 of 3 not run", code, errOut)
	}
	want := map[string]string{"a": "updated", "b": "updated", "c": "interrupted"}
	if diff := cmp.Diff(want, summaryStatuses(out)); diff != "" {
		t.Errorf("summary statuses (-want +got):\n%s\n%s", diff, out)
	}
	if diff := cmp.Diff(map[string]int{"a": 1, "b": 1}, storedIDs(t, dir)); diff != "" {
		t.Errorf("stored rows (-want +got):\n%s", diff)
	}
}

// TestUpdateInterruptedTwice: a second signal stops at once, though b's
// webhook never answers.
func TestUpdateInterruptedTwice(t *testing.T) {
	hook := newHeldHook(t)
	t.Cleanup(func() { close(hook.release) }) // runs before the server closes
	dir := signalProject(t, hook, nil)
	p := startCLI(t, "update", "--project", dir, "--as-of", "2025-03-01")
	hook.await(t)
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	p.expectStderr("finishing the parameter in progress")
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	p.expectStderr("stopping now")
	code, out, _ := p.wait()
	if code == 0 {
		t.Errorf("exit 0 after a forced stop")
	}
	want := map[string]string{"a": "updated", "b": "failed", "c": "interrupted"}
	if diff := cmp.Diff(want, summaryStatuses(out)); diff != "" {
		t.Errorf("summary statuses (-want +got):\n%s\n%s", diff, out)
	}
}

// TestRunInterrupted: the scheduler finishes the update in progress (no
// parameter ends "context canceled"), prints "stopped", and exits non-zero
// because one parameter file is broken; the broken file fails alone with
// its file:line:col.
func TestRunInterrupted(t *testing.T) {
	for _, tc := range []struct {
		name     string
		extra    map[string]string
		want     map[string]string
		wantCode int
	}{
		{"all good", nil, map[string]string{"a": "updated", "b": "updated", "c": "updated"}, 0},
		{"a broken file", map[string]string{"d.yaml": "id: d\nedge_refrence: e.signup\n"},
			map[string]string{"a": "updated", "b": "updated", "c": "updated", "d": "failed"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hook := newHeldHook(t)
			dir := signalProject(t, hook, tc.extra)
			p := startCLI(t, "run", "--project", dir)
			hook.await(t)
			if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			p.expectStderr("finishing the update in progress")
			close(hook.release)
			code, out, errOut := p.wait()
			if code != tc.wantCode {
				t.Errorf("exit %d, want %d; stderr %s", code, tc.wantCode, errOut)
			}
			if diff := cmp.Diff(tc.want, summaryStatuses(out)); diff != "" {
				t.Errorf("summary statuses (-want +got):\n%s\n%s", diff, out)
			}
			if !strings.HasSuffix(out, "stopped\n") {
				t.Errorf("stdout does not end with stopped:\n%s", out)
			}
			if tc.extra != nil && !strings.Contains(out, "d.yaml:2:1: unknown field \"edge_refrence\"") {
				t.Errorf("the summary lacks the broken file's error:\n%s", out)
			}
		})
	}
}
