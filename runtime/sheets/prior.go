package sheets

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// FetchPrior reads a prior's mean and stdev from cfg.Range. The first two
// cells of the first row the API returns are the mean and the stdev, in
// that order: with the seed's "Priors!B2:C2", B2 is the mean and C2 the
// stdev; with a wider range, columns after the second are ignored. Empty
// leading rows and columns are not returned by the API, so the range
// should start at the mean cell.
//
// Cells are read unformatted, so a cell formatted as 32% yields 0.32;
// text cells are parsed too, accepting "0.32", " 0.32 " and "32%". Errors
// name the cell, e.g. "Priors!C2 (stdev)".
func FetchPrior(ctx context.Context, cfg Config) (mean, stdev float64, err error) {
	c, err := cfg.prepare(ctx, false)
	if err != nil {
		return 0, 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	vr, err := c.svc.Spreadsheets.Values.Get(c.id, c.rng).
		// Unformatted values: a number is a JSON number whatever its
		// display format (%, currency, decimals shown).
		ValueRenderOption("UNFORMATTED_VALUE").
		MajorDimension("ROWS").
		Context(ctx).Do()
	if err != nil {
		return 0, 0, c.wrap("read", err)
	}
	// The API echoes the range it read in A1 form with the sheet name,
	// which names cells better than the configured (maybe named) range.
	origin := vr.Range
	if origin == "" {
		origin = c.rng
	}
	if len(vr.Values) == 0 || len(vr.Values[0]) == 0 {
		return 0, 0, fmt.Errorf("sheets: range %s in spreadsheet %s is empty; want mean and stdev in the first two cells of its first row", c.rng, c.id)
	}
	row := vr.Values[0]
	vals := make([]float64, 2)
	for i, name := range []string{"mean", "stdev"} {
		cell := cellName(origin, i)
		if i >= len(row) {
			return 0, 0, fmt.Errorf("sheets: %s (%s) in spreadsheet %s is empty; range %s returned %d cell(s) in its first row", cell, name, c.id, c.rng, len(row))
		}
		v, err := parseNumber(row[i])
		if err != nil {
			return 0, 0, fmt.Errorf("sheets: %s (%s) in spreadsheet %s: %v", cell, name, c.id, err)
		}
		vals[i] = v
	}
	if vals[1] <= 0 {
		// A prior with no spread cannot be updated by any data.
		return 0, 0, fmt.Errorf("sheets: %s (stdev) in spreadsheet %s is %v; want a number > 0", cellName(origin, 1), c.id, vals[1])
	}
	return vals[0], vals[1], nil
}

// parseNumber reads one cell value as the API returns it: a JSON number,
// or text such as "0.32", "3.2e-1" or "32%".
func parseNumber(v any) (float64, error) {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case string:
		s := strings.TrimSpace(x)
		if s == "" {
			return 0, fmt.Errorf("cell is empty, want a number")
		}
		pct := strings.HasSuffix(s, "%")
		num := strings.TrimSpace(strings.TrimSuffix(s, "%"))
		p, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return 0, fmt.Errorf("%q is not a number (want e.g. 0.32 or 32%%)", x)
		}
		f = p
		if pct {
			f = p / 100
		}
	case bool:
		return 0, fmt.Errorf("cell is %s, want a number", strings.ToUpper(strconv.FormatBool(x)))
	case nil:
		return 0, fmt.Errorf("cell is empty, want a number")
	default:
		return 0, fmt.Errorf("cell holds %T, want a number", v)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%v is not a finite number", v)
	}
	return f, nil
}

// a1Start matches the top-left cell of an A1 reference: column letters
// and an optional row number ("B2", "A" of "A:H").
var a1Start = regexp.MustCompile(`^([A-Za-z]{1,3})(\d*)(?::|$)`)

// cellName names the cell offset columns to the right of the top-left of
// range r, e.g. cellName("Priors!B2:C2", 1) = "Priors!C2". For a range it
// cannot read (a named range), it falls back to "cell N of the first row
// of r".
func cellName(r string, offset int) string {
	sheet, ref := splitSheet(r)
	m := a1Start.FindStringSubmatch(ref)
	if m == nil {
		if ref == "" && sheet != "" { // a whole sheet starts at A1
			return sheet + "!" + colName(offset) + "1"
		}
		return fmt.Sprintf("cell %d of the first row of %s", offset+1, r)
	}
	name := colName(colIndex(m[1])+offset) + m[2]
	if sheet != "" {
		name = sheet + "!" + name
	}
	return name
}

// splitSheet splits "Sheet!A1:B2", or a quoted sheet name such as
// "'My sheet'!A1" (a quote inside it doubled), into the sheet part as
// written (quotes kept) and the cell reference. A bare sheet name such as
// "Priors" yields ("Priors", ""); a bare "B2:C2" yields ("", "B2:C2").
func splitSheet(r string) (sheet, ref string) {
	if strings.HasPrefix(r, "'") {
		// Quoted name: '' is an escaped quote; the name ends at a lone '.
		for i := 1; i < len(r); i++ {
			if r[i] != '\'' {
				continue
			}
			if i+1 < len(r) && r[i+1] == '\'' {
				i++
				continue
			}
			return r[:i+1], strings.TrimPrefix(r[i+1:], "!")
		}
		return r, ""
	}
	if i := strings.LastIndexByte(r, '!'); i >= 0 {
		return r[:i], r[i+1:]
	}
	if a1Start.MatchString(r) && strings.ContainsAny(r, "0123456789:") {
		return "", r
	}
	return r, ""
}

// colIndex turns column letters into a 0-based index: A=0, Z=25, AA=26.
func colIndex(letters string) int {
	n := 0
	for _, c := range strings.ToUpper(letters) {
		n = n*26 + int(c-'A') + 1
	}
	return n - 1
}

// colName is colIndex's inverse.
func colName(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}
