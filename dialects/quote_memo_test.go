package dialects

import (
	"fmt"
	"testing"
)

// TestQuoteTableQuotesEveryText checks that a quoteTable gives each text
// its own quoting, remembered or not: texts that share their length and
// ends (so their slots), a full table, hostile texts, and each asked
// again.
func TestQuoteTableQuotesEveryText(t *testing.T) {
	var texts []string
	for i := range 100 {
		texts = append(texts, fmt.Sprintf("a%03db", i)) // same length and ends
	}
	texts = append(texts, "", "'", `"`, "it's", "\x00", "ü", "-- ;")
	d, _ := Get("duckdb")
	var tab quoteTable
	calls := 0
	quote := func(s string) string { calls++; return d.QuoteString(s) }
	for round := range 2 {
		for _, s := range texts {
			if got, want := tab.quote(s, quote), d.QuoteString(s); got != want {
				t.Fatalf("round %d: %q quoted %q, want %q", round, s, got, want)
			}
		}
	}
	if remembered := 2*len(texts) - calls; remembered != quoteSlots*3/4 {
		t.Errorf("%d quotings answered from the table, want %d (its room)", remembered, quoteSlots*3/4)
	}
}
