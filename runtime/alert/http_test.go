package alert

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/runtime/webhook"
)

// sample is a realistic alert from the seed's signup-google-mobile example.
var sample = Alert{
	ParamID:      "signup-google-mobile",
	ParamName:    "Signup Conversion - Google Mobile",
	Reference:    "e.signup.context(channel='google',device='mobile').p.mean",
	Z:            2.53,
	Threshold:    2,
	Trials:       100,
	Successes:    41,
	PriorMean:    0.32,
	PriorStdev:   0.06,
	ObservedRate: 0.41,
	RunID:        "run-42",
	At:           time.Date(2025, 10, 21, 6, 30, 0, 0, time.UTC),
}

// sampleJSON is sample as the generic webhook and PagerDuty must see it,
// decoded into generic JSON values.
var sampleJSON = map[string]any{
	"param_id":      "signup-google-mobile",
	"param_name":    "Signup Conversion - Google Mobile",
	"reference":     "e.signup.context(channel='google',device='mobile').p.mean",
	"z":             2.53,
	"threshold":     2.0,
	"trials":        100.0,
	"successes":     41.0,
	"prior_mean":    0.32,
	"prior_stdev":   0.06,
	"observed_rate": 0.41,
	"run_id":        "run-42",
	"at":            "2025-10-21T06:30:00Z",
}

const sampleSummary = "signup-google-mobile: observed rate 0.4100 is 2.53σ above prior mean 0.3200 (threshold 2.00σ, 41/100)"

// received is one request as the test server saw it.
type received struct {
	Method      string
	Path        string
	ContentType string
	Auth        string
	Body        map[string]any
}

// hookServer records JSON posts and answers with status and, if echo is
// set, with everything it was sent, the way careless servers do in error
// bodies.
type hookServer struct {
	*httptest.Server
	mu   sync.Mutex
	got  []received
	raw  []string
	code int
	echo bool
}

func newHookServer(t *testing.T, code int, echo bool) *hookServer {
	t.Helper()
	s := &hookServer{code: code, echo: echo}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var body map[string]any
		if err := json.Unmarshal(b, &body); err != nil {
			t.Errorf("server: body is not a JSON object: %v: %s", err, b)
		}
		s.mu.Lock()
		s.got = append(s.got, received{r.Method, r.URL.Path, r.Header.Get("Content-Type"), r.Header.Get("Authorization"), body})
		s.raw = append(s.raw, string(b))
		s.mu.Unlock()
		w.WriteHeader(s.code)
		if s.echo {
			io.WriteString(w, r.Header.Get("Authorization")+" "+r.URL.Path+" "+string(b))
		} else if s.code/100 == 2 {
			io.WriteString(w, "ok")
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *hookServer) requests() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

func mustNew(t *testing.T, cfg Config) Notifier {
	t.Helper()
	n, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return n
}

func TestSlack(t *testing.T) {
	weird := sample
	weird.ParamName = "A<&>B\r\nInjected: yes"
	weird.Z = -3.1
	weird.At = time.Time{}
	weird.RunID = ""
	weird.Reference = ""
	weird.PriorStdev = 0
	tests := []struct {
		name    string
		channel string
		alert   Alert
		want    map[string]any
	}{
		{
			name:    "full alert with channel",
			channel: "#model-monitoring",
			alert:   sample,
			want: map[string]any{
				"channel": "#model-monitoring",
				"text": strings.Join([]string{
					":warning: *Prior divergence* " + sampleSummary,
					"*Parameter:* signup-google-mobile (Signup Conversion - Google Mobile)",
					"*Divergence:* z = 2.53 (threshold ±2.00)",
					"*Observed:* rate 0.4100 from 41 successes in 100 trials",
					"*Prior:* mean 0.3200, stdev 0.0600",
					"*Reference:* e.signup.context(channel='google',device='mobile').p.mean",
					"*Run:* run-42",
					"*Detected:* 2025-10-21T06:30:00Z",
				}, "\n"),
			},
		},
		{
			name:  "escaped markup, no channel, optional fields left out",
			alert: weird,
			want: map[string]any{
				"text": strings.Join([]string{
					":warning: *Prior divergence* signup-google-mobile: observed rate 0.4100 is 3.10σ below prior mean 0.3200 (threshold 2.00σ, 41/100)",
					"*Parameter:* signup-google-mobile (A&lt;&amp;&gt;B Injected: yes)",
					"*Divergence:* z = -3.10 (threshold ±2.00)",
					"*Observed:* rate 0.4100 from 41 successes in 100 trials",
					"*Prior:* mean 0.3200",
				}, "\n"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newHookServer(t, http.StatusOK, false)
			n := mustNew(t, Config{Type: "slack", Webhook: srv.URL + "/services/T000/B000/XXXX", Channel: tt.channel})
			if err := n.Notify(context.Background(), tt.alert); err != nil {
				t.Fatalf("Notify: %v", err)
			}
			want := []received{{Method: "POST", Path: "/services/T000/B000/XXXX", ContentType: "application/json", Body: tt.want}}
			if diff := cmp.Diff(want, srv.requests()); diff != "" {
				t.Errorf("request (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWebhook(t *testing.T) {
	srv := newHookServer(t, http.StatusAccepted, false)
	n := mustNew(t, Config{Type: "webhook", URL: srv.URL + "/alerts", Headers: map[string]string{"Authorization": "Bearer hook-token"}})
	if err := n.Notify(context.Background(), sample); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	want := []received{{Method: "POST", Path: "/alerts", ContentType: "application/json", Auth: "Bearer hook-token", Body: sampleJSON}}
	if diff := cmp.Diff(want, srv.requests()); diff != "" {
		t.Errorf("request (-want +got):\n%s", diff)
	}
}

func TestPagerDuty(t *testing.T) {
	noTime := sample
	noTime.At = time.Time{}
	noTimeJSON := map[string]any{}
	for k, v := range sampleJSON {
		noTimeJSON[k] = v
	}
	delete(noTimeJSON, "at")
	tests := []struct {
		name        string
		cfg         Config
		alert       Alert
		wantPayload map[string]any
	}{
		{
			name:  "defaults",
			cfg:   Config{RoutingKey: "R0UT1NGKEY0123456789abcdef012345"},
			alert: sample,
			wantPayload: map[string]any{
				"summary":        sampleSummary,
				"source":         "paramsql",
				"severity":       "warning",
				"timestamp":      "2025-10-21T06:30:00Z",
				"component":      "signup-google-mobile",
				"class":          "prior_divergence",
				"custom_details": sampleJSON,
			},
		},
		{
			name:  "severity and source set, no timestamp",
			cfg:   Config{RoutingKey: "R0UT1NGKEY0123456789abcdef012345", Severity: "Critical", Source: "etl-01"},
			alert: noTime,
			wantPayload: map[string]any{
				"summary":        sampleSummary,
				"source":         "etl-01",
				"severity":       "critical",
				"component":      "signup-google-mobile",
				"class":          "prior_divergence",
				"custom_details": noTimeJSON,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newHookServer(t, http.StatusAccepted, false)
			tt.cfg.Type = "pagerduty"
			tt.cfg.URL = srv.URL + "/v2/enqueue"
			n := mustNew(t, tt.cfg)
			if err := n.Notify(context.Background(), tt.alert); err != nil {
				t.Fatalf("Notify: %v", err)
			}
			want := []received{{Method: "POST", Path: "/v2/enqueue", ContentType: "application/json", Body: map[string]any{
				"routing_key":  "R0UT1NGKEY0123456789abcdef012345",
				"event_action": "trigger",
				"dedup_key":    "paramsql/signup-google-mobile",
				"payload":      tt.wantPayload,
			}}}
			if diff := cmp.Diff(want, srv.requests()); diff != "" {
				t.Errorf("request (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPagerDutySummaryIsTruncated(t *testing.T) {
	srv := newHookServer(t, http.StatusAccepted, false)
	long := sample
	long.ParamID = strings.Repeat("é", 600) // 1200 bytes
	n := mustNew(t, Config{Type: "pagerduty", URL: srv.URL, RoutingKey: "k"})
	if err := n.Notify(context.Background(), long); err != nil {
		t.Fatal(err)
	}
	got := srv.requests()[0].Body["payload"].(map[string]any)["summary"].(string)
	want := strings.Repeat("é", 510) + "…" // 1020 bytes + 3
	if got != want {
		t.Errorf("summary is %d bytes, want %d: %q", len(got), len(want), got)
	}
}

// TestHTTPErrors checks that a non-2xx answer is an error with the status
// and an excerpt of the body, and that secrets stay out of it even when
// the server echoes them back.
func TestHTTPErrors(t *testing.T) {
	const (
		slackToken = "T0SECRET/B0SECRET/xoxbSECRETTOKEN"
		routingKey = "PDSECRETROUTINGKEY00000000000000"
		hookToken  = "Bearer HOOKSECRETTOKEN"
	)
	tests := []struct {
		name    string
		code    int
		cfg     func(base string) Config
		wantErr []string
		secrets []string
	}{
		{
			name:    "slack 404",
			code:    http.StatusNotFound,
			cfg:     func(base string) Config { return Config{Type: "slack", Webhook: base + "/services/" + slackToken} },
			wantErr: []string{"alert: slack: webhook: POST http://127.0.0.1:", "[redacted]: 404 Not Found: ", `{"text":":warning:`},
			secrets: []string{slackToken, "xoxbSECRETTOKEN"},
		},
		{
			name: "webhook 500 with token in query and header",
			code: http.StatusInternalServerError,
			cfg: func(base string) Config {
				return Config{Type: "webhook", URL: base + "/in?sig=QUERYSECRET", Headers: map[string]string{"Authorization": hookToken}}
			},
			wantErr: []string{"alert: webhook:", "500 Internal Server Error: [redacted]"},
			secrets: []string{"QUERYSECRET", "HOOKSECRETTOKEN"},
		},
		{
			name: "pagerduty 400",
			code: http.StatusBadRequest,
			cfg: func(base string) Config {
				return Config{Type: "pagerduty", URL: base + "/v2/enqueue", RoutingKey: routingKey}
			},
			wantErr: []string{"alert: pagerduty: webhook: POST http://127.0.0.1:", "/v2/enqueue: 400 Bad Request: ", `"routing_key":"[redacted]"`},
			secrets: []string{routingKey},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newHookServer(t, tt.code, true)
			err := mustNew(t, tt.cfg(srv.URL)).Notify(context.Background(), sample)
			if err == nil {
				t.Fatal("Notify succeeded, want an error")
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
			for _, s := range tt.secrets {
				if strings.Contains(err.Error(), s) {
					t.Errorf("error %q leaks secret %q", err, s)
				}
			}
			var se *webhook.StatusError
			if !errors.As(err, &se) || se.StatusCode != tt.code {
				t.Errorf("errors.As(*webhook.StatusError) = %v, %+v; want status %d", err, se, tt.code)
			}
			if n := len(srv.requests()); n != 1 {
				t.Errorf("server saw %d requests, want 1", n)
			}
		})
	}
}

func TestInvalidAlertIsNotSent(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(*Alert)
		wantErr string
	}{
		{"no param id", func(a *Alert) { a.ParamID = " " }, "alert: ParamID is empty"},
		{"NaN z", func(a *Alert) { a.Z = math.NaN() }, "Z of signup-google-mobile is NaN"},
		{"infinite rate", func(a *Alert) { a.ObservedRate = math.Inf(1) }, "ObservedRate of signup-google-mobile is +Inf"},
	}
	for _, tt := range tests {
		for _, typ := range []string{"slack", "webhook", "pagerduty"} {
			t.Run(tt.name+"/"+typ, func(t *testing.T) {
				srv := newHookServer(t, http.StatusOK, false)
				n := mustNew(t, Config{Type: typ, URL: srv.URL, RoutingKey: "key"})
				a := sample
				tt.mutate(&a)
				err := n.Notify(context.Background(), a)
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Notify error = %v, want one containing %q", err, tt.wantErr)
				}
				if n := len(srv.requests()); n != 0 {
					t.Errorf("server saw %d requests, want none", n)
				}
			})
		}
	}
}

func TestHTTPContextIsHonoured(t *testing.T) {
	srv := newHookServer(t, http.StatusOK, false)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, typ := range []string{"slack", "webhook", "pagerduty"} {
		t.Run(typ, func(t *testing.T) {
			n := mustNew(t, Config{Type: typ, URL: srv.URL + "/services/PATHSECRET", RoutingKey: "key"})
			err := n.Notify(ctx, sample)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Notify error = %v, want context.Canceled", err)
			}
			if typ != "pagerduty" && err != nil && strings.Contains(err.Error(), "PATHSECRET") {
				t.Errorf("error %q leaks the URL path", err)
			}
		})
	}
	if n := len(srv.requests()); n != 0 {
		t.Errorf("server saw %d requests after cancellation", n)
	}
}
