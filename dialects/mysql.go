package dialects

import (
	"fmt"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// mySQL is MySQL 8 and MariaDB 10.2 or later: backquoted names, a backslash
// that escapes in strings (the default sql_mode; NO_BACKSLASH_ESCAPES is not
// supported), and no date_trunc.
type mySQL struct{ ansi }

func init() { register(mySQL{}) }

func (mySQL) Name() string { return "mysql" }

func (mySQL) QuoteIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

func (mySQL) QuoteString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", "''").Replace(s) + "'"
}

func (mySQL) AddSeconds(ts string, seconds int64) string {
	return fmt.Sprintf("%s + INTERVAL %d SECOND", ts, seconds)
}

func (mySQL) TruncDate(p compiler.Period, ts string) (string, error) {
	switch p {
	case compiler.PeriodDay:
		return "DATE(" + ts + ")", nil
	case compiler.PeriodWeek:
		return fmt.Sprintf("DATE_SUB(DATE(%s), INTERVAL WEEKDAY(%s) DAY)", ts, ts), nil
	case compiler.PeriodMonth:
		return fmt.Sprintf("DATE_SUB(DATE(%s), INTERVAL DAYOFMONTH(%s) - 1 DAY)", ts, ts), nil
	}
	return "", fmt.Errorf("unknown period %q", p)
}

// SumIf casts to SIGNED: MySQL sums integers as DECIMAL.
func (mySQL) SumIf(value, cond string) string {
	return "CAST(COALESCE(SUM(CASE WHEN " + cond + " THEN " + value + " ELSE 0 END), 0) AS SIGNED)"
}

func (mySQL) NullOf(t SQLType) string {
	if t == TypeDate {
		return "CAST(NULL AS DATE)"
	}
	return "CAST(NULL AS CHAR)"
}
