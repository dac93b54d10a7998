package dialects

import (
	"fmt"
	"strings"
	"time"

	"github.com/paramsql/paramsql/compiler"
)

// bigQuery is Google BigQuery's GoogleSQL: backquoted names, backslash
// escapes in strings, named @parameters and TIMESTAMP_* functions.
type bigQuery struct{ ansi }

func init() { register(bigQuery{}) }

func (bigQuery) Name() string { return "bigquery" }

func (bigQuery) QuoteIdent(name string) string {
	return "`" + strings.NewReplacer(`\`, `\\`, "`", "\\`").Replace(name) + "`"
}

// QuoteString escapes with backslashes; a quoted literal may not hold a raw
// newline in GoogleSQL, so control characters are escaped too.
func (bigQuery) QuoteString(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\'':
			b.WriteString(`\'`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

func (bigQuery) Placeholder(name string, _ int) string { return "@" + name }
func (bigQuery) PlaceholderStyle() PlaceholderStyle    { return Named }

func (bigQuery) TimestampLiteral(t time.Time) string {
	return "TIMESTAMP '" + t.UTC().Format("2006-01-02 15:04:05.999999") + "+00'"
}

func (bigQuery) CountIf(cond string) string { return "COUNTIF(" + cond + ")" }

func (bigQuery) AddSeconds(ts string, seconds int64) string {
	return fmt.Sprintf("TIMESTAMP_ADD(%s, INTERVAL %d SECOND)", ts, seconds)
}

// TruncDate uses ISOWEEK: BigQuery's plain WEEK starts on Sunday.
func (bigQuery) TruncDate(p compiler.Period, ts string) (string, error) {
	switch p {
	case compiler.PeriodDay:
		return "DATE(" + ts + ")", nil
	case compiler.PeriodWeek:
		return "DATE_TRUNC(DATE(" + ts + "), ISOWEEK)", nil
	case compiler.PeriodMonth:
		return "DATE_TRUNC(DATE(" + ts + "), MONTH)", nil
	}
	return "", fmt.Errorf("unknown period %q", p)
}

// GroupsByAlias: GROUP BY `period`, the form every GoogleSQL analyzer
// accepts (see GroupByAlias).
func (bigQuery) GroupsByAlias() bool { return true }

func (bigQuery) SumIf(value, cond string) string {
	return "COALESCE(SUM(IF(" + cond + ", " + value + ", 0)), 0)"
}

func (bigQuery) NullOf(t SQLType) string {
	if t == TypeDate {
		return "CAST(NULL AS DATE)"
	}
	return "CAST(NULL AS STRING)"
}
