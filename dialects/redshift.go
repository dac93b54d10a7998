package dialects

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// redshift is Amazon Redshift: PostgreSQL's wire protocol and placeholders,
// but no FILTER clause, DATEADD for interval arithmetic, and a backslash
// that escapes inside string literals.
type redshift struct{ ansi }

func init() { register(redshift{}) }

func (redshift) Name() string { return "redshift" }

func (redshift) Placeholder(_ string, n int) string { return "$" + strconv.Itoa(n) }
func (redshift) PlaceholderStyle() PlaceholderStyle { return Numbered }

func (redshift) QuoteString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", "''").Replace(s) + "'"
}

func (redshift) AddSeconds(ts string, seconds int64) string {
	return fmt.Sprintf("DATEADD(second, %d, %s)", seconds, ts)
}

func (redshift) TruncDate(p compiler.Period, ts string) (string, error) {
	switch p {
	case compiler.PeriodDay, compiler.PeriodWeek, compiler.PeriodMonth:
		return fmt.Sprintf("CAST(DATE_TRUNC('%s', %s) AS DATE)", p, ts), nil
	}
	return "", fmt.Errorf("unknown period %q", p)
}
