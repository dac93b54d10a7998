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

// QuoteIdent writes a plain name unquoted, so that Snowflake folds it to
// upper case as it did when the table was created the usual way, without
// quotes: `events` and `EVENTS` both find EVENTS, where "events" would
// look for a lower-case name that does not exist. A name is quoted, as
// written, only when it must be: mixed case (given on purpose), any
// character other than ASCII letters, digits and underscores, a leading
// digit, or a reserved word. Result columns therefore come back in upper
// case (TRIALS, SUCCESSES), as Snowflake reports unquoted names.
func (snowflake) QuoteIdent(name string) string {
	if snowflakePlain(name) {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// snowflakePlain: an unquoted identifier that names the same object as
// the name as written, once folded to upper case. A $ is allowed in
// unquoted names but left quoted, so that no name resembles a $$ string.
func snowflakePlain(name string) bool {
	if name == "" || snowflakeReserved[strings.ToUpper(name)] {
		return false
	}
	lower, upper := false, false
	for i, r := range name {
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r == '_':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return !(lower && upper)
}

// snowflakeReserved are the words Snowflake's documentation lists as
// reserved or limited ("Reserved & limited keywords"), plus ASC and DESC,
// which it names as reserved too; an identifier spelled like one of them
// is quoted.
var snowflakeReserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`ACCOUNT ALL ALTER AND ANY AS ASC BETWEEN BY CASE CAST CHECK
		COLUMN CONNECT CONNECTION CONSTRAINT CREATE CROSS CURRENT CURRENT_DATE
		CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER DATABASE DELETE DESC DISTINCT
		DROP ELSE EXISTS FALSE FOLLOWING FOR FROM FULL GRANT GROUP GSCLUSTER
		HAVING ILIKE IN INCREMENT INNER INSERT INTERSECT INTO IS ISSUE JOIN
		LATERAL LEFT LIKE LOCALTIME LOCALTIMESTAMP MINUS NATURAL NOT NULL OF ON
		OR ORDER ORGANIZATION QUALIFY REGEXP REVOKE RIGHT RLIKE ROW ROWS SAMPLE
		SCHEMA SELECT SET SOME START TABLE TABLESAMPLE THEN TO TRIGGER TRUE
		TRY_CAST UNION UNIQUE UPDATE USING VALUES VIEW WHEN WHENEVER WHERE WITH`) {
		snowflakeReserved[w] = true
	}
}

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
