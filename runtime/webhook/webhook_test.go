package webhook

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// request is what the test server saw of one request.
type request struct {
	Method      string
	Path        string
	Query       string
	ContentType string
	Accept      string
	Auth        string
	Body        string
}

// recorder is an httptest server that answers every request with a fixed
// status and body and keeps what it received.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []request
}

func newRecorder(t *testing.T, status int, body string) *recorder {
	t.Helper()
	r := &recorder{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.reqs = append(r.reqs, request{
			Method:      req.Method,
			Path:        req.URL.Path,
			Query:       req.URL.RawQuery,
			ContentType: req.Header.Get("Content-Type"),
			Accept:      req.Header.Get("Accept"),
			Auth:        req.Header.Get("Authorization"),
			Body:        string(b),
		})
		r.mu.Unlock()
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *recorder) requests() []request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]request(nil), r.reqs...)
}

func f(v float64) *float64 { return &v }

func TestFetchPrior(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		path    string
		want    PriorValues
		wantErr []string // substrings the error must contain; nil means success
	}{
		{
			name: "alpha beta",
			body: `{"alpha": 32, "beta": 68}`,
			want: PriorValues{Alpha: f(32), Beta: f(68)},
		},
		{
			name: "mean stdev",
			body: `{"mean": 0.32, "stdev": 0.06}`,
			want: PriorValues{Mean: f(0.32), Stdev: f(0.06)},
		},
		{
			name: "both pairs and unrelated fields",
			body: `{"alpha": 3, "beta": 7, "mean": 0.3, "stdev": 0.13, "updated": "2025-10-21"}`,
			want: PriorValues{Alpha: f(3), Beta: f(7), Mean: f(0.3), Stdev: f(0.13)},
		},
		{
			name: "numeric strings",
			body: `{"mean": " 0.45 ", "stdev": "8e-2"}`,
			want: PriorValues{Mean: f(0.45), Stdev: f(0.08)},
		},
		{
			name: "null pair counts as missing",
			body: `{"alpha": null, "beta": null, "mean": 0.5, "stdev": 0.1}`,
			want: PriorValues{Mean: f(0.5), Stdev: f(0.1)},
		},
		{
			name: "dotted path",
			body: `{"data": {"prior": {"alpha": 2, "beta": 5}}, "mean": "ignored"}`,
			path: "data.prior",
			want: PriorValues{Alpha: f(2), Beta: f(5)},
		},
		{
			name: "dotted path through array",
			body: `{"items": [{"mean": 0.1, "stdev": 0.01}, {"mean": 0.2, "stdev": 0.02}]}`,
			path: "items.1",
			want: PriorValues{Mean: f(0.2), Stdev: f(0.02)},
		},
		{
			name: "json pointer with escapes",
			body: `{"a/b": {"c~d": {"mean": 0.7, "stdev": 0.05}}}`,
			path: "/a~1b/c~0d",
			want: PriorValues{Mean: f(0.7), Stdev: f(0.05)},
		},
		{
			name:    "server error carries status and body",
			status:  http.StatusServiceUnavailable,
			body:    "  upstream\n  sheet   locked  ",
			wantErr: []string{"GET http://", "503 Service Unavailable", ": upstream sheet locked"},
		},
		{
			name:    "not found",
			status:  http.StatusNotFound,
			body:    `{"error":"no such parameter"}`,
			wantErr: []string{"404 Not Found", `{"error":"no such parameter"}`},
		},
		{
			name:    "bad json",
			body:    `{"mean": 0.3,`,
			wantErr: []string{"prior from http://", "invalid JSON"},
		},
		{
			name:    "trailing data",
			body:    `{"mean": 0.3, "stdev": 0.1} {}`,
			wantErr: []string{"invalid JSON: data after the top-level value"},
		},
		{
			name:    "no known fields",
			body:    `{"m": 0.3, "sd": 0.1}`,
			wantErr: []string{"document has neither alpha/beta nor mean/stdev"},
		},
		{
			name:    "half a pair",
			body:    `{"alpha": 3}`,
			wantErr: []string{"alpha and beta must be given together"},
		},
		{
			name:    "mean without stdev",
			body:    `{"data": {"mean": 0.3}}`,
			path:    "data",
			wantErr: []string{`"data": mean and stdev must be given together`},
		},
		{
			name:    "non-numeric string",
			body:    `{"mean": "about a third", "stdev": 0.1}`,
			wantErr: []string{`mean is "about a third", want a finite number`},
		},
		{
			name:    "boolean",
			body:    `{"alpha": true, "beta": 1}`,
			wantErr: []string{"alpha is a boolean, want a number"},
		},
		{
			name:    "zero stdev",
			body:    `{"mean": 0.3, "stdev": 0}`,
			wantErr: []string{"stdev must be > 0, got 0"},
		},
		{
			name:    "negative beta",
			body:    `{"alpha": 1, "beta": -2}`,
			wantErr: []string{"beta must be > 0, got -2"},
		},
		{
			name:    "top level array",
			body:    `[1, 2]`,
			wantErr: []string{"document is an array, want an object"},
		},
		{
			name:    "path missing",
			body:    `{"data": {"posterior": {}}}`,
			path:    "data.prior",
			wantErr: []string{`path "data.prior": no field "prior" in the object at "data"`},
		},
		{
			name:    "path index out of range",
			body:    `{"items": [{}]}`,
			path:    "items.3",
			wantErr: []string{`"3" is not an index of the 1-element array at "items"`},
		},
		{
			name:    "path through scalar",
			body:    `{"data": 5}`,
			path:    "data.prior",
			wantErr: []string{`"data" is a number, cannot look up "prior"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status := tt.status
			if status == 0 {
				status = http.StatusOK
			}
			srv := newRecorder(t, status, tt.body)
			var opts []PriorOption
			if tt.path != "" {
				opts = append(opts, WithPath(tt.path))
			}
			got, err := FetchPrior(context.Background(), srv.Client(), srv.URL+"/priors/signup", nil, opts...)
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("FetchPrior = %+v, want error containing %q", got, tt.wantErr)
				}
				for _, s := range tt.wantErr {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not contain %q", err, s)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("FetchPrior: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("FetchPrior (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFetchPriorRequest(t *testing.T) {
	srv := newRecorder(t, http.StatusOK, `{"mean": 0.3, "stdev": 0.1}`)
	_, err := FetchPrior(context.Background(), srv.Client(), srv.URL+"/v1/prior?param=signup", map[string]string{
		"Authorization": "Bearer tok",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []request{{
		Method: "GET",
		Path:   "/v1/prior",
		Query:  "param=signup",
		Accept: "application/json",
		Auth:   "Bearer tok",
	}}
	if diff := cmp.Diff(want, srv.requests()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

func TestStatusErrorIsExported(t *testing.T) {
	srv := newRecorder(t, http.StatusTooManyRequests, "slow down")
	_, err := FetchPrior(context.Background(), srv.Client(), srv.URL, nil)
	var se *StatusError
	if !errors.As(err, &se) {
		t.Fatalf("error %v is not a *StatusError", err)
	}
	want := &StatusError{
		Method:     "GET",
		URL:        srv.URL,
		StatusCode: 429,
		Status:     "429 Too Many Requests",
		Body:       "slow down",
	}
	if diff := cmp.Diff(want, se); diff != "" {
		t.Errorf("StatusError (-want +got):\n%s", diff)
	}
}

func TestPostRow(t *testing.T) {
	type row struct {
		ParamID       string  `json:"param_id"`
		PosteriorMean float64 `json:"posterior_mean"`
		Trials        int64   `json:"trials"`
	}
	srv := newRecorder(t, http.StatusCreated, `{"ok":true}`)
	err := PostRow(context.Background(), srv.Client(), srv.URL+"/rows", map[string]string{"Authorization": "Token abc"},
		row{ParamID: "signup-google-mobile", PosteriorMean: 0.315, Trials: 1200})
	if err != nil {
		t.Fatal(err)
	}
	want := []request{{
		Method:      "POST",
		Path:        "/rows",
		ContentType: "application/json",
		Auth:        "Token abc",
		Body:        `{"param_id":"signup-google-mobile","posterior_mean":0.315,"trials":1200}`,
	}}
	if diff := cmp.Diff(want, srv.requests()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

func TestPostRowHeaderOverridesContentType(t *testing.T) {
	srv := newRecorder(t, http.StatusNoContent, "")
	err := PostRow(context.Background(), srv.Client(), srv.URL, map[string]string{"Content-Type": "application/vnd.api+json"}, map[string]int{"n": 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.requests()[0].ContentType; got != "application/vnd.api+json" {
		t.Errorf("Content-Type = %q, want the caller's", got)
	}
}

func TestPostRowErrors(t *testing.T) {
	long := strings.Repeat("é", 300) // two bytes a rune, so a byte cut would split one
	tests := []struct {
		name      string
		status    int
		body      string
		url       func(base string) string
		row       any
		wantErr   []string
		notInErr  []string
		wantCalls int
	}{
		{
			name:      "bad request with excerpt",
			status:    400,
			body:      `{"error": "missing param_id"}`,
			row:       map[string]any{},
			wantErr:   []string{"POST http://", "400 Bad Request", `{"error": "missing param_id"}`},
			wantCalls: 1,
		},
		{
			name:      "long body is cut on a rune boundary",
			status:    500,
			body:      long,
			row:       1,
			wantErr:   []string{"500 Internal Server Error: " + strings.Repeat("é", 100) + "…"},
			wantCalls: 1,
		},
		{
			name:      "query token stays out of the message",
			status:    502,
			url:       func(base string) string { return base + "/hook?token=s3cr3t-query" },
			row:       1,
			wantErr:   []string{"/hook: 502 Bad Gateway"},
			notInErr:  []string{"s3cr3t-query"},
			wantCalls: 1,
		},
		{
			name:      "user info stays out of the message",
			status:    401,
			url:       func(base string) string { return strings.Replace(base, "http://", "http://bob:pa55word@", 1) },
			row:       1,
			wantErr:   []string{"401 Unauthorized"},
			notInErr:  []string{"pa55word"},
			wantCalls: 1,
		},
		{
			name:    "unencodable row sends nothing",
			row:     math.NaN(),
			wantErr: []string{"encode row", "unsupported value: NaN"},
		},
		{
			name:    "empty URL",
			url:     func(string) string { return "" },
			row:     1,
			wantErr: []string{"webhook: URL is empty"},
		},
		{
			name:    "wrong scheme",
			url:     func(string) string { return "ftp://example.com/x" },
			row:     1,
			wantErr: []string{`scheme must be http or https, got "ftp"`},
		},
		{
			name:     "unparsable URL is not echoed",
			url:      func(string) string { return "http://example.com/%zzsecret-path" },
			row:      1,
			wantErr:  []string{"webhook: URL is not a valid URL"},
			notInErr: []string{"secret-path", "%zz"},
		},
		{
			name:    "no host",
			url:     func(string) string { return "http:///path" },
			row:     1,
			wantErr: []string{"webhook: URL has no host"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRecorder(t, tt.status, tt.body)
			u := srv.URL
			if tt.url != nil {
				u = tt.url(srv.URL)
			}
			err := PostRow(context.Background(), srv.Client(), u, nil, tt.row)
			if err == nil {
				t.Fatal("PostRow succeeded, want an error")
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
			for _, s := range tt.notInErr {
				if strings.Contains(err.Error(), s) {
					t.Errorf("error %q leaks %q", err, s)
				}
			}
			if got := len(srv.requests()); got != tt.wantCalls {
				t.Errorf("server saw %d requests, want %d", got, tt.wantCalls)
			}
		})
	}
}

func TestContextIsHonoured(t *testing.T) {
	srv := newRecorder(t, http.StatusOK, `{"mean": 0.3, "stdev": 0.1}`)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := FetchPrior(ctx, srv.Client(), srv.URL+"/p?key=k3y", nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("FetchPrior error = %v, want context.Canceled", err)
	}
	if err != nil && strings.Contains(err.Error(), "k3y") {
		t.Errorf("error %q leaks the query", err)
	}
	err = PostRow(ctx, srv.Client(), srv.URL, nil, 1)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("PostRow error = %v, want context.Canceled", err)
	}
	if n := len(srv.requests()); n != 0 {
		t.Errorf("server saw %d requests after cancellation", n)
	}
}

func TestNilClientUsesDefault(t *testing.T) {
	srv := newRecorder(t, http.StatusOK, `{"alpha": 1, "beta": 1}`)
	got, err := FetchPrior(context.Background(), nil, srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(PriorValues{Alpha: f(1), Beta: f(1)}, got); diff != "" {
		t.Errorf("FetchPrior (-want +got):\n%s", diff)
	}
}
