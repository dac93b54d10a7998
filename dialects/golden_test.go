package dialects

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/golden"
)

// goldenDir holds one folder per case; see golden.LoadCases.
const goldenDir = "../testdata/golden"

// renderCase compiles every reference of a case in dialect d, joined as
// `paramsql compile` prints them.
func renderCase(t testing.TB, c golden.Case, d Dialect) (string, []Statement) {
	t.Helper()
	var sqls []string
	var stmts []Statement
	for _, ref := range c.Refs {
		q, err := compiler.ParseQuery(ref)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		st, err := Compile(q, d, c.Opts)
		if err != nil {
			t.Fatalf("%s/%s: %v", c.Name, d.Name(), err)
		}
		sqls = append(sqls, st.SQL)
		stmts = append(stmts, st)
	}
	return strings.Join(sqls, ";\n\n") + ";\n", stmts
}

func TestGolden(t *testing.T) {
	cases := golden.LoadCases(t, goldenDir)
	if len(cases) < 25 {
		t.Errorf("only %d golden cases; the suite promises at least 25", len(cases))
	}
	for _, c := range cases {
		for _, name := range Names() {
			d, _ := Get(name)
			t.Run(c.Name+"/"+name, func(t *testing.T) {
				got, _ := renderCase(t, c, d)
				golden.Check(t, filepath.Join(goldenDir, c.Name, name+".sql"), got)
			})
		}
	}
}
