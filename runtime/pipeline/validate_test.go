package pipeline_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/runtime/pipeline"
)

// TestValidate: pipeline.Validate reports raw queries whose columns do not
// match result_mapping, queries that are not one read-only SELECT, and
// references that do not compile for the connection's dialect; sound
// parameters give no finding, and nothing is executed.
func TestValidate(t *testing.T) {
	p := duckProject(t, nil)
	conns := "  ch: { driver: clickhouse, dsn: \"clickhouse://127.0.0.1:1/default\" }\n" +
		"  my: { driver: mysql, dsn: \"root@tcp(127.0.0.1:1)/none\" }\n" +
		"  pg: { driver: postgres, dsn: \"postgres://u@127.0.0.1:1/none?connect_timeout=5\" }\n"
	type want struct {
		warning bool
		msg     []string // substrings of the one finding; nil means no finding
		more    []string // substrings of a second finding, which must follow
	}
	cases := []struct {
		id, text string
		want     want
	}{
		{"ref-ok", "edge_reference: e.signup.visited(pricing).context(channel='google').within(1h)\n", want{}},
		{"ref-by-day-ok", "edge_reference: e.checkout.by(day)\n", want{}},
		// A context key the events lack: DuckDB prepares the compiled
		// query, as it does a raw one.
		{"ref-unknown-context-key", "edge_reference: e.signup.context(chanel='google')\n",
			want{msg: []string{".yaml:2:17: edge_reference:", `"chanel"`, "schema.contexts"}}},
		{"ref-unknown-shard-key", "observation_source: { edge_reference: \"e.signup.context(devise='x').attribution(event)\" }\n",
			want{msg: []string{".yaml:2:39: observation_source.edge_reference:", `"devise"`}}},
		{"ref-on-clickhouse-ok", "edge_reference: e.signup.context(device='mobile')\nobservation_source: { connection: ch }\n", want{}},
		{"query-ok", "observation_source:\n  query: SELECT count(*) AS trials, count(node_slug) AS successes FROM events WHERE created_at >= :start_date\n", want{}},
		// :name parameters are no MySQL, but they are bound before the
		// mysql dialect's grammar check.
		{"query-mysql-params-ok", "observation_source:\n  connection: my\n  query: SELECT count(*) AS trials, sum(ok) AS successes FROM events WHERE created_at >= :start_date AND created_at < :end_date\n", want{}},
		{"query-mysql-writes", "observation_source:\n  connection: my\n  query: SELECT count(*) AS trials, 0 AS successes FROM events WHERE created_at >= :start_date FOR UPDATE\n",
			want{msg: []string{"query:", "locking read"}}},
		{"query-renamed-ok", "observation_source:\n  query: SELECT count(*) AS n, count(node_slug) AS k FROM events\n  result_mapping: { trials: n, successes: k }\n", want{}},
		{"query-mismatch", "observation_source:\n  query: SELECT count(*) AS n, count(node_slug) AS successes FROM events\n",
			want{msg: []string{`result_mapping.trials names column "trials"`, "n, successes"}}},
		// Both columns wrong: two findings, in a stable order.
		{"query-both-wrong", "observation_source:\n  query: SELECT count(*) AS n, count(node_slug) AS k FROM events\n",
			want{msg: []string{`result_mapping.trials names column "trials"`, "k, n"}, more: []string{`result_mapping.successes names column "successes"`}}},
		{"query-mapping-wrong", "observation_source:\n  query: SELECT count(*) AS n, count(node_slug) AS k FROM events\n  result_mapping: { trials: n, successes: wins }\n",
			want{msg: []string{`result_mapping.successes names column "wins"`}}},
		{"timeseries-date-missing", "observation_source:\n  query: SELECT CAST(created_at AS DATE) AS d, count(*) AS trials, count(node_slug) AS successes FROM events GROUP BY d\n  result_type: timeseries\n  result_mapping: { date: day }\n",
			want{msg: []string{`result_mapping.date names column "day"`}}},
		{"query-writes", "observation_source:\n  query: DELETE FROM events\n",
			want{msg: []string{"query:", "read-only"}}},
		{"query-two-statements", "observation_source:\n  query: SELECT 1 AS trials, 0 AS successes; DROP TABLE events\n",
			want{msg: []string{"query:"}}},
		// MySQL's grammar cannot name the columns of SELECT *.
		{"query-star", "observation_source:\n  connection: my\n  query: SELECT * FROM daily_counts\n",
			want{warning: true, msg: []string{"SELECT *"}}},
		// DuckDB names them: it prepares the query on the events file.
		{"query-star-duckdb", "observation_source:\n  query: SELECT * FROM events\n",
			want{msg: []string{`result_mapping.trials names column "trials"`, "user_id"}, more: []string{`result_mapping.successes names column "successes"`}}},
		// DuckDB's pointer ("LINE 2:" and a caret) placed in the file:
		// the second line of a block, at the table's name.
		{"query-unknown-table-in-block", "observation_source:\n  query: |\n    SELECT count(*) AS trials, 0 AS successes\n    FROM daily_counts WHERE created_at >= :start_date\n",
			want{msg: []string{".yaml:5:10: observation_source.query:", "daily_counts does not exist"}}},
		{"query-unknown-table", "observation_source:\n  query: SELECT count(*) AS trials, 0 AS successes FROM daily_counts\n",
			want{msg: []string{".yaml:3:57: observation_source.query:", "daily_counts does not exist"}}},
		{"query-unbound", "observation_source:\n  query: SELECT count(*) AS trials, 0 AS successes FROM events WHERE channel = :chan\n",
			want{msg: []string{".yaml:3:80: observation_source.query: :chan is not bound"}}},
		{"query-bound-by-parameters", "observation_source:\n  query: SELECT count(*) AS trials, 0 AS successes FROM events WHERE channel = :chan\n  parameters: { chan: google }\n", want{}},
		{"query-reads-file", "observation_source:\n  query: SELECT count(*) AS trials, count(*) AS successes FROM read_text('/etc/passwd')\n",
			want{msg: []string{"observation_source.query:", "external access is disabled"}}},
		{"query-duckdb-syntax", "observation_source:\n  query: |\n    SELECT count(*) AS trials, 0 AS successes\n    FROM events WHERE WHERE\n",
			want{msg: []string{".yaml:5:23: observation_source.query: DuckDB cannot parse the query"}}},
		{"query-mysql-delete", "observation_source:\n  connection: my\n  query: DELETE FROM events\n",
			want{msg: []string{"a DELETE statement is not a SELECT"}}},
		{"query-postgres-unreachable", "observation_source:\n  connection: pg\n  query: SELECT count(*) AS trials, 0 AS successes FROM events WHERE created_at >= :start_date\n",
			want{warning: true, msg: []string{"grammar was not checked", "no postgres parser"}}},
		{"template-ok", "context_filter: { channel: google }\nobservation_source:\n  query_template: \"SELECT count(*) AS trials, 0 AS successes FROM events WHERE channel = '{{channel}}'\"\n  context_variables: [channel]\n", want{}},
		// Template errors at their spot in the file, not the template's
		// own line and column; a misspelt variable named, with a
		// suggestion.
		{"template-unknown-tag", "context_filter: { channel: google }\nobservation_source:\n  query_template: |\n    SELECT count(*) AS trials, 0 AS successes FROM events\n    {% if channel %}WHERE channel = {{ channel|sql }}{% endfi %}\n  context_variables: [channel]\n",
			want{msg: []string{".yaml:6:57: query_template: Tag 'endfi' not found"}}},
		{"template-misspelt-variable", "context_filter: { channel: google }\nobservation_source:\n  query_template: |\n    SELECT count(*) AS trials, 0 AS successes FROM events\n    WHERE channel = {{ chanel|sql }}\n  context_variables: [channel]\n",
			want{msg: []string{".yaml:6:31: query_template:", `"chanel" is not a context variable`, `did you mean "channel"?`}}},
		// Columns count characters: pongo2's are bytes.
		{"template-after-multibyte", "context_filter: { channel: google }\nobservation_source:\n  query_template: |\n    SELECT 'ééé' AS trials, 0 AS successes FROM events WHERE channel = {{ chanel|sql }}\n  context_variables: [channel]\n",
			want{msg: []string{".yaml:5:82: query_template:", `"chanel" is not a context variable`}}},
		// A double-quoted template's \n escapes are no lines of the file:
		// the finding stays at the value's start.
		{"template-quoted-newline", "context_filter: { channel: google }\nobservation_source:\n  query_template: \"SELECT count(*) AS trials, 0 AS successes\\nFROM events WHERE channel = {{ chanel|sql }}\"\n  context_variables: [channel]\n",
			want{msg: []string{".yaml:4:19: query_template:", `"chanel" is not a context variable`}}},
		{"template-in-comment", "context_filter: { channel: google }\nobservation_source:\n  query_template: \"SELECT count(*) AS trials, 0 AS successes FROM events -- {{channel}}\"\n  context_variables: [channel]\n",
			want{msg: []string{"query_template"}}},
	}
	var texts []string
	for _, c := range cases {
		texts = append(texts, "id: "+c.id+"\n"+c.text+"bayesian_update: { prior: { alpha: 1, beta: 1 } }\n")
	}
	p.write(t, p.duckYAML(conns), texts...)
	proj, params := p.load(t)
	byFile := map[string][]pipeline.Finding{}
	for _, f := range pipeline.Validate(proj, params) {
		id := strings.TrimSuffix(filepath.Base(f.File), ".yaml")
		byFile[id] = append(byFile[id], f)
	}
	for _, c := range cases {
		got := byFile[c.id]
		delete(byFile, c.id)
		if c.want.msg == nil {
			if len(got) > 0 {
				t.Errorf("%s: unexpected findings %v", c.id, got)
			}
			continue
		}
		wantN := 1
		if c.want.more != nil {
			wantN = 2
		}
		if len(got) != wantN {
			t.Errorf("%s: %d findings %v, want %d", c.id, len(got), got, wantN)
			continue
		}
		for _, s := range c.want.more {
			if !strings.Contains(got[1].Msg, s) {
				t.Errorf("%s: second finding %q does not say %q", c.id, got[1].Msg, s)
			}
		}
		if got[0].Warning != c.want.warning {
			t.Errorf("%s: warning = %v, want %v (%s)", c.id, got[0].Warning, c.want.warning, got[0])
		}
		// The message as printed, file:line:col included.
		for _, s := range c.want.msg {
			if !strings.Contains(got[0].String(), s) {
				t.Errorf("%s: finding %q does not say %q", c.id, got[0], s)
			}
		}
		if !strings.HasPrefix(got[0].String(), got[0].File+":") {
			t.Errorf("%s: finding %q does not start with its file", c.id, got[0])
		}
	}
	if len(byFile) > 0 {
		t.Errorf("findings for unknown files: %v", byFile)
	}
	if diff := cmp.Diff([]pipeline.Finding(nil), pipeline.Validate(proj, nil)); diff != "" {
		t.Errorf("no parameters: %s", diff)
	}
}

// TestValidateDSN: a DSN whose port is not a port is reported against the
// project file, without its password.
func TestValidateDSN(t *testing.T) {
	p := duckProject(t, nil)
	conns := "  pg: { driver: postgres, dsn: \"postgres://u:s3cret@127.0.0.1:54x32/none\" }\n" +
		"  my: { driver: mysql, dsn: \"u:s3cret@tcp(127.0.0.1:70000)/none\" }\n"
	p.write(t, p.duckYAML(conns), "id: ok\nedge_reference: e.signup\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n")
	proj, params := p.load(t)
	var got, pos []string
	for _, f := range pipeline.Validate(proj, params) {
		if strings.Contains(f.String(), "s3cret") {
			t.Errorf("a finding shows the password: %s", f)
		}
		if filepath.Base(f.File) != "paramsql.yaml" {
			t.Errorf("finding in %s, want the project file: %s", f.File, f)
		}
		if want := fmt.Sprintf("%s:%d:%d: ", f.File, f.Line, f.Col); !strings.HasPrefix(f.String(), want) {
			t.Errorf("finding %q does not start with %q", f, want)
		}
		pos = append(pos, fmt.Sprintf("%d:%d", f.Line, f.Col))
		got = append(got, f.Msg[:strings.Index(f.Msg, ":")])
	}
	if diff := cmp.Diff([]string{`connection "my"`, `connection "pg"`}, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	// Each finding points at its dsn's value: line:col in paramsql.yaml.
	if diff := cmp.Diff([]string{"5:29", "4:32"}, pos); diff != "" {
		t.Errorf("positions (-want +got):\n%s", diff)
	}
}
