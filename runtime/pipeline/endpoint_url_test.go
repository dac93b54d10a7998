package pipeline

import (
	"testing"

	_ "github.com/paramsql/paramsql/internal/golden"
)

// TestEndpointURL: a webhook prior's endpoint joins its url's path with
// one slash, and the url's query stays a query.
func TestEndpointURL(t *testing.T) {
	tests := []struct{ base, endpoint, want string }{
		{"http://h/api", "/priors/signup", "http://h/api/priors/signup"},
		{"http://h/api/", "/priors/signup", "http://h/api/priors/signup"},
		{"http://h/api?key=abc", "/priors/signup", "http://h/api/priors/signup?key=abc"},
		{"http://h", "priors/signup?v=2", "http://h/priors/signup?v=2"},
		{"http://h/api?key=abc", "/priors?v=2", "http://h/api/priors?key=abc&v=2"},
		{"http://h/api", "", "http://h/api"},
	}
	for _, tt := range tests {
		if got := endpointURL(tt.base, tt.endpoint); got != tt.want {
			t.Errorf("endpointURL(%q, %q) = %q, want %q", tt.base, tt.endpoint, got, tt.want)
		}
	}
}
