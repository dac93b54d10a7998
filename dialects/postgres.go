package dialects

import (
	"fmt"
	"strconv"
)

// postgres is PostgreSQL: numbered placeholders, FILTER, and strings in
// which a backslash is an ordinary character (standard_conforming_strings).
type postgres struct{ ansi }

func init() { register(postgres{}) }

func (postgres) Name() string { return "postgres" }

func (postgres) Placeholder(_ string, n int) string { return "$" + strconv.Itoa(n) }
func (postgres) PlaceholderStyle() PlaceholderStyle { return Numbered }

func (postgres) CountIf(cond string) string { return "count(*) FILTER (WHERE " + cond + ")" }

func (postgres) AddSeconds(ts string, seconds int64) string {
	return fmt.Sprintf("%s + INTERVAL '%d seconds'", ts, seconds)
}

func (postgres) MaterializesCTE() bool { return true }
