package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	_ "github.com/paramsql/paramsql/internal/golden"
)

func runCLI(args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return out.String(), errb.String(), code
}

// cliCase is a command line and what it must print and exit with.
type cliCase struct {
	name       string
	args       []string
	wantCode   int
	wantOut    []string // substrings of stdout
	wantErr    string   // substring of stderr
	notWantOut []string
}

// runCLICases runs each case as a subtest.
func runCLICases(t *testing.T, tests []cliCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(tt.args...)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.wantCode, errOut)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.notWantOut {
				if strings.Contains(out, w) {
					t.Errorf("stdout has %q:\n%s", w, out)
				}
			}
			if !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("stderr %q lacks %q", errOut, tt.wantErr)
			}
		})
	}
}

func TestCompileCommand(t *testing.T) {
	tests := []cliCase{
		{
			name:     "bound window, default dialect",
			args:     []string{"compile", "e.signup.visited(pricing,homepage)"},
			wantOut:  []string{"-- e.signup.visited(homepage,pricing)\nSELECT", `"created_at" >= ?`, "count(*) FILTER"},
			wantCode: 0,
		},
		{
			name:       "literal window for the console",
			args:       []string{"compile", "--dialect", "postgres", "--start", "2025-01-01", "--end", "2025-02-01T06:00:00Z", "e.signup"},
			wantOut:    []string{`"created_at" >= TIMESTAMP '2025-01-01 00:00:00'`, `"created_at" < TIMESTAMP '2025-02-01 06:00:00'`},
			notWantOut: []string{"$1"},
		},
		{
			name: "observe-until is the cut-off of a within() reference",
			args: []string{"compile", "--dialect", "postgres", "--start", "2025-01-01", "--end", "2025-02-01", "--observe-until", "2025-02-08", "e.signup.within(7d)"},
			wantOut: []string{`"created_at" < TIMESTAMP '2025-02-08 00:00:00'`, `"created_at" < TIMESTAMP '2025-02-01 00:00:00'`,
				`+ INTERVAL '604800 seconds' < TIMESTAMP '2025-02-08 00:00:00'`, `AS "immature"`},
			notWantOut: []string{"$1"},
		},
		{
			name:       "without observe-until the cut-off is end",
			args:       []string{"compile", "--dialect", "postgres", "--start", "2025-01-01", "--end", "2025-02-01", "e.signup.within(7d)"},
			wantOut:    []string{`+ INTERVAL '604800 seconds' < TIMESTAMP '2025-02-01 00:00:00'`},
			notWantOut: []string{"2025-02-08"},
		},
		{
			name:     "observe-until before end",
			args:     []string{"compile", "--start", "2025-01-01", "--end", "2025-02-01", "--observe-until", "2025-01-31", "e.signup.within(7d)"},
			wantCode: 1,
			wantErr:  "--observe-until 2025-01-31T00:00:00Z is before --end",
		},
		{
			name:     "observe-until without a literal window",
			args:     []string{"compile", "--observe-until", "2025-01-31", "e.signup.within(7d)"},
			wantCode: 1,
			wantErr:  "--observe-until goes with --start and --end",
		},
		{
			name:     "bad observe-until",
			args:     []string{"compile", "--start", "2025-01-01", "--end", "2025-02-01", "--observe-until", "soon", "e.signup.within(7d)"},
			wantCode: 1,
			wantErr:  "want RFC 3339",
		},
		{
			name:    "several references give several statements",
			args:    []string{"compile", "--dialect", "mysql", "e.signup", "e.checkout"},
			wantOut: []string{"-- e.signup\n", "-- e.checkout\n", ";\n\n-- e.checkout"},
		},
		{
			name:     "unknown dialect",
			args:     []string{"compile", "--dialect", "oracle", "e.signup"},
			wantCode: 1,
			wantErr:  `unknown dialect "oracle"`,
		},
		{
			name:     "misspelt dialect",
			args:     []string{"compile", "--dialect", "postgress", "e.signup"},
			wantCode: 1,
			wantErr:  `unknown dialect "postgress" (did you mean "postgres"? want one of`,
		},
		{
			name:     "a bad reference shows where",
			args:     []string{"compile", "e.signup.visted(a)"},
			wantCode: 1,
			wantErr:  "did you mean \"visited\"",
		},
		{
			name:     "start without end",
			args:     []string{"compile", "--start", "2025-01-01", "e.signup"},
			wantCode: 1,
			wantErr:  "--start and --end go together",
		},
		{
			name:     "bad time",
			args:     []string{"compile", "--start", "yesterday", "--end", "2025-01-01", "e.signup"},
			wantCode: 1,
			wantErr:  "want RFC 3339",
		},
		{
			name:    "batch with explain",
			args:    []string{"compile", "--batch", "--explain", "e.signup", "e.checkout.context(channel='google')", "e.signup.context(channel)"},
			wantOut: []string{"-- scan 1: 2 reference(s), 5 measure(s); attribution(entry)", "with 1 reference(s) without context, which count the same here", "-- scan 2: 1 reference(s), 3 measure(s); attribution(entry), sharded by channel read on the anchor", `AS "ref"`, "UNION ALL"},
		},
		{
			name:    "explain says when a DuckDB batch reads every event",
			args:    []string{"compile", "--batch", "--explain", "e.signup.visited(homepage,pricing)", "e.checkout.visited(demo,docs)", "e.from(homepage).to(pricing).visitedAny(product-page-1,product-page-2)", "e.signup.exclude(blog)"},
			wantOut: []string{"-- scan 1 on duckdb: no relevance filter: testing each event against its 11 literals would cost about what grouping the events it drops does\n"},
		},
		{
			name: "explain says when a DuckDB batch reads shared context values once",
			args: []string{"compile", "--batch", "--explain",
				"e.signup.context(channel='google',device='mobile')", "e.signup.context(channel='facebook',device='desktop')",
				"e.checkout.context(channel='facebook',country='us')", "e.checkout.context(channel='google',country='gb')",
				"e.from(homepage).to(pricing).context(device='desktop',country='gb')", "e.from(homepage).to(pricing).context(device='mobile',country='us')",
				"e.signup.visited(pricing).context(country='de')", "e.signup.context(country='us')"},
			wantOut: []string{
				"-- scan 1 on duckdb: units whose events share their channel, country and device values read each anchor's value from one bit_or of those values' bits; the other units are aggregated again from their own events\n",
				"-- scan 1 on duckdb: units are grouped by their 7 ranked entry values before the 14 tests of them\n",
				"-- scan 1 on duckdb: units whose events share their context values hold their first and last times as 32-bit ticks of the window; a unit where two times compared share a tick is aggregated again from its own events\n",
			},
		},
		{
			name:       "other dialects test the filter and say nothing",
			args:       []string{"compile", "--batch", "--explain", "--dialect", "postgres", "e.signup.visited(homepage,pricing)", "e.checkout.visited(demo,docs)", "e.from(homepage).to(pricing).visitedAny(product-page-1,product-page-2)", "e.signup.exclude(blog)"},
			wantOut:    []string{`"node_slug" IN ('homepage', 'pricing', 'demo', 'docs', 'product-page-1', 'product-page-2', 'blog')`},
			notWantOut: []string{"relevance filter"},
		},
		{
			name:     "explain without batch",
			args:     []string{"compile", "--explain", "e.signup"},
			wantCode: 1,
			wantErr:  "--explain goes with --batch",
		},
		{
			name:    "unit user groups by user only",
			args:    []string{"compile", "--unit", "user", "e.signup"},
			wantOut: []string{`GROUP BY "user_id"` + "\n"},
		},
	}
	runCLICases(t, tests)
}

func TestCompileWithProject(t *testing.T) {
	dir := t.TempDir()
	project := `connections:
  warehouse: { driver: duckdb, dsn: events.duckdb }
schema:
  table: analytics.web_events
  columns: { user_id: visitor, created_at: ts }
  contexts: { channel: utm_channel }
  unit: user
graph: graph.yaml
`
	graph := `edges:
  signup: { from: landing, to: signed_up }
nodes:
  landing: { node_slug: home }
  signed_up: { event_type: signup_success }
`
	for name, body := range map[string]string{"paramsql.yaml": project, "graph.yaml": graph} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, errOut, code := runCLI("compile", "--project", dir, "e.signup.context(channel='google')")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		`FROM "analytics"."web_events"`, `"ts" >= ?`, `"utm_channel"`, `= 'google'`,
		`GROUP BY "visitor"` + "\n", `"node_slug" = 'home'`, `"event_type" = 'signup_success'`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
}

func TestCompileJSON(t *testing.T) {
	out, errOut, code := runCLI("compile", "--format", "json", "--dialect", "postgres", "e.signup.within(7d)")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		SQL    string   `json:"sql"`
		Params []string `json:"params"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	// Numbered by first use: the entry bound of the from-events, the
	// cut-off of maturity, then the scan's start.
	if diff := cmp.Diff([]string{"window_end", "observe_until", "window_start"}, got.Params); diff != "" {
		t.Errorf("params (-want +got):\n%s", diff)
	}
	if !strings.Contains(got.SQL, "$1") || !strings.Contains(got.SQL, "$2") {
		t.Errorf("sql lacks $1/$2:\n%s", got.SQL)
	}
}

func TestFmtCommand(t *testing.T) {
	out, errOut, code := runCLI("fmt", "e.signup.visited(pricing,homepage).context(device:mobile,channel:'google').p.mean", "e.checkout")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := "e.signup.visited(homepage,pricing).context(channel='google',device='mobile').p.mean\ne.checkout\n"
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	_, errOut, code = runCLI("fmt", "e.signup.visted(a)")
	if code == 0 || !strings.Contains(errOut, "^") {
		t.Errorf("want a caret diagnostic, got exit %d: %s", code, errOut)
	}
}
