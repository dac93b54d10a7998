package dialects

import (
	"path/filepath"
	"testing"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/golden"
)

// batchGoldenRefs mixes edges, visited sets, contexts, shards, periods and
// within, so one batch needs several scans and every padding path.
var batchGoldenRefs = []string{
	"e.signup",
	"e.signup.visited(homepage,pricing).context(channel='google')",
	"e.checkout.visitedAny(demo,docs).exclude(pricing).context(device='mobile')",
	"e.from(homepage).to(pricing).within(1h)",
	"e.signup.context(channel)",
	"e.signup.context(channel).within(7d)",
	"e.signup.by(week)",
	"e.signup.context(channel='o''brien').by(day)",
}

func TestBatchGolden(t *testing.T) {
	var qs []*compiler.Query
	for _, src := range batchGoldenRefs {
		q, err := compiler.ParseQuery(src)
		if err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q)
	}
	b, err := compiler.CompileBatch(qs, compiler.Options{Schema: compiler.DefaultSchema()})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range Names() {
		d, _ := Get(name)
		t.Run(name, func(t *testing.T) {
			st, err := RenderBatch(b, d)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join(goldenDir, "batch", name+".sql"), st.SQL+";\n")
		})
	}
}
