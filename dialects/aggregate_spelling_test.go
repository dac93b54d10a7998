package dialects

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/compiler"
)

// TestAggregateSpellingsHoldTheirCondition checks, for every dialect, that
// an aggregate split around its condition spells what the dialect does
// for hostile conditions too, and that DuckDB's aggregates are split, so
// that its statements are written in place.
func TestAggregateSpellingsHoldTheirCondition(t *testing.T) {
	conds := []string{
		"x = 1",
		`"node_slug" = 'it''s' OR "a" = '\' --'`,
		"\x00" + strings.Repeat("0", 24) + ":window_end\x00",
		conditionProbe,
		otherConditionProbe + " AND ü = '; DROP TABLE events;'",
	}
	for _, name := range Names() {
		d, _ := Get(name)
		r := &renderer{d: d}
		for k := aggregate(0); k < aggregates; k++ {
			s := r.spelling(k, d.QuoteIdent("created_at"))
			if name == "duckdb" && !s.verbatim {
				t.Errorf("duckdb: aggregate %d is not split around its condition", k)
			}
			if !s.verbatim {
				continue
			}
			for _, c := range conds {
				if got, want := s.before+c+s.after, r.spell(k, s.ts, c); got != want {
					t.Errorf("%s: aggregate %d over %q: split gives %q, the dialect %q", name, k, c, got, want)
				}
			}
		}
	}
}

// transformingDialect spells its aggregates other than around their
// condition as it is, which the renderer cannot split.
type transformingDialect struct{ duckDB }

func (transformingDialect) CountIf(cond string) string {
	return "COUNT_IF(" + strings.ToUpper(cond) + ")"
}

func (transformingDialect) FirstWhen(ts, cond string) string {
	return "min_by(" + ts + ", " + cond + " OR " + cond + ")"
}

// TestUnsplitAggregatesGetTheirConditionText checks that a dialect whose
// aggregates cannot be split is called with each condition's text, the
// successes' copy of the trial condition included.
func TestUnsplitAggregatesGetTheirConditionText(t *testing.T) {
	q, err := compiler.ParseQuery("e.signup.visited(homepage)")
	if err != nil {
		t.Fatal(err)
	}
	// Render twice, as a reused renderer must not keep the first
	// spelling for another dialect of the same name.
	for _, d := range []Dialect{duckDB{}, transformingDialect{}} {
		st, err := Compile(q, d, compiler.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := d.(transformingDialect); !ok {
			continue
		}
		want := `-- e.signup.visited(homepage)
SELECT
  COUNT_IF(FIRST_SIGNUP_ATTEMPT IS NOT NULL AND AT_HOMEPAGE = 1) AS "trials",
  COUNT_IF(FIRST_SIGNUP_ATTEMPT IS NOT NULL AND AT_HOMEPAGE = 1 AND LAST_SIGNUP_SUCCESS >= FIRST_SIGNUP_ATTEMPT) AS "successes"
FROM (
  SELECT
    min_by("created_at", "event_type" = 'signup_attempt' OR "event_type" = 'signup_attempt') AS first_signup_attempt,
    max(CASE WHEN "node_slug" = 'homepage' THEN 1 ELSE 0 END) AS at_homepage,
    max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND (CASE WHEN "event_type" IN ('signup_attempt', 'signup_success') THEN true ELSE "node_slug" = 'homepage' END)
  GROUP BY "user_id", "session_id"
) AS units`
		if diff := cmp.Diff(want, st.SQL); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	}
}

// condFirstDialect spells CodeAtFirst with its condition before its code,
// each as it is: split, the two are written in the other order.
type condFirstDialect struct{ duckDB }

func (condFirstDialect) CodeAtFirst(code, ts, cond string, bits int) string {
	return "first_code(" + cond + "; " + ts + "; " + code + "; " + strconv.Itoa(bits) + ")"
}

// transformingCodeDialect holds CodeAtFirst's condition twice and its
// code changed: it cannot be split.
type transformingCodeDialect struct{ duckDB }

func (transformingCodeDialect) CodeAtFirst(code, ts, cond string, bits int) string {
	return "first_code(" + strings.ToLower(code) + ", " + ts + ", " + cond + " OR " + cond + ")"
}

// TestRankAtFirstWritesTheDialectsCodeAtFirst checks that an anchor value
// read as a rank is written as the dialect's CodeAtFirst spells it over
// the rank and the anchor's condition, split or not.
func TestRankAtFirstWritesTheDialectsCodeAtFirst(t *testing.T) {
	q, err := compiler.ParseQuery("e.signup.context(channel='google')")
	if err != nil {
		t.Fatal(err)
	}
	rank := `CASE WHEN "channel" = 'google' THEN 1 WHEN "channel" IS NULL THEN 3 WHEN "channel" < 'google' THEN 0 ELSE 2 END`
	cond := `"event_type" = 'signup_attempt'`
	cases := []struct {
		d interface {
			Dialect
			FirstCode
		}
		split, codeFirst bool
	}{
		{duckDB{}, true, true},
		{condFirstDialect{}, true, false},
		{transformingCodeDialect{}, false, false},
		{duckDB{}, true, true},
	}
	for _, c := range cases {
		d := c.d
		s := (&renderer{d: d}).codeSpelling(d, `"created_at"`, 2)
		if s.verbatim != c.split || (s.verbatim && s.codeFirst != c.codeFirst) {
			t.Errorf("%T: split %v with the code first %v, want %v and %v", d, s.verbatim, s.codeFirst, c.split, c.codeFirst)
		}
		st, err := Compile(q, d, compiler.Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := "    NULLIF(" + d.CodeAtFirst(rank, `"created_at"`, cond, 2) + ", 3) AS entry_channel\n"
		if !strings.Contains(st.SQL, want) {
			t.Errorf("%T: want the line\n%s\nin\n%s", d, want, st.SQL)
		}
	}
}
