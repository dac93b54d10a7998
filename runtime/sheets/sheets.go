// Package sheets reads priors from, and writes posteriors to, Google
// Sheets through the Sheets API v4 (the "sheets" prior source and
// posterior destination of a parameter definition). People keep manual
// estimates in a sheet, and posteriors written back there are visible to
// the same people.
//
// It uses the official client, google.golang.org/api/sheets/v4, so that
// authentication (service accounts, user credentials, API keys, tokens),
// request encoding and API errors behave as Google documents them.
package sheets

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"google.golang.org/api/option"
	sheetsapi "google.golang.org/api/sheets/v4"
)

// Config says which spreadsheet range to use and how to reach and
// authenticate to the API. Give the spreadsheet by SpreadsheetID or URL,
// and at most one of CredentialsFile, APIKey, AccessToken and NoAuth;
// with none of them, Application Default Credentials are used.
type Config struct {
	// SpreadsheetID is the spreadsheet's id, the <ID> in
	// https://docs.google.com/spreadsheets/d/<ID>/edit.
	SpreadsheetID string
	// URL is the spreadsheet's browser URL, as pasted into a parameter
	// file; its id is parsed out. If both are given they must agree.
	URL string
	// Range is an A1 range such as "Priors!B2:C2" or "'My Sheet'!A:H".
	Range string
	// Endpoint replaces https://sheets.googleapis.com/, for a proxy or a
	// local emulator.
	Endpoint string
	// CredentialsFile is a service-account key or authorized-user JSON
	// file.
	CredentialsFile string
	// APIKey authenticates reads of publicly readable sheets; the API
	// refuses writes with a key alone.
	APIKey string
	// AccessToken is an OAuth2 access token obtained elsewhere (e.g.
	// `gcloud auth print-access-token`); it is not refreshed.
	AccessToken string
	// NoAuth sends requests without credentials, for a local emulator.
	NoAuth bool
	// Timeout bounds each call; zero means DefaultTimeout.
	Timeout time.Duration
}

// DefaultTimeout bounds one read or write when Config.Timeout is zero, so
// an unreachable API fails the run instead of hanging it.
const DefaultTimeout = 30 * time.Second

// The write modes of WriteRow and WriteRows; they are the seed's
// posterior_destination modes.
const (
	// ModeAppend adds rows after the last row of the table in Range.
	ModeAppend = "append"
	// ModeUpdate overwrites cells from the top-left of Range.
	ModeUpdate = "update"
	// ModeReplace clears Range, then writes from its top-left, so rows
	// from an older, longer write do not linger.
	ModeReplace = "replace"
)

// idPattern is the character set of spreadsheet ids.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// ParseSpreadsheetID returns the spreadsheet id in s, which is either a
// bare id or a docs.google.com URL of the form
// https://docs.google.com/spreadsheets/d/<ID>/... or
// .../spreadsheets/u/<N>/d/<ID>/... (any suffix, query or fragment).
func ParseSpreadsheetID(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("sheets: spreadsheet id or URL is required")
	}
	if !strings.Contains(s, "/") {
		if !idPattern.MatchString(s) {
			return "", fmt.Errorf("sheets: %q is not a spreadsheet id (letters, digits, - and _)", s)
		}
		return s, nil
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("sheets: %q is neither a spreadsheet id nor a URL", s)
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i, seg := range segs {
		if seg != "spreadsheets" {
			continue
		}
		rest := segs[i+1:]
		if len(rest) >= 2 && rest[0] == "u" { // signed in to several accounts: /u/1/d/<ID>
			rest = rest[2:]
		}
		if len(rest) >= 2 && rest[0] == "d" && idPattern.MatchString(rest[1]) {
			return rest[1], nil
		}
	}
	return "", fmt.Errorf("sheets: URL %q has no /spreadsheets/d/<ID>/ path", s)
}

// spreadsheetID resolves SpreadsheetID and URL.
func (c Config) spreadsheetID() (string, error) {
	switch {
	case c.SpreadsheetID == "" && c.URL == "":
		return "", errors.New("sheets: spreadsheet id or URL is required")
	case c.URL == "":
		return ParseSpreadsheetID(c.SpreadsheetID)
	}
	id, err := ParseSpreadsheetID(c.URL)
	if err != nil {
		return "", err
	}
	if c.SpreadsheetID != "" {
		other, err := ParseSpreadsheetID(c.SpreadsheetID)
		if err != nil {
			return "", err
		}
		if other != id {
			return "", fmt.Errorf("sheets: spreadsheet id %q and URL (id %q) disagree", other, id)
		}
	}
	return id, nil
}

// call holds what every API call needs, resolved and checked once.
type call struct {
	id      string
	rng     string
	svc     *sheetsapi.Service
	secrets []string
	timeout time.Duration
}

// prepare validates cfg and builds a service with the scope the operation
// needs: read-only scopes for priors, so a read-only credential suffices.
func (c Config) prepare(ctx context.Context, write bool) (*call, error) {
	id, err := c.spreadsheetID()
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(c.Range) == "" {
		return nil, errors.New("sheets: range is required, e.g. Priors!B2:C2")
	}
	if c.Timeout < 0 {
		return nil, fmt.Errorf("sheets: timeout must not be negative, got %v", c.Timeout)
	}
	var methods []string
	for _, m := range []struct {
		name string
		set  bool
	}{
		{"credentials file", c.CredentialsFile != ""},
		{"API key", c.APIKey != ""},
		{"access token", c.AccessToken != ""},
		{"no-auth", c.NoAuth},
	} {
		if m.set {
			methods = append(methods, m.name)
		}
	}
	if len(methods) > 1 {
		return nil, fmt.Errorf("sheets: give one way to authenticate, got %s", strings.Join(methods, " and "))
	}
	scope := sheetsapi.SpreadsheetsReadonlyScope
	if write {
		scope = sheetsapi.SpreadsheetsScope
	}
	opts := []option.ClientOption{option.WithScopes(scope)}
	if c.Endpoint != "" {
		ep, err := endpoint(c.Endpoint)
		if err != nil {
			return nil, err
		}
		opts = append(opts, option.WithEndpoint(ep))
	}
	switch {
	case c.NoAuth:
		opts = append(opts, option.WithoutAuthentication())
	case c.APIKey != "":
		opts = append(opts, option.WithAPIKey(c.APIKey))
	case c.AccessToken != "":
		opts = append(opts, option.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: c.AccessToken, TokenType: "Bearer"})))
	case c.CredentialsFile != "":
		typ, err := credentialsType(c.CredentialsFile)
		if err != nil {
			return nil, err
		}
		opts = append(opts, option.WithAuthCredentialsFile(typ, c.CredentialsFile))
	}
	svc, err := sheetsapi.NewService(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("sheets: %w", err)
	}
	t := c.Timeout
	if t == 0 {
		t = DefaultTimeout
	}
	return &call{id: id, rng: c.Range, svc: svc, secrets: []string{c.APIKey, c.AccessToken}, timeout: t}, nil
}

// endpoint checks an endpoint URL and gives it the trailing slash that the
// client's relative path resolution needs: without it, a path prefix such
// as /emulator would be dropped.
func endpoint(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("sheets: endpoint %q is not an http(s) URL", raw)
	}
	if !strings.HasSuffix(raw, "/") {
		raw += "/"
	}
	return raw, nil
}

// credentialsType reads the "type" of a credentials file and accepts only
// the two kinds a pipeline should be given. Google deprecated loading
// credentials files without naming their type, because an external
// account file can make the client run commands or fetch arbitrary URLs.
func credentialsType(path string) (option.CredentialsType, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("sheets: credentials file: %w", err)
	}
	var f struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		// The JSON error may quote the file, which holds a private key.
		return "", fmt.Errorf("sheets: credentials file %s is not JSON", path)
	}
	switch f.Type {
	case "service_account":
		return option.ServiceAccount, nil
	case "authorized_user":
		return option.AuthorizedUser, nil
	}
	return "", fmt.Errorf("sheets: credentials file %s has type %q; want service_account or authorized_user", path, f.Type)
}

// wrap names the operation, range and spreadsheet in an API error and
// removes the API key and token, which a failed request's URL or echo
// may carry.
func (c *call) wrap(op string, err error) error {
	err = fmt.Errorf("sheets: %s %s in spreadsheet %s: %w", op, c.rng, c.id, err)
	return redact(err, c.secrets)
}

// redactedError carries a message with secrets removed while keeping the
// original error reachable for errors.Is and errors.As (a
// *googleapi.Error, say, to read its code).
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redact replaces every secret (of three or more bytes, longest first) in
// err's message by "[redacted]".
func redact(err error, secrets []string) error {
	s := append([]string(nil), secrets...)
	sort.Slice(s, func(i, j int) bool { return len(s[i]) > len(s[j]) })
	msg := err.Error()
	orig := msg
	for _, sec := range s {
		if len(sec) >= 3 {
			msg = strings.ReplaceAll(msg, sec, "[redacted]")
			if esc := url.QueryEscape(sec); esc != sec {
				msg = strings.ReplaceAll(msg, esc, "[redacted]")
			}
		}
	}
	if msg == orig {
		return err
	}
	return &redactedError{msg: msg, err: err}
}
