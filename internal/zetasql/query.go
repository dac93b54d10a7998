package zetasql

import (
	"fmt"
	"sort"
	"strings"
)

// Table is a table of the catalog a statement is analyzed or run
// against. Analyze reads only its name and columns; Evaluate sends its
// rows too, values in column order as encode takes them.
type Table struct {
	Name    string
	Columns []Column
	Rows    [][]any
}

// Result is what a query returned: its columns, and its rows decoded as
// decode does.
type Result struct {
	Columns []Column
	Rows    [][]any
}

// languageFeatures are the GoogleSQL features enabled beyond the core
// language: those BigQuery has and the compiled statements use. Keeping
// the list short makes the analyzer refuse what BigQuery may not accept.
var languageFeatures = []string{
	"FEATURE_ANALYTIC_FUNCTIONS", // window functions, for within()
}

// languageOptions is BigQuery's setting: the external product mode
// (no INT32, no PROTO types) and the features above.
func languageOptions() map[string]any {
	return map[string]any{
		"product_mode":              "PRODUCT_EXTERNAL",
		"enabled_language_features": languageFeatures,
	}
}

// analyzerOptions declares the statement's named parameters, by kind.
func analyzerOptions(params map[string]Kind) map[string]any {
	names := make([]string, 0, len(params))
	for n := range params {
		names = append(names, n)
	}
	sort.Strings(names)
	var decl []map[string]any
	for _, n := range names {
		decl = append(decl, map[string]any{"name": n, "type": Column{Kind: params[n]}.typeProto()})
	}
	return map[string]any{
		"language_options": languageOptions(),
		"query_parameters": decl,
		"default_timezone": "UTC",
	}
}

// catalog is a SimpleCatalogProto holding tables and the builtin
// functions of the same language options.
func catalog(tables []Table) map[string]any {
	var protos []map[string]any
	for _, t := range tables {
		var cols []map[string]any
		for _, c := range t.Columns {
			cols = append(cols, map[string]any{"name": c.Name, "type": c.typeProto()})
		}
		protos = append(protos, map[string]any{"name": t.Name, "column": cols})
	}
	return map[string]any{
		"name":                     "paramsql",
		"table":                    protos,
		"builtin_function_options": map[string]any{"language_options": languageOptions()},
	}
}

// resolvedStatement is the part of an AnalyzeResponse the tests read:
// the output columns of a query statement.
type resolvedStatement struct {
	ResolvedStatement struct {
		Node  string `json:"node"`
		Query *struct {
			OutputColumnList []struct {
				Name   string `json:"name"`
				Column struct {
					Type typeKind `json:"type"`
				} `json:"column"`
			} `json:"output_column_list"`
		} `json:"resolved_query_stmt_node"`
	} `json:"resolved_statement"`
	ResumeBytePosition *int `json:"resume_byte_position"`
}

func (r resolvedStatement) columns() ([]Column, error) {
	q := r.ResolvedStatement.Query
	if q == nil {
		return nil, fmt.Errorf("statement is a %s, not a query", r.ResolvedStatement.Node)
	}
	var cols []Column
	for _, c := range q.OutputColumnList {
		cols = append(cols, Column{Name: c.Name, Kind: c.Column.Type.Kind})
	}
	return cols, nil
}

// AnalyzeAll resolves every statement of script (statements separated by
// semicolons, as `paramsql compile` prints them) against the tables,
// with the named parameters declared, and returns each query's output
// columns. Names and types are resolved, not only parsed: an unknown
// column, a wrong function signature or a type mismatch is an error.
func (c *Client) AnalyzeAll(script string, tables []Table, params map[string]Kind) ([][]Column, error) {
	var out [][]Column
	pos := 0
	for strings.TrimSpace(script[pos:]) != "" {
		req := map[string]any{
			"options":               analyzerOptions(params),
			"simple_catalog":        catalog(tables),
			"parse_resume_location": map[string]any{"input": script, "byte_position": pos},
		}
		var resp resolvedStatement
		if err := c.call("analyze", req, &resp); err != nil {
			return out, fmt.Errorf("statement %d: %w", len(out)+1, err)
		}
		cols, err := resp.columns()
		if err != nil {
			return out, fmt.Errorf("statement %d: %w", len(out)+1, err)
		}
		out = append(out, cols)
		if resp.ResumeBytePosition == nil || *resp.ResumeBytePosition <= pos {
			return out, fmt.Errorf("statement %d: the analyzer did not move past byte %d", len(out), pos)
		}
		pos = *resp.ResumeBytePosition
	}
	return out, nil
}

// Evaluate runs one query over the tables' rows, with the named
// parameters bound, on ZetaSQL's reference evaluator. The whole request
// must stay under the server's 4 MiB message limit, about 40,000 events.
func (c *Client) Evaluate(sql string, tables []Table, params map[string]any) (Result, error) {
	kinds := map[string]Kind{}
	var bound []map[string]any
	names := make([]string, 0, len(params))
	for n := range params {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		k, err := kindOf(params[n])
		if err != nil {
			return Result{}, fmt.Errorf("parameter %s: %v", n, err)
		}
		v, err := encode(Column{Name: n, Kind: k}, params[n])
		if err != nil {
			return Result{}, fmt.Errorf("parameter %s: %v", n, err)
		}
		kinds[n] = k
		bound = append(bound, map[string]any{"name": n, "value": v})
	}
	content := map[string]any{}
	for _, t := range tables {
		rows := make([]map[string]any, len(t.Rows))
		for i, r := range t.Rows {
			if len(r) != len(t.Columns) {
				return Result{}, fmt.Errorf("table %s row %d has %d values for %d columns", t.Name, i+1, len(r), len(t.Columns))
			}
			cells := make([]value, len(r))
			for j, v := range r {
				cell, err := encode(t.Columns[j], v)
				if err != nil {
					return Result{}, fmt.Errorf("table %s row %d column %s: %v", t.Name, i+1, t.Columns[j].Name, err)
				}
				cells[j] = cell
			}
			rows[i] = map[string]any{"cell": cells}
		}
		content[t.Name] = map[string]any{"table_data": map[string]any{"row": rows}}
	}
	req := map[string]any{
		"sql":            sql,
		"options":        analyzerOptions(kinds),
		"simple_catalog": catalog(tables),
		"table_content":  content,
		"params":         bound,
	}
	var resp struct {
		Content struct {
			TableData struct {
				Row []struct {
					Cell []value `json:"cell"`
				} `json:"row"`
			} `json:"table_data"`
		} `json:"content"`
		Prepared struct {
			Columns []struct {
				Name string   `json:"name"`
				Type typeKind `json:"type"`
			} `json:"columns"`
		} `json:"prepared"`
	}
	if err := c.call("evaluateQuery", req, &resp); err != nil {
		return Result{}, err
	}
	var res Result
	for _, col := range resp.Prepared.Columns {
		res.Columns = append(res.Columns, Column{Name: col.Name, Kind: col.Type.Kind})
	}
	res.Rows = [][]any{}
	for i, r := range resp.Content.TableData.Row {
		row := make([]any, len(r.Cell))
		for j, cell := range r.Cell {
			v, err := decode(cell)
			if err != nil {
				return Result{}, fmt.Errorf("result row %d column %d: %v", i+1, j+1, err)
			}
			row[j] = v
		}
		res.Rows = append(res.Rows, row)
	}
	return res, nil
}
