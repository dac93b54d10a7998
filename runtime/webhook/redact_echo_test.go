package webhook

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestEchoedSecretsAreRedacted: a server that echoes the request in its
// error page does not get the request's header values, bearer token or
// query token into the error, for a prior read or a row posted.
func TestEchoedSecretsAreRedacted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "denied: Authorization="+r.Header.Get("Authorization")+" X-Token="+r.Header.Get("X-Token")+" query="+r.URL.RawQuery, http.StatusUnauthorized)
	}))
	defer srv.Close()
	headers := map[string]string{"Authorization": "Bearer sk-live-123456", "X-Token": "t0ken-abc"}
	_, errPrior := FetchPrior(context.Background(), nil, srv.URL+"/prior?key=q-secret-789", headers)
	errRow := PostRow(context.Background(), nil, srv.URL+"/rows?key=q-secret-789", headers, map[string]int{"n": 1})
	for _, err := range []error{errPrior, errRow} {
		if err == nil {
			t.Fatal("no error from a 401")
		}
		msg := err.Error()
		for _, secret := range []string{"sk-live-123456", "t0ken-abc", "q-secret-789"} {
			if strings.Contains(msg, secret) {
				t.Errorf("error shows %q: %s", secret, msg)
			}
		}
		if !strings.Contains(msg, "[redacted]") || !strings.Contains(msg, "401") {
			t.Errorf("error %q should say 401 and show the redacted echo", msg)
		}
	}
}
