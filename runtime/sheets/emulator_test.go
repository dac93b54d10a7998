package sheets

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// apiCall is one request as the emulator saw it.
type apiCall struct {
	Method string
	Path   string // escaped, exactly as sent
	Op     string // get, append, update or clear
	Range  string // unescaped
	Query  url.Values
	Auth   string         // Authorization header
	Key    string         // X-Goog-Api-Key header
	Body   map[string]any // nil for GET
}

// emulator answers the four Sheets REST calls this package makes:
//
//	GET  {prefix}/v4/spreadsheets/{id}/values/{range}
//	POST {prefix}/v4/spreadsheets/{id}/values/{range}:append
//	PUT  {prefix}/v4/spreadsheets/{id}/values/{range}
//	POST {prefix}/v4/spreadsheets/{id}/values/{range}:clear
//
// It serves Get from values, fails an operation with a Google-style error
// when fail names it, and records every call.
type emulator struct {
	*httptest.Server
	t      *testing.T
	prefix string
	values map[string]any // the GET answer: range and values
	fail   map[string]int // op -> HTTP status
	echo   bool           // put the request URL and headers in error bodies
	hang   chan struct{}  // non-nil: answer nothing until it closes or the client gives up

	mu     sync.Mutex
	calls  []apiCall
	tokens []url.Values // forms posted to /token, the OAuth2 token endpoint
}

func newEmulator(t *testing.T, prefix string) *emulator {
	t.Helper()
	e := &emulator{t: t, prefix: prefix, fail: map[string]int{}}
	e.Server = httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(e.Close)
	return e
}

func (e *emulator) endpoint() string { return e.URL + e.prefix }

func (e *emulator) recorded() []apiCall {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]apiCall(nil), e.calls...)
}

func (e *emulator) serve(w http.ResponseWriter, r *http.Request) {
	if e.hang != nil {
		select {
		case <-r.Context().Done():
		case <-e.hang:
		}
		return
	}
	path := r.URL.EscapedPath()
	if path == "/token" {
		r.ParseForm()
		e.mu.Lock()
		e.tokens = append(e.tokens, r.PostForm)
		e.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token": "token-from-emulator", "token_type": "Bearer", "expires_in": 3600}`)
		return
	}
	rest, ok := strings.CutPrefix(path, e.prefix+"/v4/spreadsheets/")
	if !ok {
		e.t.Errorf("emulator: unexpected path %s", path)
		http.NotFound(w, r)
		return
	}
	_, escRange, ok := strings.Cut(rest, "/values/")
	if !ok {
		e.t.Errorf("emulator: no /values/ in %s", path)
		http.NotFound(w, r)
		return
	}
	op := map[string]string{http.MethodGet: "get", http.MethodPut: "update"}[r.Method]
	if r.Method == http.MethodPost {
		// The range's own colons arrive as %3A, so a literal colon
		// can only be the custom method.
		var m string
		escRange, m, _ = strings.Cut(escRange, ":")
		op = m
	}
	rng, err := url.PathUnescape(escRange)
	if err != nil {
		e.t.Errorf("emulator: bad escaping in %s: %v", path, err)
	}
	call := apiCall{
		Method: r.Method, Path: path, Op: op, Range: rng, Query: r.URL.Query(),
		Auth: r.Header.Get("Authorization"), Key: r.Header.Get("X-Goog-Api-Key"),
	}
	if r.Method != http.MethodGet {
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &call.Body); err != nil {
			e.t.Errorf("emulator: %s body is not a JSON object: %v: %s", op, err, b)
		}
	}
	e.mu.Lock()
	e.calls = append(e.calls, call)
	e.mu.Unlock()

	w.Header().Set("Content-Type", "application/json")
	if code, ok := e.fail[op]; ok {
		msg := map[int]string{
			400: "Unable to parse range: " + rng,
			403: "The caller does not have permission",
			404: "Requested entity was not found.",
		}[code]
		if e.echo {
			msg += fmt.Sprintf(" (request %s, key %s, auth %s)", r.URL.String(), call.Key, call.Auth)
		}
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
			"code": code, "message": msg, "status": http.StatusText(code),
		}})
		return
	}
	switch op {
	case "get":
		json.NewEncoder(w).Encode(e.values)
	case "append":
		json.NewEncoder(w).Encode(map[string]any{"spreadsheetId": "x", "tableRange": rng})
	case "update":
		json.NewEncoder(w).Encode(map[string]any{"spreadsheetId": "x", "updatedRange": rng})
	case "clear":
		json.NewEncoder(w).Encode(map[string]any{"spreadsheetId": "x", "clearedRange": rng})
	default:
		e.t.Errorf("emulator: unknown operation %q in %s %s", op, r.Method, path)
		w.WriteHeader(http.StatusNotFound)
	}
}
