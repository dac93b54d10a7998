package dialects

import (
	"fmt"
	"strings"
	"time"

	"github.com/paramsql/paramsql/compiler"
)

// snowflake is Snowflake: COUNT_IF, DATEADD, backslash escapes in strings,
// and a week start that is a session setting, so weeks are computed from
// the ISO day of the week instead of DATE_TRUNC('week').
type snowflake struct{ ansi }

func init() { register(snowflake{}) }

func (snowflake) Name() string { return "snowflake" }

func (snowflake) QuoteString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", "''").Replace(s) + "'"
}

func (snowflake) TimestampLiteral(t time.Time) string {
	return "TO_TIMESTAMP_NTZ('" + t.UTC().Format("2006-01-02 15:04:05.999999") + "')"
}

func (snowflake) CountIf(cond string) string { return "COUNT_IF(" + cond + ")" }

func (snowflake) AddSeconds(ts string, seconds int64) string {
	return fmt.Sprintf("DATEADD(second, %d, %s)", seconds, ts)
}

func (snowflake) TruncDate(p compiler.Period, ts string) (string, error) {
	switch p {
	case compiler.PeriodDay:
		return "CAST(" + ts + " AS DATE)", nil
	case compiler.PeriodWeek:
		return fmt.Sprintf("DATEADD(day, 1 - DAYOFWEEKISO(%s), CAST(%s AS DATE))", ts, ts), nil
	case compiler.PeriodMonth:
		return fmt.Sprintf("CAST(DATE_TRUNC('month', %s) AS DATE)", ts), nil
	}
	return "", fmt.Errorf("unknown period %q", p)
}

func (snowflake) BitAnd(a, b string) string { return "BITAND(" + a + ", " + b + ")" }
