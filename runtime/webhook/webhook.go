// Package webhook reads priors from, and writes posteriors to, plain HTTP
// endpoints that speak JSON. It is the "webhook" prior source and posterior
// destination of a parameter definition, and the transport the alert
// notifiers build on.
//
// Error messages name the endpoint by scheme, host and path only: query
// strings and user info are left out because that is where tokens usually
// travel, and a failed fetch must be safe to log.
package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// DefaultTimeout bounds a request made with a nil *http.Client. A pipeline
// run must not hang on an endpoint that accepts the connection and never
// answers, and http.DefaultClient has no timeout at all.
const DefaultTimeout = 30 * time.Second

// defaultClient is used when the caller passes no client.
var defaultClient = &http.Client{Timeout: DefaultTimeout}

// maxErrorBody is how much of a failed response is read for the error
// excerpt; the rest is drained but not kept.
const maxErrorBody = 4 << 10

// maxExcerpt caps the body excerpt in an error message, in bytes, so that
// an HTML error page does not flood a log line.
const maxExcerpt = 200

// maxPriorBody caps a prior document. A prior is a handful of numbers; a
// larger answer means the URL points at the wrong thing.
const maxPriorBody = 1 << 20

// StatusError reports an answer outside 2xx. It is exported so that a
// caller can tell a client mistake (4xx, don't retry) from a server one
// (5xx, maybe retry) with errors.As.
type StatusError struct {
	Method     string // GET or POST
	URL        string // scheme://host/path, without query or user info
	StatusCode int    // e.g. 404
	Status     string // e.g. "404 Not Found"
	Body       string // a short, whitespace-collapsed excerpt of the body
}

// Error names the request, the status and what the server said.
func (e *StatusError) Error() string {
	msg := fmt.Sprintf("%s %s: %s", e.Method, e.URL, e.Status)
	if e.Body != "" {
		msg += ": " + e.Body
	}
	return msg
}

// PostRow sends row as a JSON document in a POST to rawURL, with headers
// added to the request (a "Content-Type" among them overrides
// application/json). Any 2xx answer is success and its body is ignored;
// any other is a *StatusError. A nil client means one with DefaultTimeout.
func PostRow(ctx context.Context, client *http.Client, rawURL string, headers map[string]string, row any) error {
	u, err := parseURL(rawURL)
	if err != nil {
		return err
	}
	body, err := json.Marshal(row)
	if err != nil {
		return fmt.Errorf("webhook: POST %s: encode row: %w", redactURL(u), err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook: POST %s: %w", redactURL(u), err)
	}
	req.Header.Set("Content-Type", "application/json")
	setHeaders(req, headers)
	resp, err := do(client, req, u)
	if err != nil {
		return err
	}
	// Drain so the connection can be reused.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxPriorBody))
	resp.Body.Close()
	return nil
}

// do sends req and turns transport failures and non-2xx answers into
// errors that do not carry the full URL. On success the caller owns
// resp.Body.
func do(client *http.Client, req *http.Request, u *url.URL) (*http.Response, error) {
	if client == nil {
		client = defaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		// *url.Error prints the whole URL, query included; keep only
		// the cause, which still satisfies errors.Is for
		// context.DeadlineExceeded and friends.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("webhook: %s %s: %w", req.Method, redactURL(u), err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxPriorBody))
		return nil, fmt.Errorf("webhook: %w", &StatusError{
			Method:     req.Method,
			URL:        redactURL(u),
			StatusCode: resp.StatusCode,
			Status:     resp.Status,
			Body:       redactEcho(excerpt(b, maxExcerpt), req, u),
		})
	}
	return resp, nil
}

// setHeaders applies caller headers after the defaults so that they win.
func setHeaders(req *http.Request, headers map[string]string) {
	for k, v := range headers {
		req.Header.Set(k, v)
	}
}

// parseURL accepts only absolute http(s) URLs. url.Parse's own error
// quotes the input, which may hold a token, so it is not passed on.
func parseURL(rawURL string) (*url.URL, error) {
	if rawURL == "" {
		return nil, errors.New("webhook: URL is empty")
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, errors.New("webhook: URL is not a valid URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("webhook: URL scheme must be http or https, got %q", u.Scheme)
	}
	if u.Host == "" {
		return nil, errors.New("webhook: URL has no host")
	}
	return u, nil
}

// redactURL renders u as scheme://host/path, dropping user info, query and
// fragment, which is where credentials tend to be. Callers whose path
// itself is secret (a Slack webhook) must hide the path on top of this.
func redactURL(u *url.URL) string {
	r := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	return r.String()
}

// excerpt returns at most max bytes of b with runs of white space folded
// to one space, cut on a rune boundary and marked with "…" when cut, so an
// error message stays on one readable line.
func excerpt(b []byte, max int) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// redactEcho hides, in a response body shown in an error, the secrets the
// request carried: header values (an API key, a bearer token) and the
// URL's query values and password. A server that echoes the request in
// its 401 page would otherwise put them in the summary and the stored
// history.
func redactEcho(body string, req *http.Request, u *url.URL) string {
	var secrets []string
	for k, vs := range req.Header {
		switch http.CanonicalHeaderKey(k) {
		case "Content-Type", "Accept", "User-Agent", "Content-Length":
			continue
		}
		for _, v := range vs {
			secrets = append(secrets, v)
			if f := strings.Fields(v); len(f) > 1 {
				secrets = append(secrets, f[len(f)-1]) // "Bearer <token>"
			}
		}
	}
	for _, vs := range u.Query() {
		secrets = append(secrets, vs...)
	}
	if pw, ok := u.User.Password(); ok {
		secrets = append(secrets, pw)
	}
	for _, s := range secrets {
		if len(s) >= 4 {
			body = strings.ReplaceAll(body, s, "[redacted]")
		}
	}
	return body
}
