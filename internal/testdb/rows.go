package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/shopspring/decimal"
)

// Rows runs query on db and returns every row, each value normalised so
// that results compare equal across engines:
//
//   - NULL (including a nil pointer) is nil;
//   - text of any kind (string, []byte, ClickHouse *string) is string;
//   - every integer type (ClickHouse's UInt64 and friends, DuckDB's HUGEINT)
//     is int64, and so is a boolean (1 or 0), since MySQL and ClickHouse
//     return comparisons as integers;
//   - float32 and float64 are float64;
//   - DECIMAL/NUMERIC (PostgreSQL and MySQL return SUM of integers this
//     way) is int64 when its scale is 0 and float64 otherwise, so SUM
//     compares as int64 and AVG as float64 on every engine;
//   - dates and timestamps are time.Time in UTC; a DATE column is midnight
//     UTC of its calendar day, whatever location the driver used;
//   - a slice (ClickHouse Array, DuckDB LIST) is []any of normalised values.
//
// Anything else is returned as the driver gave it. Errors fail the test.
func Rows(t testing.TB, db *sql.DB, query string, args ...any) [][]any {
	t.Helper()
	out, err := rowsErr(db, query, args...)
	if err != nil {
		t.Fatalf("testdb: Rows: %v\nquery: %s", err, query)
	}
	return out
}

func rowsErr(db *sql.DB, query string, args ...any) ([][]any, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	out := [][]any{}
	for rows.Next() {
		vals := make([]any, len(types))
		ptrs := make([]any, len(types))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			n, err := Normalize(v, types[i].DatabaseTypeName())
			if err != nil {
				return nil, fmt.Errorf("row %d, column %s: %w", len(out)+1, types[i].Name(), err)
			}
			vals[i] = n
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}

// Normalize converts one scanned value as Rows does. dbType is the
// column's database type name (sql.ColumnType.DatabaseTypeName), used to
// recognise DATE and DECIMAL columns; it may be empty.
func Normalize(v any, dbType string) (any, error) {
	base := strings.ToUpper(baseType(dbType))
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		if isDecimalType(base) {
			return parseDecimal(x)
		}
		return x, nil
	case []byte:
		if isDecimalType(base) {
			return parseDecimal(string(x))
		}
		return string(x), nil
	case bool:
		if x {
			return int64(1), nil
		}
		return int64(0), nil
	case int64:
		return x, nil
	case int:
		return int64(x), nil
	case int8:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case uint:
		return uintToInt(uint64(x))
	case uint8:
		return int64(x), nil
	case uint16:
		return int64(x), nil
	case uint32:
		return int64(x), nil
	case uint64:
		return uintToInt(x)
	case float32:
		return float64(x), nil
	case float64:
		return x, nil
	case *big.Int:
		if x == nil {
			return nil, nil
		}
		if !x.IsInt64() {
			return nil, fmt.Errorf("integer %s does not fit in int64", x)
		}
		return x.Int64(), nil
	case big.Int:
		return Normalize(&x, dbType)
	case duckdb.Decimal:
		return decimalValue(x.Value, int(x.Scale))
	case decimal.Decimal:
		if x.Exponent() >= 0 {
			if !x.BigInt().IsInt64() {
				return nil, fmt.Errorf("decimal %s does not fit in int64", x)
			}
			return x.IntPart(), nil
		}
		f, _ := x.Float64()
		return f, nil
	case time.Time:
		if isDateType(base) {
			y, m, d := x.Date()
			return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
		}
		return x.UTC(), nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			return nil, nil
		}
		return Normalize(rv.Elem().Interface(), dbType)
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return nil, nil
		}
		elem := arrayElemType(dbType)
		out := make([]any, rv.Len())
		for i := range out {
			n, err := Normalize(rv.Index(i).Interface(), elem)
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	case reflect.String: // named string types, e.g. enums
		return rv.String(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return uintToInt(rv.Uint())
	case reflect.Float32, reflect.Float64:
		return rv.Float(), nil
	case reflect.Bool:
		return Normalize(rv.Bool(), dbType)
	}
	return v, nil
}

func uintToInt(u uint64) (any, error) {
	if u > math.MaxInt64 {
		return nil, fmt.Errorf("unsigned integer %d does not fit in int64", u)
	}
	return int64(u), nil
}

// baseType strips ClickHouse's Nullable(...) and LowCardinality(...)
// wrappers.
func baseType(t string) string {
	for {
		s := strings.TrimSpace(t)
		switch {
		case strings.HasPrefix(s, "Nullable(") && strings.HasSuffix(s, ")"):
			t = s[len("Nullable(") : len(s)-1]
		case strings.HasPrefix(s, "LowCardinality(") && strings.HasSuffix(s, ")"):
			t = s[len("LowCardinality(") : len(s)-1]
		default:
			return s
		}
	}
}

// arrayElemType returns T for ClickHouse Array(T) and DuckDB T[], or "".
func arrayElemType(t string) string {
	s := baseType(t)
	if strings.HasPrefix(s, "Array(") && strings.HasSuffix(s, ")") {
		return s[len("Array(") : len(s)-1]
	}
	if strings.HasSuffix(s, "[]") {
		return strings.TrimSuffix(s, "[]")
	}
	return ""
}

func isDecimalType(upper string) bool {
	return strings.HasPrefix(upper, "DECIMAL") || strings.HasPrefix(upper, "NUMERIC")
}

// isDateType reports a calendar-date column: DATE (PostgreSQL, MySQL,
// DuckDB) or ClickHouse Date/Date32, not DATETIME or TIMESTAMP.
func isDateType(upper string) bool {
	return upper == "DATE" || upper == "DATE32"
}

// parseDecimal parses a decimal's text: no fractional digits gives int64,
// any (even ".00") gives float64.
func parseDecimal(s string) (any, error) {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, ".eE") {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("decimal %q does not fit in int64: %w", s, err)
		}
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, fmt.Errorf("decimal %q: %w", s, err)
	}
	return f, nil
}

func decimalValue(unscaled *big.Int, scale int) (any, error) {
	if unscaled == nil {
		return nil, nil
	}
	if scale == 0 {
		if !unscaled.IsInt64() {
			return nil, fmt.Errorf("decimal %s does not fit in int64", unscaled)
		}
		return unscaled.Int64(), nil
	}
	r := new(big.Rat).SetFrac(unscaled, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil))
	f, _ := r.Float64()
	return f, nil
}
