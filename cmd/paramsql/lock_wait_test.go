package main

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/paramsql/paramsql/runtime/lock"
)

// TestCommandsSayWhenTheyWait: update, history and run, started while
// another run holds the project, each say on stderr that they wait, and
// finish once it lets go. history and run used to wait in silence.
func TestCommandsSayWhenTheyWait(t *testing.T) {
	dir := testProject(t, map[string]string{"a.yaml": simpleParam("a", "e.signup", "")})
	if _, errOut, code := runCLI("update", "--project", dir, "--as-of", "2025-03-01"); code != 0 {
		t.Fatalf("first update: %s", errOut)
	}
	for _, tc := range []struct {
		name    string
		args    []string
		stop    bool // a scheduler, stopped by a signal once it is past the wait
		wantOut string
	}{
		{"update", []string{"update", "--project", dir, "--as-of", "2025-03-02"}, false, "updated"},
		{"history", []string{"history", "--project", dir, "a"}, false, "2025-03-01"},
		{"run", []string{"run", "--project", dir}, true, "run at "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			held, err := lock.Acquire(context.Background(), filepath.Join(dir, lock.FileName), lock.Options{})
			if err != nil {
				t.Fatal(err)
			}
			p := startCLI(t, tc.args...)
			p.expectStderr("waiting for it to finish")
			if err := held.Release(); err != nil {
				t.Fatal(err)
			}
			if tc.stop {
				if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
					t.Fatal(err)
				}
			}
			code, out, errOut := p.wait()
			if code != 0 {
				t.Fatalf("exit %d; stderr %s", code, errOut)
			}
			if !strings.Contains(out, tc.wantOut) {
				t.Errorf("stdout lacks %q:\n%s", tc.wantOut, out)
			}
		})
	}
}
