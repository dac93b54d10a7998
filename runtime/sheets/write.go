package sheets

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	sheetsapi "google.golang.org/api/sheets/v4"
)

// WriteRow writes one row of values to cfg.Range; see WriteRows.
func WriteRow(ctx context.Context, cfg Config, mode string, values []any) error {
	return WriteRows(ctx, cfg, mode, [][]any{values})
}

// WriteRows writes rows to cfg.Range in one of the modes:
//
//   - "append" (also ""): values.append after the table found in Range,
//     inserting new rows so nothing below is overwritten;
//   - "update": values.update from the top-left of Range;
//   - "replace": values.clear on Range, then values.update. If the update
//     fails, the range stays cleared: the error says so.
//
// Values are written RAW, as given: strings stay text even if they look
// like numbers or formulas, so a parameter name starting with "=" cannot
// run as a formula. A time.Time is written as RFC 3339 text in UTC, and
// a nil value leaves its cell unchanged. NaN and infinite floats are
// refused before anything is sent, since JSON cannot carry them.
//
// Only "replace" may be given no rows, which clears the range.
func WriteRows(ctx context.Context, cfg Config, mode string, rows [][]any) error {
	switch mode = strings.ToLower(strings.TrimSpace(mode)); mode {
	case "":
		mode = ModeAppend
	case ModeAppend, ModeUpdate, ModeReplace:
	default:
		return fmt.Errorf("sheets: unknown write mode %q (want append, update or replace)", mode)
	}
	if len(rows) == 0 && mode != ModeReplace {
		return fmt.Errorf("sheets: %s: no rows to write", mode)
	}
	values, err := cellValues(rows)
	if err != nil {
		return err
	}
	c, err := cfg.prepare(ctx, true)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	vr := &sheetsapi.ValueRange{MajorDimension: "ROWS", Values: values}
	vals := c.svc.Spreadsheets.Values
	switch mode {
	case ModeAppend:
		_, err = vals.Append(c.id, c.rng, vr).
			ValueInputOption("RAW").
			InsertDataOption("INSERT_ROWS").
			Context(ctx).Do()
		if err != nil {
			return c.wrap("append to", err)
		}
	case ModeUpdate:
		if _, err := vals.Update(c.id, c.rng, vr).ValueInputOption("RAW").Context(ctx).Do(); err != nil {
			return c.wrap("update", err)
		}
	case ModeReplace:
		if _, err := vals.Clear(c.id, c.rng, &sheetsapi.ClearValuesRequest{}).Context(ctx).Do(); err != nil {
			return c.wrap("clear", err)
		}
		if len(values) == 0 {
			return nil
		}
		if _, err := vals.Update(c.id, c.rng, vr).ValueInputOption("RAW").Context(ctx).Do(); err != nil {
			return c.wrap("update (after clearing it)", err)
		}
	}
	return nil
}

// cellValues converts rows to what the API's JSON can carry, naming the
// first bad cell by row and column (1-based, relative to the range).
func cellValues(rows [][]any) ([][]any, error) {
	out := make([][]any, len(rows))
	for i, row := range rows {
		if len(row) == 0 {
			return nil, fmt.Errorf("sheets: row %d has no values", i+1)
		}
		out[i] = make([]any, len(row))
		for j, v := range row {
			switch x := v.(type) {
			case time.Time:
				v = x.UTC().Format(time.RFC3339)
			case *time.Time:
				if x != nil {
					v = x.UTC().Format(time.RFC3339)
				} else {
					v = nil
				}
			case float64:
				if math.IsNaN(x) || math.IsInf(x, 0) {
					return nil, fmt.Errorf("sheets: row %d, column %d is %v; want a finite number", i+1, j+1, x)
				}
			case float32:
				if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
					return nil, fmt.Errorf("sheets: row %d, column %d is %v; want a finite number", i+1, j+1, x)
				}
			case *float64:
				if x == nil {
					v = nil
				} else if math.IsNaN(*x) || math.IsInf(*x, 0) {
					return nil, fmt.Errorf("sheets: row %d, column %d is %v; want a finite number", i+1, j+1, *x)
				}
			}
			out[i][j] = v
		}
	}
	return out, nil
}
