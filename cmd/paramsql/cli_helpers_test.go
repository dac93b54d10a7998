package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paramsql/paramsql/internal/oracle"
	"github.com/paramsql/paramsql/internal/testdb"
)

// asMainEnv makes the test binary act as paramsql itself (see TestMain),
// so a test can run the whole command in a process of its own and signal
// it.
const asMainEnv = "PARAMSQL_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMainEnv) == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// testProject writes a project whose events (random ones from the
// reference evaluator) are in a DuckDB file, with posteriors in another,
// and the given parameter files (name -> text) under params/. It returns
// the project directory.
func testProject(t *testing.T, params map[string]string) string {
	t.Helper()
	dsn := testdb.DSN(t, testdb.DuckDB)
	db, err := testdb.OpenDSN(testdb.DuckDB, dsn)
	if err != nil {
		t.Fatal(err)
	}
	testdb.LoadEvents(t, db, testdb.DuckDB, "events", oracle.RandomEvents(rand.New(rand.NewPCG(3, 5)), 400))
	// The commands under test open the file themselves, in this process
	// or another: DuckDB's lock allows one writer process.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]string{
		"paramsql.yaml": fmt.Sprintf(`connections:
  warehouse: { driver: duckdb, dsn: %q }
  posteriors: { driver: duckdb, dsn: posteriors.duckdb }
schema: { table: events, connection: warehouse }
posterior_store: { connection: posteriors, table: parameter_posteriors }
window: { start: "2025-01-01", end: "2025-03-01" }
`, dsn),
	}
	for name, text := range params {
		files[filepath.Join("params", name)] = text
	}
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// simpleParam is a parameter file counting ref with a flat prior, plus
// extra lines.
func simpleParam(id, ref, extra string) string {
	return fmt.Sprintf("id: %s\nedge_reference: %q\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n%s", id, ref, extra)
}

// process is paramsql running in a child process.
type process struct {
	t      *testing.T
	cmd    *exec.Cmd
	stdout strings.Builder
	stderr chan string // its stderr, line by line
	done   chan struct{}
}

// startCLI runs the test binary as paramsql with args.
func startCLI(t *testing.T, args ...string) *process {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), asMainEnv+"=1")
	p := &process{t: t, cmd: cmd, stderr: make(chan string, 100), done: make(chan struct{})}
	cmd.Stdout = &p.stdout
	errPipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(p.stderr)
		sc := bufio.NewScanner(errPipe)
		for sc.Scan() {
			p.stderr <- sc.Text()
		}
		_, _ = io.Copy(io.Discard, errPipe)
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return p
}

// waitFor is how long a test waits for the child to reach a point; it
// bounds a hang, and no result depends on it.
const waitFor = 2 * time.Minute

// expectStderr reads the child's stderr until a line holds want, and
// returns the lines read.
func (p *process) expectStderr(want string) []string {
	p.t.Helper()
	var lines []string
	deadline := time.After(waitFor)
	for {
		select {
		case line, ok := <-p.stderr:
			if !ok {
				p.t.Fatalf("stderr ended without %q:\n%s\nstdout:\n%s", want, strings.Join(lines, "\n"), p.stdout.String())
			}
			lines = append(lines, line)
			if strings.Contains(line, want) {
				return lines
			}
		case <-deadline:
			p.t.Fatalf("no %q on stderr in %v:\n%s", want, waitFor, strings.Join(lines, "\n"))
		}
	}
}

// wait waits for the child to exit and returns its exit code, its stdout
// and the rest of its stderr.
func (p *process) wait() (code int, stdout, stderr string) {
	p.t.Helper()
	var rest []string
	for line := range p.stderr {
		rest = append(rest, line)
	}
	err := p.cmd.Wait()
	code = 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		p.t.Fatal(err)
	}
	return code, p.stdout.String(), strings.Join(rest, "\n")
}

// summaryStatuses reads the STATUS column of a summary table by
// parameter.
func summaryStatuses(out string) map[string]string {
	got := map[string]string{}
	var statusAt, nextAt int
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "PARAMETER") {
			statusAt = strings.Index(line, "STATUS")
			nextAt = strings.Index(line, "PRIOR")
			continue
		}
		if statusAt == 0 || len(line) < nextAt {
			continue
		}
		id := strings.TrimSpace(line[:statusAt])
		got[id] = strings.TrimSpace(line[statusAt:nextAt])
	}
	return got
}
