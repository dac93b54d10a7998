package zetasql

import (
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"
)

// Kind is a ZetaSQL type kind, as TypeProto's type_kind spells it.
type Kind string

// The kinds the events tables and the compiled statements use, and the
// ARRAY and STRUCT of warehouse export tables such as GA4's.
const (
	String    Kind = "TYPE_STRING"
	Int64     Kind = "TYPE_INT64"
	Bool      Kind = "TYPE_BOOL"
	Double    Kind = "TYPE_DOUBLE"
	Date      Kind = "TYPE_DATE"
	Timestamp Kind = "TYPE_TIMESTAMP"
	Array     Kind = "TYPE_ARRAY"
	Struct    Kind = "TYPE_STRUCT"
)

// Column is a named, typed column of a table or of a result. A STRUCT
// lists its Fields; an ARRAY gives its element type as Elem, whose Name
// is unused. Go values for both are []any.
type Column struct {
	Name   string
	Kind   Kind
	Fields []Column
	Elem   *Column
}

// typeProto is the column's TypeProto.
func (c Column) typeProto() map[string]any {
	t := map[string]any{"type_kind": c.Kind}
	switch c.Kind {
	case Array:
		if c.Elem != nil {
			t["array_type"] = map[string]any{"element_type": c.Elem.typeProto()}
		}
	case Struct:
		fields := []map[string]any{}
		for _, f := range c.Fields {
			fields = append(fields, map[string]any{"field_name": f.Name, "field_type": f.typeProto()})
		}
		t["struct_type"] = map[string]any{"field": fields}
	}
	return t
}

// value is ValueProto in the bridge's JSON: the set oneof field names
// itself in Value; a NULL sets none.
type value struct {
	Value     string   `json:"value,omitempty"`
	String    *string  `json:"string_value,omitempty"`
	Int64     string   `json:"int64_value,omitempty"`
	Bool      *bool    `json:"bool_value,omitempty"`
	Double    *float64 `json:"double_value,omitempty"`
	Date      *int32   `json:"date_value,omitempty"`
	Timestamp *struct {
		Seconds string `json:"seconds"`
		Nanos   int32  `json:"nanos,omitempty"`
	} `json:"timestamp_value,omitempty"`
	Array *struct {
		Element []value `json:"element,omitempty"`
	} `json:"array_value,omitempty"`
	Struct *struct {
		Field []value `json:"field,omitempty"`
	} `json:"struct_value,omitempty"`
}

// typeKind is the part of a TypeProto that results are read by.
type typeKind struct {
	Kind Kind `json:"type_kind"`
}

// encode turns a Go value into a ValueProto of c's type: nil is NULL,
// strings must be valid UTF-8 (a STRING is, and JSON would silently
// replace the bad bytes), and times are UTC instants or, for a DATE,
// the calendar day of their UTC date.
func encode(c Column, v any) (value, error) {
	if v == nil {
		return value{}, nil
	}
	k := c.Kind
	switch k {
	case Array, Struct:
		items, ok := v.([]any)
		if !ok {
			break
		}
		out := make([]value, len(items))
		for i, item := range items {
			t := Column{}
			switch {
			case k == Array && c.Elem != nil:
				t = *c.Elem
			case k == Struct && i < len(c.Fields):
				t = c.Fields[i]
			default:
				return value{}, fmt.Errorf("%s %s has no type for item %d", k, c.Name, i+1)
			}
			e, err := encode(t, item)
			if err != nil {
				return value{}, fmt.Errorf("%s item %d: %v", k, i+1, err)
			}
			out[i] = e
		}
		if k == Array {
			return value{Array: &struct {
				Element []value `json:"element,omitempty"`
			}{out}}, nil
		}
		if len(items) != len(c.Fields) {
			return value{}, fmt.Errorf("STRUCT %s has %d fields, got %d values", c.Name, len(c.Fields), len(items))
		}
		return value{Struct: &struct {
			Field []value `json:"field,omitempty"`
		}{out}}, nil
	case String:
		s, ok := v.(string)
		if !ok {
			break
		}
		if !utf8.ValidString(s) {
			return value{}, fmt.Errorf("string %q is not valid UTF-8", s)
		}
		return value{String: &s}, nil
	case Int64:
		n, ok := v.(int64)
		if !ok {
			break
		}
		return value{Int64: strconv.FormatInt(n, 10)}, nil
	case Bool:
		b, ok := v.(bool)
		if !ok {
			break
		}
		return value{Bool: &b}, nil
	case Timestamp:
		t, ok := v.(time.Time)
		if !ok {
			break
		}
		out := value{}
		out.Timestamp = &struct {
			Seconds string `json:"seconds"`
			Nanos   int32  `json:"nanos,omitempty"`
		}{strconv.FormatInt(t.Unix(), 10), int32(t.Nanosecond())}
		return out, nil
	case Date:
		t, ok := v.(time.Time)
		if !ok {
			break
		}
		y, m, d := t.UTC().Date()
		days := int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
		return value{Date: &days}, nil
	}
	return value{}, fmt.Errorf("cannot encode %T as %s", v, k)
}

// decode turns a result cell into the values the conformance tests
// compare (see testdb.Normalize): nil, string, int64, float64, or a UTC
// time.Time (midnight for a DATE).
func decode(v value) (any, error) {
	switch v.Value {
	case "":
		return nil, nil
	case "string_value":
		if v.String == nil {
			return "", nil
		}
		return *v.String, nil
	case "int64_value":
		if v.Int64 == "" {
			return int64(0), nil
		}
		return strconv.ParseInt(v.Int64, 10, 64)
	case "bool_value":
		if v.Bool != nil && *v.Bool {
			return int64(1), nil
		}
		return int64(0), nil
	case "double_value":
		if v.Double == nil {
			return float64(0), nil
		}
		return *v.Double, nil
	case "date_value":
		var days int64
		if v.Date != nil {
			days = int64(*v.Date)
		}
		return time.Unix(days*86400, 0).UTC(), nil
	case "timestamp_value":
		if v.Timestamp == nil {
			return time.Unix(0, 0).UTC(), nil
		}
		s, err := strconv.ParseInt(v.Timestamp.Seconds, 10, 64)
		if err != nil {
			return nil, err
		}
		return time.Unix(s, int64(v.Timestamp.Nanos)).UTC(), nil
	}
	return nil, fmt.Errorf("cannot decode a %s", v.Value)
}

// kindOf is the kind a bound parameter value takes.
func kindOf(v any) (Kind, error) {
	switch v.(type) {
	case string:
		return String, nil
	case int64:
		return Int64, nil
	case bool:
		return Bool, nil
	case time.Time:
		return Timestamp, nil
	}
	return "", fmt.Errorf("no ZetaSQL type for a parameter of Go type %T", v)
}
