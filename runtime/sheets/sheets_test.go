package sheets

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/api/googleapi"
)

// getQuery is the query every FetchPrior request must carry.
var getQuery = url.Values{
	"alt":               {"json"},
	"prettyPrint":       {"false"},
	"valueRenderOption": {"UNFORMATTED_VALUE"},
	"majorDimension":    {"ROWS"},
}

func TestFetchPrior(t *testing.T) {
	tests := []struct {
		name      string
		rng       string
		answer    map[string]any // the API's ValueRange
		fail      int
		wantMean  float64
		wantStdev float64
		wantErr   string
	}{
		{
			name:     "numbers",
			answer:   map[string]any{"range": "Priors!B2:C2", "values": [][]any{{0.32, 0.06}}},
			wantMean: 0.32, wantStdev: 0.06,
		},
		{
			name:     "text cells",
			answer:   map[string]any{"range": "Priors!B2:C2", "values": [][]any{{" 0.32", "6e-2 "}}},
			wantMean: 0.32, wantStdev: 0.06,
		},
		{
			name:     "percent text",
			answer:   map[string]any{"range": "Priors!B2:C2", "values": [][]any{{"32%", "6 %"}}},
			wantMean: 0.32, wantStdev: 0.06,
		},
		{
			name:     "extra columns and rows are ignored",
			rng:      "Priors!B2:E3",
			answer:   map[string]any{"range": "Priors!B2:E3", "values": [][]any{{0.45, 0.08, "manual", true}, {"x"}}},
			wantMean: 0.45, wantStdev: 0.08,
		},
		{
			name:    "empty range",
			answer:  map[string]any{"range": "Priors!B2:C2"},
			wantErr: "sheets: range Priors!B2:C2 in spreadsheet abc123 is empty; want mean and stdev in the first two cells of its first row",
		},
		{
			name:    "stdev missing",
			answer:  map[string]any{"range": "Priors!B2:C2", "values": [][]any{{0.32}}},
			wantErr: "sheets: Priors!C2 (stdev) in spreadsheet abc123 is empty; range Priors!B2:C2 returned 1 cell(s) in its first row",
		},
		{
			name:    "text that is no number",
			answer:  map[string]any{"range": "Priors!B2:C2", "values": [][]any{{"about 0.3", 0.06}}},
			wantErr: `sheets: Priors!B2 (mean) in spreadsheet abc123: "about 0.3" is not a number (want e.g. 0.32 or 32%)`,
		},
		{
			name:    "boolean",
			answer:  map[string]any{"range": "Priors!B2:C2", "values": [][]any{{0.3, false}}},
			wantErr: "sheets: Priors!C2 (stdev) in spreadsheet abc123: cell is FALSE, want a number",
		},
		{
			name:    "empty text cell",
			answer:  map[string]any{"range": "Priors!B2:C2", "values": [][]any{{"  ", 0.06}}},
			wantErr: "sheets: Priors!B2 (mean) in spreadsheet abc123: cell is empty, want a number",
		},
		{
			name:    "zero stdev",
			answer:  map[string]any{"range": "Priors!B2:C2", "values": [][]any{{0.3, 0}}},
			wantErr: "sheets: Priors!C2 (stdev) in spreadsheet abc123 is 0; want a number > 0",
		},
		{
			name:    "cells named from the API's range, quoted sheet",
			rng:     "MyPrior",
			answer:  map[string]any{"range": "'Bob''s Priors'!Y7:Z7", "values": [][]any{{0.3, "n/a"}}},
			wantErr: `sheets: 'Bob''s Priors'!Z7 (stdev) in spreadsheet abc123: "n/a" is not a number`,
		},
		{
			name:    "not found",
			fail:    404,
			wantErr: "sheets: read Priors!B2:C2 in spreadsheet abc123: googleapi: Error 404: Requested entity was not found.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEmulator(t, "")
			e.values = tt.answer
			if tt.fail != 0 {
				e.fail["get"] = tt.fail
			}
			rng := tt.rng
			if rng == "" {
				rng = "Priors!B2:C2"
			}
			mean, stdev, err := FetchPrior(context.Background(), Config{
				URL: "https://docs.google.com/spreadsheets/d/abc123/edit#gid=0", Range: rng,
				Endpoint: e.endpoint(), NoAuth: true,
			})
			calls := e.recorded()
			if len(calls) != 1 || calls[0].Method != "GET" || calls[0].Op != "get" || calls[0].Range != rng {
				t.Errorf("calls = %+v, want one GET of %s", calls, rng)
			} else if diff := cmp.Diff(getQuery, calls[0].Query); diff != "" {
				t.Errorf("query (-want +got):\n%s", diff)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("FetchPrior error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("FetchPrior: %v", err)
			}
			if mean != tt.wantMean || stdev != tt.wantStdev {
				t.Errorf("FetchPrior = %v, %v; want %v, %v", mean, stdev, tt.wantMean, tt.wantStdev)
			}
		})
	}
}

func TestAPIErrorIsReachable(t *testing.T) {
	e := newEmulator(t, "")
	e.fail["get"] = 403
	_, _, err := FetchPrior(context.Background(), Config{SpreadsheetID: "abc123", Range: "A1:B1", Endpoint: e.endpoint(), NoAuth: true})
	var ge *googleapi.Error
	if !errors.As(err, &ge) || ge.Code != 403 {
		t.Errorf("error %v does not unwrap to a 403 *googleapi.Error", err)
	}
}

// TestRangeEscaping checks the request paths for ranges whose sheet names
// need escaping: every reserved character, including "!" and ":", must be
// percent-encoded inside the {range} segment, and the colon before a
// custom method (":append", ":clear") must not.
func TestRangeEscaping(t *testing.T) {
	tests := []struct {
		rng     string
		escaped string
	}{
		{"Priors!B2:C2", "Priors%21B2%3AC2"},
		{"Posteriors!A:H", "Posteriors%21A%3AH"},
		{"'My Priors'!B2:C2", "%27My%20Priors%27%21B2%3AC2"},
		{"'Bob''s Q1/Q2 ?#&+'!A1", "%27Bob%27%27s%20Q1%2FQ2%20%3F%23%26%2B%27%21A1"},
		{"Überblick!B2:C2", "%C3%9Cberblick%21B2%3AC2"},
	}
	for _, tt := range tests {
		t.Run(tt.rng, func(t *testing.T) {
			e := newEmulator(t, "")
			e.values = map[string]any{"range": "S!A1:B1", "values": [][]any{{0.5, 0.1}}}
			cfg := Config{SpreadsheetID: "abc123", Range: tt.rng, Endpoint: e.endpoint(), NoAuth: true}
			if _, _, err := FetchPrior(context.Background(), cfg); err != nil {
				t.Fatal(err)
			}
			for _, mode := range []string{ModeAppend, ModeReplace} {
				if err := WriteRow(context.Background(), cfg, mode, []any{1}); err != nil {
					t.Fatal(err)
				}
			}
			base := "/v4/spreadsheets/abc123/values/" + tt.escaped
			want := []string{
				"GET " + base + " " + tt.rng,
				"POST " + base + ":append " + tt.rng,
				"POST " + base + ":clear " + tt.rng,
				"PUT " + base + " " + tt.rng,
			}
			var got []string
			for _, c := range e.recorded() {
				got = append(got, c.Method+" "+c.Path+" "+c.Range)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("requests (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWriteRow(t *testing.T) {
	row := []any{
		"signup-google-mobile",
		time.Date(2025, 10, 21, 8, 30, 0, 0, time.FixedZone("CEST", 2*3600)),
		0.32, 0.06, int64(1200), int64(410), 0.3398, nil, "=HYPERLINK(\"x\")",
	}
	wantValues := []any{[]any{
		"signup-google-mobile", "2025-10-21T06:30:00Z",
		0.32, 0.06, 1200.0, 410.0, 0.3398, nil, "=HYPERLINK(\"x\")",
	}}
	body := map[string]any{"majorDimension": "ROWS", "values": wantValues}
	const path = "/v4/spreadsheets/abc123/values/Posteriors%21A%3AI"
	appendCall := apiCall{
		Method: "POST", Path: path + ":append", Op: "append", Range: "Posteriors!A:I",
		Query: url.Values{"alt": {"json"}, "prettyPrint": {"false"}, "valueInputOption": {"RAW"}, "insertDataOption": {"INSERT_ROWS"}},
		Body:  body,
	}
	updateCall := apiCall{
		Method: "PUT", Path: path, Op: "update", Range: "Posteriors!A:I",
		Query: url.Values{"alt": {"json"}, "prettyPrint": {"false"}, "valueInputOption": {"RAW"}},
		Body:  body,
	}
	clearCall := apiCall{
		Method: "POST", Path: path + ":clear", Op: "clear", Range: "Posteriors!A:I",
		Query: url.Values{"alt": {"json"}, "prettyPrint": {"false"}},
		Body:  map[string]any{},
	}
	tests := []struct {
		mode string
		want []apiCall
	}{
		{"append", []apiCall{appendCall}},
		{"", []apiCall{appendCall}},
		{" Append ", []apiCall{appendCall}},
		{"update", []apiCall{updateCall}},
		{"replace", []apiCall{clearCall, updateCall}},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			e := newEmulator(t, "")
			err := WriteRow(context.Background(), Config{
				URL: "https://docs.google.com/spreadsheets/d/abc123/edit", Range: "Posteriors!A:I",
				Endpoint: e.endpoint(), NoAuth: true,
			}, tt.mode, row)
			if err != nil {
				t.Fatalf("WriteRow: %v", err)
			}
			if diff := cmp.Diff(tt.want, e.recorded()); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWriteRows(t *testing.T) {
	e := newEmulator(t, "/emulator")
	cfg := Config{SpreadsheetID: "abc123", Range: "Series!A2:C", Endpoint: e.endpoint(), NoAuth: true}
	v := 0.5
	err := WriteRows(context.Background(), cfg, ModeReplace, [][]any{{"2025-10-20", &v, 3}, {"2025-10-21", (*float64)(nil), 4}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range e.recorded() {
		got = append(got, c.Method+" "+c.Path)
	}
	want := []string{
		"POST /emulator/v4/spreadsheets/abc123/values/Series%21A2%3AC:clear",
		"PUT /emulator/v4/spreadsheets/abc123/values/Series%21A2%3AC",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	wantValues := []any{[]any{"2025-10-20", 0.5, 3.0}, []any{"2025-10-21", nil, 4.0}}
	if diff := cmp.Diff(wantValues, e.recorded()[1].Body["values"]); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
}

func TestWriteErrors(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name    string
		mode    string
		rows    [][]any
		fail    map[string]int
		wantErr string
		wantOps []string
	}{
		{name: "unknown mode", mode: "upsert", rows: [][]any{{1}}, wantErr: `sheets: unknown write mode "upsert" (want append, update or replace)`},
		{name: "NaN", mode: "append", rows: [][]any{{"a", 1.0}, {"b", nan}}, wantErr: "sheets: row 2, column 2 is NaN; want a finite number"},
		{name: "NaN pointer", mode: "update", rows: [][]any{{&nan}}, wantErr: "sheets: row 1, column 1 is NaN"},
		{name: "infinite float32", mode: "update", rows: [][]any{{float32(math.Inf(-1))}}, wantErr: "sheets: row 1, column 1 is -Inf"},
		{name: "no rows to append", mode: "append", wantErr: "sheets: append: no rows to write"},
		{name: "empty row", mode: "update", rows: [][]any{{1}, {}}, wantErr: "sheets: row 2 has no values"},
		{name: "replace with nothing only clears", mode: "replace", wantOps: []string{"clear"}},
		{
			name: "permission denied on append", mode: "append", rows: [][]any{{1}}, fail: map[string]int{"append": 403},
			wantErr: "sheets: append to Posteriors!A:H in spreadsheet abc123: googleapi: Error 403: The caller does not have permission",
			wantOps: []string{"append"},
		},
		{
			name: "failed clear writes nothing", mode: "replace", rows: [][]any{{1}}, fail: map[string]int{"clear": 403},
			wantErr: "sheets: clear Posteriors!A:H in spreadsheet abc123: googleapi: Error 403",
			wantOps: []string{"clear"},
		},
		{
			name: "failed update after clear says so", mode: "replace", rows: [][]any{{1}}, fail: map[string]int{"update": 400},
			wantErr: "sheets: update (after clearing it) Posteriors!A:H in spreadsheet abc123: googleapi: Error 400: Unable to parse range: Posteriors!A:H",
			wantOps: []string{"clear", "update"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEmulator(t, "")
			for k, v := range tt.fail {
				e.fail[k] = v
			}
			err := WriteRows(context.Background(), Config{SpreadsheetID: "abc123", Range: "Posteriors!A:H", Endpoint: e.endpoint(), NoAuth: true}, tt.mode, tt.rows)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("WriteRows: %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("WriteRows error = %v, want one containing %q", err, tt.wantErr)
			}
			var ops []string
			for _, c := range e.recorded() {
				ops = append(ops, c.Op)
			}
			if diff := cmp.Diff(tt.wantOps, ops); diff != "" {
				t.Errorf("operations (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConfigErrors(t *testing.T) {
	dir := t.TempDir()
	external := filepath.Join(dir, "external.json")
	if err := os.WriteFile(external, []byte(`{"type": "external_account", "credential_source": {"executable": {"command": "/bin/evil"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	notJSON := filepath.Join(dir, "key.pem")
	if err := os.WriteFile(notJSON, []byte("-----BEGIN PRIVATE KEY-----\nMIIsecretkeymaterial\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		cfg      Config
		wantErr  string
		notInErr string
	}{
		{name: "no spreadsheet", cfg: Config{Range: "A1"}, wantErr: "sheets: spreadsheet id or URL is required"},
		{name: "no range", cfg: Config{SpreadsheetID: "abc"}, wantErr: "sheets: range is required, e.g. Priors!B2:C2"},
		{name: "bad url", cfg: Config{URL: "https://docs.google.com/document/d/abc/edit", Range: "A1"}, wantErr: "has no /spreadsheets/d/<ID>/ path"},
		{name: "id and url disagree", cfg: Config{SpreadsheetID: "abc", URL: "https://docs.google.com/spreadsheets/d/xyz/edit", Range: "A1"}, wantErr: `spreadsheet id "abc" and URL (id "xyz") disagree`},
		{name: "two auth methods", cfg: Config{SpreadsheetID: "abc", Range: "A1", APIKey: "k", NoAuth: true}, wantErr: "sheets: give one way to authenticate, got API key and no-auth"},
		{name: "bad endpoint", cfg: Config{SpreadsheetID: "abc", Range: "A1", NoAuth: true, Endpoint: "localhost:8080"}, wantErr: `sheets: endpoint "localhost:8080" is not an http(s) URL`},
		{name: "negative timeout", cfg: Config{SpreadsheetID: "abc", Range: "A1", NoAuth: true, Timeout: -1}, wantErr: "sheets: timeout must not be negative"},
		{name: "missing credentials file", cfg: Config{SpreadsheetID: "abc", Range: "A1", CredentialsFile: filepath.Join(dir, "nope.json")}, wantErr: "sheets: credentials file: open "},
		{
			name:    "external account credentials are refused",
			cfg:     Config{SpreadsheetID: "abc", Range: "A1", CredentialsFile: external},
			wantErr: `has type "external_account"; want service_account or authorized_user`,
		},
		{
			name:     "non-JSON credentials are not quoted",
			cfg:      Config{SpreadsheetID: "abc", Range: "A1", CredentialsFile: notJSON},
			wantErr:  "key.pem is not JSON",
			notInErr: "secretkeymaterial",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEmulator(t, "")
			if tt.cfg.Endpoint == "" {
				tt.cfg.Endpoint = e.endpoint()
			}
			_, _, err := FetchPrior(context.Background(), tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("FetchPrior error = %v, want one containing %q", err, tt.wantErr)
			}
			if err != nil && tt.notInErr != "" && strings.Contains(err.Error(), tt.notInErr) {
				t.Errorf("error %q leaks %q", err, tt.notInErr)
			}
			if n := len(e.recorded()); n != 0 {
				t.Errorf("emulator saw %d calls for an invalid config", n)
			}
		})
	}
}

func TestParseSpreadsheetID(t *testing.T) {
	tests := []struct {
		in, want, wantErr string
	}{
		{in: "https://docs.google.com/spreadsheets/d/abc123/edit", want: "abc123"},
		{in: "https://docs.google.com/spreadsheets/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit#gid=0", want: "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms"},
		{in: "https://docs.google.com/spreadsheets/u/1/d/a_b-c/view?usp=sharing", want: "a_b-c"},
		{in: "https://docs.google.com/spreadsheets/d/abc123", want: "abc123"},
		{in: " abc123 ", want: "abc123"},
		{in: "", wantErr: "spreadsheet id or URL is required"},
		{in: "abc 123", wantErr: `"abc 123" is not a spreadsheet id`},
		{in: "https://docs.google.com/spreadsheets/", wantErr: "has no /spreadsheets/d/<ID>/ path"},
		{in: "https://docs.google.com/spreadsheets/d/", wantErr: "has no /spreadsheets/d/<ID>/ path"},
		{in: "docs.google.com/spreadsheets/d/abc", wantErr: "is neither a spreadsheet id nor a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSpreadsheetID(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("ParseSpreadsheetID(%q) = %q, %v; want error containing %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseSpreadsheetID(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestCellName(t *testing.T) {
	tests := []struct {
		rng    string
		offset int
		want   string
	}{
		{"Priors!B2:C2", 0, "Priors!B2"},
		{"Priors!B2:C2", 1, "Priors!C2"},
		{"Priors!Z10", 1, "Priors!AA10"},
		{"S!AZ1", 1, "S!BA1"},
		{"S!ZZ1", 1, "S!AAA1"},
		{"Posteriors!A:H", 1, "Posteriors!B"},
		{"'My Sheet'!b3:c3", 1, "'My Sheet'!C3"},
		{"'It''s!'!B2", 1, "'It''s!'!C2"},
		{"Priors", 1, "Priors!B1"},
		{"B2:C2", 1, "C2"},
		{"Priors!MyName", 0, "cell 1 of the first row of Priors!MyName"},
	}
	for _, tt := range tests {
		if got := cellName(tt.rng, tt.offset); got != tt.want {
			t.Errorf("cellName(%q, %d) = %q, want %q", tt.rng, tt.offset, got, tt.want)
		}
	}
}

func TestContext(t *testing.T) {
	t.Run("cancelled", func(t *testing.T) {
		e := newEmulator(t, "")
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, _, err := FetchPrior(ctx, Config{SpreadsheetID: "abc", Range: "A1:B1", Endpoint: e.endpoint(), NoAuth: true})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("FetchPrior error = %v, want context.Canceled", err)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		// A server that never answers: only Config.Timeout ends the call.
		srv := newEmulator(t, "")
		srv.hang = make(chan struct{})
		t.Cleanup(func() { close(srv.hang) })
		err := WriteRow(context.Background(), Config{SpreadsheetID: "abc", Range: "A1", Endpoint: srv.endpoint(), NoAuth: true, Timeout: 100 * time.Millisecond}, ModeAppend, []any{1})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("WriteRow error = %v, want context.DeadlineExceeded", err)
		}
	})
}

// serviceAccountFile writes a service-account key whose token endpoint is
// the emulator's, so the whole OAuth2 flow stays on this machine.
func serviceAccountFile(t *testing.T, tokenURI string) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(map[string]string{
		"type":           "service_account",
		"project_id":     "paramsql-test",
		"private_key_id": "k1",
		"private_key":    string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email":   "pipeline@paramsql-test.iam.gserviceaccount.com",
		"client_id":      "1",
		"token_uri":      tokenURI,
	})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "sa.json")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAuth(t *testing.T) {
	tests := []struct {
		name      string
		cfg       func(e *emulator) Config
		wantAuth  string
		wantKey   string
		wantQuery string // the "key" query parameter
		wantToken []string
	}{
		{name: "no auth", cfg: func(*emulator) Config { return Config{NoAuth: true} }},
		{name: "api key", cfg: func(*emulator) Config { return Config{APIKey: "AIzaTESTKEY"} }, wantQuery: "AIzaTESTKEY"},
		{name: "access token", cfg: func(*emulator) Config { return Config{AccessToken: "ya29.TESTTOKEN"} }, wantAuth: "Bearer ya29.TESTTOKEN"},
		{
			name:      "service account file",
			cfg:       func(e *emulator) Config { return Config{CredentialsFile: serviceAccountFile(t, e.URL+"/token")} },
			wantAuth:  "Bearer token-from-emulator",
			wantToken: []string{"urn:ietf:params:oauth:grant-type:jwt-bearer"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEmulator(t, "")
			e.values = map[string]any{"range": "S!A1:B1", "values": [][]any{{0.5, 0.1}}}
			cfg := tt.cfg(e)
			cfg.SpreadsheetID, cfg.Range, cfg.Endpoint = "abc", "S!A1:B1", e.endpoint()
			if _, _, err := FetchPrior(context.Background(), cfg); err != nil {
				t.Fatal(err)
			}
			calls := e.recorded()
			if len(calls) != 1 {
				t.Fatalf("emulator saw %d calls, want 1", len(calls))
			}
			got := []string{calls[0].Auth, calls[0].Key, calls[0].Query.Get("key")}
			if diff := cmp.Diff([]string{tt.wantAuth, tt.wantKey, tt.wantQuery}, got); diff != "" {
				t.Errorf("Authorization, X-Goog-Api-Key, ?key= (-want +got):\n%s", diff)
			}
			var grants []string
			e.mu.Lock()
			for _, f := range e.tokens {
				grants = append(grants, f.Get("grant_type"))
			}
			e.mu.Unlock()
			if diff := cmp.Diff(tt.wantToken, grants); diff != "" {
				t.Errorf("token requests (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSecretsStayOutOfErrors makes the server echo the request, key and
// token into its error, and also fails at the transport, whose error
// quotes the request URL.
func TestSecretsStayOutOfErrors(t *testing.T) {
	const key, token = "AIzaSECRETKEY/+=", "ya29.SECRETTOKEN"
	closed := newEmulator(t, "")
	closed.Close()
	tests := []struct {
		name string
		cfg  Config
		ep   func() string
	}{
		{name: "api key, echoing server", cfg: Config{APIKey: key}},
		{name: "token, echoing server", cfg: Config{AccessToken: token}},
		{name: "api key, connection refused", cfg: Config{APIKey: key}, ep: closed.endpoint},
		{name: "token, connection refused", cfg: Config{AccessToken: token}, ep: closed.endpoint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEmulator(t, "")
			e.echo = true
			e.fail["get"] = 403
			e.fail["append"] = 403
			cfg := tt.cfg
			cfg.SpreadsheetID, cfg.Range, cfg.Endpoint = "abc", "S!A1:B1", e.endpoint()
			if tt.ep != nil {
				cfg.Endpoint = tt.ep()
			}
			_, _, err1 := FetchPrior(context.Background(), cfg)
			err2 := WriteRow(context.Background(), cfg, ModeAppend, []any{1})
			for _, err := range []error{err1, err2} {
				if err == nil {
					t.Fatal("want an error")
				}
				for _, s := range []string{key, url.QueryEscape(key), "SECRETKEY", "SECRETTOKEN"} {
					if strings.Contains(err.Error(), s) {
						t.Errorf("error %q leaks %q", err, s)
					}
				}
				if tt.ep == nil && !strings.Contains(err.Error(), "Error 403") {
					t.Errorf("error %q lost the API's status", err)
				}
			}
		})
	}
}
