package dialects

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/golden"
)

// LagGoldenCases are the lag-histogram statements by golden folder: one
// reference; a batch of several edges, a repeated step and a context
// filter only one of them has; hostile node and context values; and
// context filters under attribution(entry), which test the anchor's
// values, beside one under attribution(event) in the same scan, and a
// sharded one pooled over its rows.
var LagGoldenCases = map[string][]string{
	"lag_histogram":       {"e.signup.within(7d)"},
	"lag_histogram_batch": {"e.signup.within(1h)", "e.checkout.visited(pricing).within(2d)", "e.from(pricing).to(pricing).context(channel='google').within(30m)"},
	"lag_histogram_entry": {
		"e.signup.context(channel='google').attribution(entry).within(1h)",
		"e.checkout.contextAny(channel='x''; --',channel='ünï\\cödé').attribution(entry).within(2d)",
		"e.signup.context(channel='google').attribution(event).within(30m)",
		"e.signup.context(channel,device).attribution(entry).within(1d)",
	},
	"lag_histogram_hostile": {
		"e.from('it''s').to('a\\b -- c; d').context(channel='x''; DROP TABLE events; --',device='ünï\\cödé').within(1d)",
	},
}

func TestLagHistogramGolden(t *testing.T) {
	for folder, refs := range LagGoldenCases {
		qs := golden.ParseRefs(t, refs)
		for _, name := range Names() {
			d, _ := Get(name)
			t.Run(folder+"/"+name, func(t *testing.T) {
				st, _, err := CompileLagHistograms(qs, d, compiler.Options{Schema: compiler.DefaultSchema()})
				if err != nil {
					t.Fatal(err)
				}
				golden.Check(t, filepath.Join(goldenDir, folder, name+".sql"), st.SQL+";\n")
			})
		}
	}
}

// TestLagHistogramRefused: references whose lag the histogram does not
// define yet get a plan error naming the reference.
func TestLagHistogramRefused(t *testing.T) {
	tests := []struct{ ref, want string }{
		{"e.signup", "needs within()"},
		{"e.signup.attempt(any).within(1h)", "attempt(any)"},
		{"e.signup.excludeBetween(help).within(1h)", "excludeBetween"},
		{"e.signup.context(channel).attribution(event).within(1h)", "sharded"},
	}
	for _, tt := range tests {
		q, err := compiler.ParseQuery(tt.ref)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = CompileLagHistograms([]*compiler.Query{q}, defaultDialect(t), compiler.Options{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one naming %q", tt.ref, err, tt.want)
		}
	}
}

// defaultDialect is the default dialect, for tests that render in any one.
func defaultDialect(t *testing.T) Dialect {
	d, err := Get(Default)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
