package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/paramsql/paramsql/compiler"
)

var ignorePositions = cmpopts.IgnoreUnexported(Project{}, Param{})

func TestLoadProjectDefaults(t *testing.T) {
	for _, tc := range []struct {
		dir, file string
	}{
		{"testdata/project/none", ""},
		{"testdata/project/empty", "testdata/project/empty/paramsql.yaml"},
	} {
		got, err := LoadProject(tc.dir)
		if err != nil {
			t.Fatalf("%s: %v", tc.dir, err)
		}
		want := &Project{
			Dir:  tc.dir,
			File: tc.file,
			Connections: map[string]Connection{
				"default": {Name: "default", Driver: DriverDuckDB, DSN: filepath.Join(tc.dir, "events.duckdb")},
			},
			DefaultConnection: "default",
			Schema:            compiler.DefaultSchema(),
			PosteriorStore:    PosteriorStore{Connection: "default", Table: "parameter_posteriors"},
			Window:            Window{Start: "-7d", End: "now"},
			ParamsDir:         filepath.Join(tc.dir, "params"),
		}
		if diff := cmp.Diff(want, got, ignorePositions); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.dir, diff)
		}
	}
}

func TestLoadProjectFull(t *testing.T) {
	t.Setenv("PARAMSQL_TEST_PGPASSWORD", "s3cr3t")
	const dir = "testdata/project/full"
	got, err := LoadProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := &Project{
		Dir:  dir,
		File: filepath.Join(dir, "paramsql.yaml"),
		Connections: map[string]Connection{
			"warehouse": {Name: "warehouse", Driver: DriverDuckDB, DSN: filepath.Join(dir, "events.duckdb")},
			"pg":        {Name: "pg", Driver: DriverPostgres, DSN: "postgres://u:s3cr3t@host/db", Timeout: 30e9},
		},
		DefaultConnection: "pg",
		Schema: compiler.Schema{
			Table: "web_events",
			Columns: compiler.Columns{
				UserID: "uid", SessionID: "session_id", EventType: "event_type", NodeSlug: "node_slug", CreatedAt: "ts",
			},
			Contexts: map[string]string{"channel": "utm_channel"},
			Unit:     compiler.UnitUser,
		},
		Graph: &compiler.Graph{
			Edges: map[string]compiler.GraphEdge{"signup": {From: "pricing", To: "signed_up"}},
			Nodes: map[string]compiler.GraphNode{
				"pricing":   {NodeSlug: "pricing-page"},
				"signed_up": {EventType: "signup_success"},
			},
		},
		PosteriorStore: PosteriorStore{Connection: "pg", Table: "posteriors"},
		Window:         Window{Start: "NOW() - INTERVAL '30 days'", End: "now"},
		ParamsDir:      filepath.Join(dir, "params"),
	}
	if diff := cmp.Diff(want, got, ignorePositions); diff != "" {
		t.Errorf("LoadProject (-want +got):\n%s", diff)
	}
}

// loadProjectSource writes a project file (and any other files) into a
// temporary directory, loads it, and returns the error lines with the
// directory replaced by DIR.
func loadProjectSource(t *testing.T, files map[string]string) []string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := LoadProject(dir)
	var lines []string
	for _, l := range errorLines(err) {
		lines = append(lines, strings.ReplaceAll(l, dir, "DIR"))
	}
	return lines
}

func TestLoadProjectErrors(t *testing.T) {
	t.Setenv("PARAMSQL_TEST_PGPASSWORD", "s3cr3t")
	tests := []struct {
		name  string
		src   string
		extra map[string]string
		want  []string
	}{
		{
			name: "zero conversion window",
			src:  "window:\n  conversion_window: 0h\n",
			want: []string{`DIR/paramsql.yaml:2:22: window.conversion_window must be greater than 0 (a duration above 0, such as "7d")`},
		},
		{
			name: "conversion window that is no duration, said once",
			src:  "window:\n  conversion_window: 7x\n",
			want: []string{`DIR/paramsql.yaml:2:22: window.conversion_window: invalid duration "7x" (a whole number and one of s, m, h, d, such as "30s", "10m", "1h" or "1d")`},
		},
		{
			name: "missing environment variable",
			src:  "connections:\n  pg: {driver: postgres, dsn: \"postgres://u:${PARAMSQL_TEST_MISSING}@h/db\"}\n",
			want: []string{`DIR/paramsql.yaml:2:31: connections.pg.dsn: environment variable PARAMSQL_TEST_MISSING is not set (set it in the environment paramsql runs in)`},
		},
		{
			name: "MySQL DSN written as a URL, with its password redacted",
			src:  "connections:\n  my: {driver: mysql, dsn: \"mysql://root:s3cr3t@db:3306/app\"}\n",
			want: []string{`DIR/paramsql.yaml:2:28: connections.my.dsn: "mysql://root:xxxxx@db:3306/app" is a URL (the mysql driver takes user:password@tcp(host:port)/dbname)`},
		},
		{
			name: "interpolated password is redacted",
			src:  "connections:\n  pg: {driver: postgres, dsn: \"clickhouse://u:${PARAMSQL_TEST_PGPASSWORD}@h:9000/db\"}\n",
			want: []string{`DIR/paramsql.yaml:2:31: connections.pg.dsn: "clickhouse://u:xxxxx@h:9000/db" is not a postgres DSN (it looks like a clickhouse DSN: set driver: clickhouse)`},
		},
		{
			name: "postgres key/value DSN without the key/values",
			src:  "connections:\n  pg: {driver: postgres, dsn: events.db}\n",
			want: []string{`DIR/paramsql.yaml:2:31: connections.pg.dsn: "events.db" is not a postgres DSN (write postgres://user:password@host:port/dbname or host=... dbname=...)`},
		},
		{
			name: "duckdb given a postgres URL",
			src:  "connections:\n  w: {driver: duckdb, dsn: \"postgres://u:s3cr3t@h/db\"}\n",
			want: []string{`DIR/paramsql.yaml:2:28: connections.w.dsn: "postgres://u:xxxxx@h/db" is not a duckdb database (it looks like a postgres DSN: set driver: postgres)`},
		},
		{
			name: "missing driver",
			src:  "connections:\n  pg: {dsn: \"postgres://h/db\"}\n",
			want: []string{`DIR/paramsql.yaml:2:7: connections.pg: driver is required (add driver: postgres)`},
		},
		{
			name: "missing dsn",
			src:  "connections:\n  w: {driver: duckdb}\n",
			want: []string{`DIR/paramsql.yaml:2:6: connections.w: dsn is required (use ":memory:" for an in-memory database)`},
		},
		{
			name: "unknown driver and field",
			src:  "connections:\n  w: {driver: sqlite, dns: x.db}\n",
			want: []string{
				`DIR/paramsql.yaml:2:6: connections.w: dsn is required`,
				`DIR/paramsql.yaml:2:15: connections.w.driver must be one of duckdb, postgres, clickhouse, mysql, bigquery, snowflake, redshift, found "sqlite"`,
				`DIR/paramsql.yaml:2:23: unknown field "dns" in connections.w (did you mean "dsn"?)`,
			},
		},
		{
			name: "unknown connections referenced",
			src:  "connections:\n  warehouse: {driver: duckdb, dsn: e.duckdb}\nschema: {connection: warehous}\nposterior_store: {connection: pg}\n",
			want: []string{
				`DIR/paramsql.yaml:3:22: schema.connection: no connection named "warehous" (did you mean "warehouse"?)`,
				`DIR/paramsql.yaml:4:31: posterior_store.connection: no connection named "pg" (connections: warehouse)`,
			},
		},
		{
			name: "schema errors",
			src:  "schema:\n  unit: visitor\n  columns: {user: uid}\n  contexts: {channel: \"\"}\n",
			want: []string{
				`DIR/paramsql.yaml:2:9: schema.unit must be one of session, user, found "visitor"`,
				`DIR/paramsql.yaml:3:13: unknown field "user" in schema.columns (allowed: user_id, session_id, event_type, node_slug, created_at)`,
				`DIR/paramsql.yaml:4:23: schema.contexts.channel: the column name is empty`,
			},
		},
		{
			name: "window errors",
			src:  "window: {start: last week, end: \"2020-01-01\"}\n",
			want: []string{`DIR/paramsql.yaml:1:17: window.start: invalid time "last week" (accepted: now, NOW(), -7d, -12h, -30m, -10s, +1d, 2025-10-21, 2025-10-21T00:00:00Z, NOW() - INTERVAL '7 days', NOW() - INTERVAL 7 DAY)`},
		},
		{
			name: "window in the wrong order",
			src:  "window: {start: now, end: -1d}\n",
			want: []string{`DIR/paramsql.yaml:1:17: window.start "now" is not before window.end "-1d"`},
		},
		{
			name: "unknown top-level field",
			src:  "param: p\n",
			want: []string{`DIR/paramsql.yaml:1:1: unknown field "param" in project file (did you mean "params"?)`},
		},
		{
			name: "missing graph file",
			src:  "graph: graph.yml\n",
			want: []string{`DIR/paramsql.yaml:1:8: graph file DIR/graph.yml does not exist`},
		},
		{
			name:  "graph file errors",
			src:   "graph: graph.yaml\n",
			extra: map[string]string{"graph.yaml": "edges:\n  signup: {from: a}\nnodes:\n  a: {slug: x}\n"},
			want: []string{
				`DIR/graph.yaml:2:11: edges.signup: an edge needs from and to`,
				`DIR/graph.yaml:4:7: unknown field "slug" in nodes.a (allowed: event_type, node_slug)`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"paramsql.yaml": tc.src}
			for k, v := range tc.extra {
				files[k] = v
			}
			got := loadProjectSource(t, files)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("LoadProject (-want +got):\n%s", diff)
			}
			for _, l := range got {
				if strings.Contains(l, "s3cr3t") {
					t.Errorf("an error prints a password: %s", l)
				}
			}
		})
	}
}

func TestLoadParams(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.yaml", "id: signup\nedge_reference: e.signup\n")
	write("b.yml", "name: again\nid: signup\nedge_reference: e.signup\n")
	write("sub/c.yaml", "id: checkout\nedge_reference: e.checkout\nconection: x\n")
	write(".hidden.yaml", "not: [a parameter\n")
	write("notes.txt", "ignored")
	write(".git/x.yaml", "ignored: [\n")
	params, err := LoadParams(dir)
	var got []string
	for _, l := range errorLines(err) {
		got = append(got, strings.ReplaceAll(l, dir, "DIR"))
	}
	want := []string{
		`DIR/b.yml:2:5: duplicate id "signup": DIR/a.yaml:1:5 already defines it`,
		`DIR/sub/c.yaml:3:1: unknown field "conection" in parameter file (did you mean "connection"? connection belongs in observation_source, posterior_destination.destinations[] or prior_source)`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LoadParams errors (-want +got):\n%s", diff)
	}
	var ids []string
	for _, p := range params {
		ids = append(ids, p.ID)
	}
	if diff := cmp.Diff([]string{"signup", "signup", "checkout"}, ids); diff != "" {
		t.Errorf("LoadParams ids (-want +got):\n%s", diff)
	}

	if _, err := LoadParams(filepath.Join(dir, "missing")); err == nil || !strings.HasSuffix(err.Error(), "/missing does not exist") {
		t.Errorf("LoadParams of a missing directory: %v", err)
	}
}

func TestLoad(t *testing.T) {
	t.Setenv("PARAMSQL_TEST_PGPASSWORD", "s3cr3t")
	proj, params, err := Load("testdata/project/full")
	if err != nil {
		t.Fatal(err)
	}
	if len(params) != 1 || params[0].ID != "checkout" || proj.DefaultConnection != "pg" {
		t.Errorf("Load = %v, %v", proj, params)
	}
	if got := params[0].ConnectionName(proj); got != "warehouse" {
		t.Errorf("ConnectionName = %q, want warehouse", got)
	}
}
