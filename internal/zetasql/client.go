package zetasql

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"sync"
	"time"
)

// Client calls one ZetaSQL server through the bridge. Calls are
// serialised; a Client is safe for use by several goroutines.
type Client struct {
	mu           sync.Mutex
	next         int
	bridge       *exec.Cmd
	in           io.WriteCloser
	out          *bufio.Reader
	bridgeLog    *logBuffer
	server       *exec.Cmd
	serverExited <-chan error
	closed       bool
}

// callTimeout bounds one call: a request carries a whole table, and the
// evaluator is a reference implementation, not a fast one.
const callTimeout = 2 * time.Minute

// call sends one request to the service method (its name in the .proto
// file, lower camel case as the bridge spells it) and decodes the answer
// into resp.
func (c *Client) call(method string, req, resp any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return fmt.Errorf("zetasql: client is closed")
	}
	c.next++
	id := c.next
	line, err := json.Marshal(map[string]any{
		"id": id, "method": method, "request": req, "timeout_ms": callTimeout.Milliseconds(),
	})
	if err != nil {
		return fmt.Errorf("zetasql: %s: encode request: %v", method, err)
	}
	if _, err := c.in.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("zetasql: %s: write to bridge: %v; bridge log: %s", method, err, c.bridgeLog)
	}
	raw, err := c.out.ReadBytes('\n')
	if err != nil {
		return fmt.Errorf("zetasql: %s: read from bridge: %v; bridge log: %s", method, err, c.bridgeLog)
	}
	var answer struct {
		ID       int             `json:"id"`
		Error    *string         `json:"error"`
		Response json.RawMessage `json:"response"`
	}
	if err := json.Unmarshal(raw, &answer); err != nil {
		return fmt.Errorf("zetasql: %s: bad answer from bridge: %v", method, err)
	}
	if answer.ID != id {
		return fmt.Errorf("zetasql: %s: bridge answered call %d, want %d", method, answer.ID, id)
	}
	if answer.Error != nil {
		return &Error{Method: method, Message: *answer.Error}
	}
	if resp == nil {
		return nil
	}
	if err := json.Unmarshal(answer.Response, resp); err != nil {
		return fmt.Errorf("zetasql: %s: decode answer: %v", method, err)
	}
	return nil
}

// Error is an error the ZetaSQL service returned, such as an analysis
// error with its [at line:col] location.
type Error struct {
	Method  string
	Message string
}

func (e *Error) Error() string { return "zetasql " + e.Method + ": " + e.Message }

// Close stops the bridge and the server. It is idempotent.
func (c *Client) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.closed = true
	_ = c.in.Close() // the bridge ends when its input does
	done := make(chan struct{})
	go func() {
		_ = c.bridge.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = c.bridge.Process.Kill()
		<-done
	}
	if c.server != nil {
		_ = c.server.Process.Kill()
		<-c.serverExited
	}
}
