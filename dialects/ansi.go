package dialects

import (
	"fmt"
	"strings"
	"time"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/snapcache"
)

// ansi is the standard SQL spelling that every dialect starts from.
type ansi struct{}

func (ansi) QuoteIdent(name string) string {
	return ansiIdents.Get(name, quoteANSIIdent)
}

// ansiIdents and ansiStrings cache the ANSI quoting, which several
// dialects share.
var ansiIdents, ansiStrings snapcache.Cache[string, string]

func quoteANSIIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// QuoteString doubles quotes only: right for engines where a backslash is
// an ordinary character in a string literal.
func (ansi) QuoteString(s string) string {
	return ansiStrings.Get(s, quoteANSIString)
}

func quoteANSIString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func (ansi) Placeholder(string, int) string     { return "?" }
func (ansi) PlaceholderStyle() PlaceholderStyle { return Positional }

func (ansi) TimestampLiteral(t time.Time) string {
	return "TIMESTAMP '" + t.UTC().Format("2006-01-02 15:04:05.999999") + "'"
}

// CountIf uses COUNT over a CASE, which every engine accepts and which is 0,
// not NULL, over no rows.
func (ansi) CountIf(cond string) string {
	return "count(CASE WHEN " + cond + " THEN 1 END)"
}

func (ansi) FirstWhen(ts, cond string) string {
	return "min(CASE WHEN " + cond + " THEN " + ts + " END)"
}

func (ansi) LastWhen(ts, cond string) string {
	return "max(CASE WHEN " + cond + " THEN " + ts + " END)"
}

func (ansi) AnyWhen(cond string) string {
	return "max(CASE WHEN " + cond + " THEN 1 ELSE 0 END)"
}

func (ansi) AddSeconds(ts string, seconds int64) string {
	return fmt.Sprintf("%s + INTERVAL '%d' SECOND", ts, seconds)
}

func (ansi) TruncDate(p compiler.Period, ts string) (string, error) {
	switch p {
	case compiler.PeriodDay, compiler.PeriodWeek, compiler.PeriodMonth:
		return fmt.Sprintf("CAST(date_trunc('%s', %s) AS DATE)", p, ts), nil
	}
	return "", fmt.Errorf("unknown period %q", p)
}

func (ansi) FirstOver(ts, cond string, partition []string) string {
	return "min(CASE WHEN " + cond + " THEN " + ts + " END) OVER (PARTITION BY " + strings.Join(partition, ", ") + ")"
}

// SumIf casts: PostgreSQL widens sum(bigint) to numeric and DuckDB to
// hugeint, and the counts must come back as plain integers.
func (ansi) SumIf(value, cond string) string {
	return "CAST(COALESCE(sum(CASE WHEN " + cond + " THEN " + value + " ELSE 0 END), 0) AS BIGINT)"
}

func (ansi) NullOf(t SQLType) string {
	if t == TypeDate {
		return "CAST(NULL AS DATE)"
	}
	return "CAST(NULL AS VARCHAR)"
}

func (ansi) BitAnd(a, b string) string { return "(" + a + " & " + b + ")" }
