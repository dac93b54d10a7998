package dialects

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/golden"
)

// SiblingGoldenCases are the sibling-split statements by golden folder:
// three siblings without within(); two with within() and a filter, one of
// them a repeated step; two with attribution(entry), whose context
// filters test the anchor's values; and hostile node and context values.
var SiblingGoldenCases = map[string][]string{
	"sibling_split": {"e.from(homepage).to(pricing)", "e.from(homepage).to(blog)", "e.from(homepage).to(exit)"},
	"sibling_split_within": {
		"e.from(pricing).to(signup).visited(blog).context(channel='google').within(1h)",
		"e.from(pricing).to(pricing).visited(blog).context(channel='google').within(1h)",
	},
	"sibling_split_entry": {
		"e.from(homepage).to(pricing).context(channel='google').contextAny(device='mobile',device='tablet').within(1h).attribution(entry)",
		"e.from(homepage).to(blog).context(channel='google').contextAny(device='mobile',device='tablet').within(1h).attribution(entry)",
	},
	"sibling_split_hostile": {
		"e.from('it''s').to('a\\b -- c; d').context(channel='x''; DROP TABLE events; --',device='ünï\\cödé').within(1d)",
		"e.from('it''s').to('😀''\\''').context(channel='x''; DROP TABLE events; --',device='ünï\\cödé').within(1d)",
	},
}

func TestSiblingSplitGolden(t *testing.T) {
	for folder, refs := range SiblingGoldenCases {
		qs := golden.ParseRefs(t, refs)
		for _, name := range Names() {
			d, _ := Get(name)
			t.Run(folder+"/"+name, func(t *testing.T) {
				st, _, err := CompileSiblingSplit(qs, d, compiler.Options{Schema: compiler.DefaultSchema()})
				if err != nil {
					t.Fatal(err)
				}
				golden.Check(t, filepath.Join(goldenDir, folder, name+".sql"), st.SQL+";\n")
			})
		}
	}
}

// TestSiblingSplitRefused: groups whose outcome the split does not define
// get a plan error naming the reference.
func TestSiblingSplitRefused(t *testing.T) {
	tests := []struct {
		refs []string
		want string
	}{
		{[]string{"e.from(a).to(b)", "e.from(a).to(c).attempt(any).within(1h)"}, "attempt(any)"},
		{[]string{"e.from(a).to(b).excludeBetween(x)", "e.from(a).to(c).excludeBetween(x)"}, "excludeBetween"},
		{[]string{"e.from(a).to(b).context(channel)", "e.from(a).to(c).context(channel)"}, "sharded"},
		{[]string{"e.from(a).to(b).by(day)", "e.from(a).to(c).by(day)"}, "by()"},
		{[]string{"e.from(a).to(b).within(1h)", "e.from(a).to(c).within(2h)"}, "same trials"},
		{[]string{"e.from(a).to(b)", "e.from(x).to(c)"}, "leave one node"},
	}
	for _, tt := range tests {
		_, _, err := CompileSiblingSplit(golden.ParseRefs(t, tt.refs), defaultDialect(t), compiler.Options{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err = %v, want one naming %q", tt.refs, err, tt.want)
		}
	}
}
