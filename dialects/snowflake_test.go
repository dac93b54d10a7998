package dialects

import "testing"

// TestSnowflakeQuoteIdent: plain names stay unquoted, so that Snowflake
// folds them to upper case like the names of a table created without
// quotes; anything else is quoted as written.
func TestSnowflakeQuoteIdent(t *testing.T) {
	d, err := Get("snowflake")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, want string }{
		{"events", "events"},
		{"EVENTS", "EVENTS"},
		{"event_type", "event_type"},
		{"_x1", "_x1"},
		{"EventType", `"EventType"`}, // mixed case: given on purpose
		{"order", `"order"`},         // reserved
		{"Order", `"Order"`},
		{"current_date", `"current_date"`},
		{"1st", `"1st"`},
		{"two words", `"two words"`},
		{"a$b", `"a$b"`},
		{"ünï", `"ünï"`},
		{`we"ird`, `"we""ird"`},
		{"x--y; DROP TABLE t; --", `"x--y; DROP TABLE t; --"`},
		{"", `""`},
	}
	for _, c := range cases {
		if got := d.QuoteIdent(c.name); got != c.want {
			t.Errorf("QuoteIdent(%q) = %s, want %s", c.name, got, c.want)
		}
	}
}
