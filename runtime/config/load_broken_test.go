package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLoadReportsOnlyTheYAMLError: a parameter file that is not YAML gets
// its syntax error alone, at its column where the parser gives none but
// the cause is plain; it used to get "id is required" and "no observation
// is defined" as well, from validating the fields it never set.
func TestLoadReportsOnlyTheYAMLError(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{
			name: "colon in a plain value",
			src:  "id: x\nedge_reference: e.checkout.context(channel: google)\n",
			want: []string{`DIR/params/p.yaml:2:43: invalid YAML: mapping values are not allowed in this context (": " inside a plain value starts a mapping; put the value in quotes)`},
		},
		{
			name: "unclosed list",
			src:  "id: x\nedge_reference: e.signup\nname: [a\n",
			want: []string{`DIR/params/p.yaml:3: invalid YAML: did not find expected ',' or ']'`},
		},
		{
			name: "colon inside quotes is not the cause",
			src:  "id: x\nname: a\n  b: 'c: d'\n",
			want: []string{`DIR/params/p.yaml:3: invalid YAML: mapping values are not allowed in this context`},
		},
		{
			name: "a field of the wrong type is reported alone, as by update",
			src:  "id: x\nname: [a]\n",
			want: []string{`DIR/params/p.yaml:2:7: name: expected a string, found a list`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{
				"paramsql.yaml": "connections:\n  warehouse: { driver: duckdb, dsn: events.duckdb }\nschema: { table: events }\nposterior_store: { table: posteriors }\nparams: params\n",
				"params/p.yaml": tt.src,
			}
			for name, text := range files {
				path := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, _, err := Load(dir)
			var got []string
			for _, l := range errorLines(err) {
				got = append(got, strings.ReplaceAll(l, dir, "DIR"))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Load errors (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMissingParamsDirAtItsLine: a params: value naming a directory that
// does not exist is reported at that value in paramsql.yaml.
func TestMissingParamsDirAtItsLine(t *testing.T) {
	dir := t.TempDir()
	src := "connections:\n  warehouse: { driver: duckdb, dsn: events.duckdb }\nschema: { table: events }\nposterior_store: { table: posteriors }\nparams: parms\n"
	if err := os.WriteFile(filepath.Join(dir, "paramsql.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	want := "DIR/paramsql.yaml:5:9: parameter directory DIR/parms does not exist (params is relative to the project directory)"
	_, _, err := Load(dir)
	if got := strings.ReplaceAll(fmt.Sprint(err), dir, "DIR"); got != want {
		t.Errorf("Load: %s\nwant       %s", got, want)
	}
	_, _, _, err = LoadEach(dir)
	if got := strings.ReplaceAll(fmt.Sprint(err), dir, "DIR"); got != want {
		t.Errorf("LoadEach: %s\nwant           %s", got, want)
	}
}
