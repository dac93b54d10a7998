package connect

import (
	"database/sql"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/shopspring/decimal"
)

// Result is a fully read query result. Its values are normalised so that
// the same query gives equal values on every engine:
//
//   - NULL (a nil pointer too, as ClickHouse Nullable columns give) is nil;
//   - every integer type is int64: ClickHouse UInt64 and DuckDB HUGEINT
//     too, as long as the value fits, else reading fails;
//   - a boolean is int64 1 or 0, since MySQL and ClickHouse (18.16) can
//     only return them so;
//   - float32, float64 and every DECIMAL/NUMERIC are float64; a float32
//     becomes the float64 of its shortest decimal form (0.1, not
//     0.10000000149);
//   - text of any kind is string, and so are bytes (a UUID is its usual
//     hyphenated text);
//   - dates and timestamps are time.Time in UTC, a DATE being midnight UTC
//     of its calendar day whatever location the driver used;
//   - an array or list is []any of normalised values, except that pgx
//     returns PostgreSQL arrays as their text ({1,2}).
//
// Anything else (a DuckDB INTERVAL or MAP, say) is kept as the driver gave
// it, or as its String() if it has one.
type Result struct {
	// Columns are the result's column names, in order.
	Columns []string
	// Rows holds one []any per row, one value per column.
	Rows [][]any
}

// ReadRows reads and normalises every row of rows, and closes them. Tests
// that run SQL through database/sql directly use it to see values exactly
// as the runtime does.
func ReadRows(rows *sql.Rows) (*Result, error) {
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	res := &Result{Columns: make([]string, len(types)), Rows: [][]any{}}
	dbTypes := make([]string, len(types))
	for i, t := range types {
		res.Columns[i] = t.Name()
		dbTypes[i] = strings.ToUpper(t.DatabaseTypeName())
	}
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
			n, err := normalize(v, dbTypes[i])
			if err != nil {
				return nil, fmt.Errorf("row %d, column %s: %w", len(res.Rows)+1, res.Columns[i], err)
			}
			vals[i] = n
		}
		res.Rows = append(res.Rows, vals)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return res, nil
}

// baseType strips parameters and wrappers from a database type name:
// "Nullable(Decimal(10, 2))" and "DECIMAL(10,2)" are both DECIMAL.
func baseType(t string) string {
	for {
		i := strings.IndexByte(t, '(')
		if i < 0 {
			return strings.TrimSpace(t)
		}
		head := strings.TrimSpace(t[:i])
		switch head {
		case "NULLABLE", "LOWCARDINALITY":
			t = strings.TrimSuffix(t[i+1:], ")")
		default:
			return head
		}
	}
}

func isDecimalType(base string) bool {
	switch base {
	case "DECIMAL", "NUMERIC", "NEWDECIMAL", "DECIMAL32", "DECIMAL64", "DECIMAL128", "DECIMAL256":
		return true
	}
	return false
}

func isIntType(base string) bool {
	switch base {
	case "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "INTEGER", "BIGINT", "INT2", "INT4", "INT8",
		"UNSIGNED TINYINT", "UNSIGNED SMALLINT", "UNSIGNED MEDIUMINT", "UNSIGNED INT", "UNSIGNED BIGINT", "YEAR":
		return true
	}
	return false
}

func isFloatType(base string) bool {
	switch base {
	case "FLOAT", "DOUBLE", "REAL", "FLOAT4", "FLOAT8", "DOUBLE PRECISION":
		return true
	}
	return false
}

// normalize converts one scanned value; dbType is the column's upper-case
// database type name, which tells a DECIMAL sent as text from a string and
// a DATE from a timestamp.
func normalize(v any, dbType string) (any, error) {
	base := baseType(dbType)
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		return textValue(x, base)
	case []byte:
		return bytesValue(x, base)
	case bool:
		if x {
			return int64(1), nil
		}
		return int64(0), nil
	case int64:
		return x, nil
	case float64:
		if isFloat32Type(base) && float64(float32(x)) == x {
			return shortFloat32(float32(x))
		}
		return x, nil
	case float32:
		return shortFloat32(x)
	case time.Time:
		if base == "DATE" || base == "DATE32" {
			y, m, d := x.Date()
			return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
		}
		return x.UTC(), nil
	case *big.Int:
		if x == nil {
			return nil, nil
		}
		if !x.IsInt64() {
			return nil, fmt.Errorf("integer %s does not fit in int64", x)
		}
		return x.Int64(), nil
	case duckdb.Decimal:
		// Through the decimal text, which ParseFloat rounds correctly.
		if f, err := strconv.ParseFloat(x.String(), 64); err == nil {
			return f, nil
		}
		return x.Float64(), nil
	case decimal.Decimal:
		return strconv.ParseFloat(x.String(), 64)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return nil, nil
		}
		return normalize(rv.Elem().Interface(), dbType)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		if u > math.MaxInt64 {
			return nil, fmt.Errorf("integer %d does not fit in int64", u)
		}
		return int64(u), nil
	case reflect.Float32, reflect.Float64:
		return normalize(rv.Float(), dbType)
	case reflect.String:
		return textValue(rv.String(), base)
	case reflect.Bool:
		return normalize(rv.Bool(), dbType)
	case reflect.Slice:
		if rv.Type().Elem().Kind() == reflect.Uint8 && base != "ARRAY" {
			return bytesValue(rv.Bytes(), base)
		}
		out := make([]any, rv.Len())
		for i := range out {
			e, err := normalize(rv.Index(i).Interface(), "")
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
		return out, nil
	}
	if s, ok := v.(fmt.Stringer); ok {
		return s.String(), nil
	}
	return v, nil
}

// shortFloat32 widens a float32 to the float64 of its shortest decimal
// form, the number a person wrote.
func shortFloat32(f float32) (any, error) {
	return strconv.ParseFloat(strconv.FormatFloat(float64(f), 'g', -1, 32), 64)
}

// isFloat32Type tells single-precision columns, which pgx returns as a
// float64 of the float32 value.
func isFloat32Type(base string) bool {
	return base == "FLOAT4" || base == "REAL" || base == "FLOAT" || base == "FLOAT32"
}

// bytesValue reads a []byte: text for most types, but a ClickHouse
// Array(UInt8) arrives as []uint8 and a DuckDB UUID as its 16 bytes.
func bytesValue(b []byte, base string) (any, error) {
	switch {
	case base == "ARRAY":
		out := make([]any, len(b))
		for i, c := range b {
			out[i] = int64(c)
		}
		return out, nil
	case base == "UUID" && len(b) == 16:
		return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
	}
	return textValue(string(b), base)
}

// textValue reads a value that came as text: drivers send DECIMAL as text
// (pgx, go-sql-driver/mysql), and MySQL's text protocol may send numbers
// as text too.
func textValue(s, base string) (any, error) {
	switch {
	case isDecimalType(base), isFloatType(base):
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("%s value %q: %w", base, s, err)
		}
		return f, nil
	case isIntType(base):
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s value %q: %w", base, s, err)
		}
		return n, nil
	}
	return s, nil
}
