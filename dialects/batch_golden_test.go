package dialects

import (
	"path/filepath"
	"testing"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/golden"
)

// batchGoldenCases are batches by golden folder. "batch" mixes edges,
// visited sets, contexts, shards, periods and within, so it needs several
// scans and every padding path, under both attributions; "batch_shared"
// differs only in per-event (attribution(event)) shard keys and context
// filters, so its scans share one pass over the events. "batch_wide"
// tests 11 literals, so on DuckDB it reads every event (see
// RelevanceFilterLimit). "batch_entry_contexts" tests three context
// columns at three anchors, so on DuckDB it reads the values of units
// whose events share them once (see ContextOnce) and groups the units by
// those values before testing them (see PreGroupedSignatures).
var batchGoldenCases = map[string][]string{
	"batch":      batchGoldenRefs,
	"batch_wide": {"e.signup.visited(homepage,pricing)", "e.checkout.visited(demo,docs)", "e.from(homepage).to(pricing).visitedAny(product-page-1,product-page-2)", "e.signup.exclude(blog)"},
	"batch_entry_contexts": {
		"e.signup.context(channel='google',device='mobile')",
		"e.signup.context(channel='facebook',device='desktop')",
		"e.checkout.context(channel='facebook',country='us')",
		"e.checkout.context(channel='google',country='gb')",
		"e.from(homepage).to(pricing).context(device='desktop',country='gb')",
		"e.from(homepage).to(pricing).context(device='mobile',country='us')",
		"e.signup.visited(pricing).context(country='de')",
		"e.signup.context(country='us')",
	},
	"batch_shared": {"e.signup", "e.checkout.visited(pricing).context(device='mobile').attribution(event)", "e.signup.context(channel).attribution(event)", "e.signup.context(channel,country).exclude(docs).attribution(event)"},
	// Values that would break SQL text, in the filters and in the
	// references themselves, which a batch passes as data.
	"batch_hostile": {
		"e.signup",
		`e.signup.context(channel='a\b\''')`,
		"e.signup.context(channel='x--y; DROP TABLE events; --')",
		"e.signup.context(channel='line1\nline2 -- not a comment')",
		`e.from('it''s').to('a\b').visited('--;').exclude('/*x*/')`,
		"e.signup.context(channel='o''brien',country)",
		"e.signup.context(country='ünïcödé 😀 数据')",
	},
}

// batchGoldenRefs is the mixed batch.
var batchGoldenRefs = []string{
	"e.signup",
	"e.signup.visited(homepage,pricing).context(channel='google')",
	"e.checkout.visitedAny(demo,docs).exclude(pricing).context(device='mobile')",
	"e.from(homepage).to(pricing).within(1h)",
	"e.signup.context(channel)",
	"e.signup.context(channel).within(7d)",
	"e.signup.by(week)",
	"e.signup.context(channel='o''brien').by(day)",
	"e.signup.context(channel).attribution(event)",
	"e.checkout.visited(pricing).context(device='mobile').attribution(event)",
}

func TestBatchGolden(t *testing.T) {
	for folder, refs := range batchGoldenCases {
		qs := golden.ParseRefs(t, refs)
		b, err := compiler.CompileBatch(qs, compiler.Options{Schema: compiler.DefaultSchema()})
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range Names() {
			d, _ := Get(name)
			t.Run(folder+"/"+name, func(t *testing.T) {
				st, err := RenderBatch(b, d)
				if err != nil {
					t.Fatal(err)
				}
				golden.Check(t, filepath.Join(goldenDir, folder, name+".sql"), st.SQL+";\n")
			})
		}
	}
}
