package pipeline

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/runtime/connect"
)

// TestSplitBatchColumnCase: Snowflake returns unquoted aliases in upper
// case, so the batch's columns are matched without regard to case; other
// columns are still refused.
func TestSplitBatchColumnCase(t *testing.T) {
	rows := [][]any{{"e.signup", int64(10), int64(3)}}
	want := map[string][]batchRow{"e.signup": {{trials: 10, successes: 3}}}
	cases := []struct {
		cols []string
		ok   bool
	}{
		{[]string{"ref", "trials", "successes"}, true},
		{[]string{"REF", "TRIALS", "SUCCESSES"}, true},
		{[]string{"ref", "n", "successes"}, false},
		{[]string{"trials", "successes"}, false},
	}
	for _, c := range cases {
		r := rows
		if len(c.cols) == 2 {
			r = [][]any{{int64(10), int64(3)}}
		}
		got, err := splitBatch(&connect.Result{Columns: c.cols, Rows: r}, nil)
		if !c.ok {
			if err == nil {
				t.Errorf("columns %v accepted", c.cols)
			}
			continue
		}
		if err != nil {
			t.Errorf("columns %v: %v", c.cols, err)
			continue
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(batchRow{})); diff != "" {
			t.Errorf("columns %v (-want +got):\n%s", c.cols, diff)
		}
	}
}
