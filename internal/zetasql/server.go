// Package zetasql runs BigQuery SQL in tests on Google's ZetaSQL: the
// GoogleSQL analyzer and reference evaluator (release 2023.08.1), as the
// npm package @fivetrandevelopers/zetasql ships it, a prebuilt Linux
// x86-64 server with a gRPC "local service".
//
// No Go stubs are generated from the service's protos: a small Node script
// (bridge.js, next to this file) loads them at run time with the package's
// own @grpc/proto-loader and relays calls as JSON lines. Shared launches
// the server and the bridge once per test binary.
//
// The package is found through PARAMSQL_ZETASQL_DIR, which
// scripts/testenv.sh sets after installing it (`make test` does), or in
// the cache directory where testenv.sh installs it. When it is missing the
// test is skipped, except under CI=true: then it fails.
package zetasql

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// EnvDir names the environment variable that holds the npm prefix the
// package is installed under: the directory holding
// node_modules/@fivetrandevelopers/zetasql.
const EnvDir = "PARAMSQL_ZETASQL_DIR"

// PackageVersion is the npm package version scripts/testenv.sh installs;
// its server is ZetaSQL 2023.08.1.
const PackageVersion = "1.13.0"

// packagePath is the package's directory under an npm prefix.
const packagePath = "node_modules/@fivetrandevelopers/zetasql"

// DefaultDir is where scripts/testenv.sh installs the package when
// PARAMSQL_ZETASQL_DIR is not set: the user's cache directory, outside
// the repository.
func DefaultDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "paramsql", "zetasql-"+PackageVersion)
}

// Locate returns the installed package's directory, or why there is none.
func Locate() (string, error) {
	prefix := os.Getenv(EnvDir)
	source := EnvDir
	if prefix == "" {
		prefix, source = DefaultDir(), "the default cache directory"
	}
	if prefix == "" {
		return "", fmt.Errorf("%s is not set and there is no cache directory", EnvDir)
	}
	pkg := filepath.Join(prefix, packagePath)
	if _, err := os.Stat(serverBinary(pkg)); err != nil {
		return "", fmt.Errorf("no ZetaSQL server under %s (%s): %v (scripts/testenv.sh up installs it)", prefix, source, err)
	}
	return pkg, nil
}

// serverBinary is the Linux x86-64 server in the package; its other
// binaries are for macOS and ARM.
func serverBinary(pkg string) string {
	return filepath.Join(pkg, "lib", "zetasql", "remote_server.so")
}

// inCI reports CI=true, under which a missing server fails the test.
func inCI() bool {
	v, err := strconv.ParseBool(os.Getenv("CI"))
	return err == nil && v
}

var shared struct {
	sync.Mutex
	client *Client
	err    error
	done   bool
}

// Shared returns the test binary's client: the first call starts a
// ZetaSQL server and the bridge to it (the bridge takes seconds to load
// the protos on a busy machine), later calls reuse them, and CloseShared,
// called from TestMain, stops them. Should a test binary die without
// TestMain's cleanup, both processes are killed with it. Shared skips t
// when the package is not installed, or fails it under CI=true.
func Shared(t testing.TB) *Client {
	t.Helper()
	pkg, err := Locate()
	if err == nil {
		err = supported()
	}
	if err != nil {
		skipOrFail(t, err)
	}
	shared.Lock()
	defer shared.Unlock()
	if !shared.done {
		shared.client, shared.err = start(pkg)
		shared.done = true
	}
	if shared.err != nil {
		t.Fatalf("zetasql: %v", shared.err)
	}
	return shared.client
}

// CloseShared stops the client Shared started, if any.
func CloseShared() {
	shared.Lock()
	defer shared.Unlock()
	if shared.client != nil {
		shared.client.Close()
	}
}

// supported says why the packaged server cannot run here, or nil.
func supported() error {
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		return fmt.Errorf("the packaged server runs on linux/amd64 only, not %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	if _, err := exec.LookPath("node"); err != nil {
		return fmt.Errorf("node is not on PATH: %v", err)
	}
	return nil
}

func skipOrFail(t testing.TB, err error) {
	t.Helper()
	if inCI() {
		t.Fatalf("zetasql: %v; CI=true: integration tests must not skip", err)
	}
	t.Skipf("zetasql: %v", err)
}

// start runs the server on a free loopback port, retrying when another
// process takes the port first, then the bridge.
func start(pkg string) (*Client, error) {
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		server := exec.Command(serverBinary(pkg), "127.0.0.1", strconv.Itoa(port))
		server.SysProcAttr = dieWithParent()
		log := &logBuffer{}
		server.Stdout, server.Stderr = log, log
		if err := server.Start(); err != nil {
			return nil, fmt.Errorf("start %s: %v", server.Path, err)
		}
		exited := make(chan error, 1)
		go func() { exited <- server.Wait() }()
		if err := waitListening(addr, exited); err != nil {
			_ = server.Process.Kill()
			lastErr = fmt.Errorf("server on %s: %v; its output: %s", addr, err, log.String())
			continue
		}
		c, err := startBridge(pkg, addr)
		if err != nil {
			_ = server.Process.Kill()
			<-exited
			return nil, err
		}
		c.server, c.serverExited = server, exited
		return c, nil
	}
	return nil, lastErr
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitListening waits until addr accepts connections; the server starts
// in well under a second, but the machine may be busy.
func waitListening(addr string, exited <-chan error) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return fmt.Errorf("exited during start-up: %v", err)
		default:
		}
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			conn.Close()
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("not listening after 30s")
}

// bridgeScript is bridge.js, found next to this source file: tests run
// with the package directory as their working directory, but the script
// is looked up from here so that any package's tests can use it.
func bridgeScript() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", fmt.Errorf("cannot find bridge.js: no caller information")
	}
	p := filepath.Join(filepath.Dir(file), "bridge.js")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("cannot find bridge.js: %v", err)
	}
	return p, nil
}

func startBridge(pkg, addr string) (*Client, error) {
	script, err := bridgeScript()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("node", script, pkg, addr)
	cmd.SysProcAttr = dieWithParent()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	c := &Client{bridge: cmd, in: stdin, out: bufio.NewReaderSize(stdout, 1<<20), bridgeLog: &logBuffer{}}
	cmd.Stderr = c.bridgeLog
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start node %s: %v", script, err)
	}
	return c, nil
}

// logBuffer collects a process's output for error messages; the process
// writes it while a failing call reads it.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
