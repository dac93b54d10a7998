package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/connect"
)

type compileFlags struct {
	dialect    string
	unit       string
	start, end string
	until      string // --observe-until, the cut-off of within() references
	project    string
	format     string
	batch      bool
	lag        bool // the lag-histogram statement instead of the counts
	siblings   bool // the sibling split of the references instead of the counts
	explain    bool
	param      string
	dryRun     bool
}

func newCompileCmd() *cobra.Command {
	var f compileFlags
	cmd := &cobra.Command{
		Use:   "compile [flags] REF...",
		Short: "Print the SQL that edge references compile to",
		Long: `Compile edge references into SQL for a warehouse dialect, as dbt compile does.

Without --start/--end the window is bound through the dialect's placeholders
(see --format json for the parameter names). With both, the window is written
as UTC literals and the SQL runs as is in the engine's console.

A reference with within() bounds only its entry by the window: its to-events
may lie after --end, up to the observation cut-off --observe-until (default
--end), and units whose conversion window reaches the cut-off are counted in
the column immature instead of trials.`,
		Example: `  paramsql compile "e.signup.visited(homepage,pricing).context(channel='google')"
  paramsql compile --dialect clickhouse --start 2025-01-01 --end 2025-02-01 "e.signup.by(week)"
  paramsql compile --format json --dialect postgres "e.checkout.within(7d)"
  paramsql compile --start 2025-01-01 --end 2025-02-01 --observe-until 2025-02-08 "e.checkout.within(7d)"`,
		Args: func(cmd *cobra.Command, args []string) error {
			if f.param != "" {
				return cobra.NoArgs(cmd, args)
			}
			return atLeastOneArg("an edge reference", `paramsql compile "e.signup.visited(homepage)"`)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.param != "" {
				return renderParam(cmd, orDot(f.project), "", f.param)
			}
			return runCompile(cmd, f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.dialect, "dialect", dialects.Default, "SQL dialect: "+strings.Join(dialects.Names(), ", "))
	fl.StringVar(&f.unit, "unit", "", "unit of counting: session or user (default: the project's, else session)")
	fl.StringVar(&f.start, "start", "", "window start, RFC 3339 or YYYY-MM-DD, UTC (inclusive)")
	fl.StringVar(&f.end, "end", "", "window end, RFC 3339 or YYYY-MM-DD, UTC (exclusive)")
	fl.StringVar(&f.until, "observe-until", "", "with --start/--end: the observation cut-off of within() references, RFC 3339 or YYYY-MM-DD, UTC (exclusive; default --end)")
	fl.StringVar(&f.project, "project", "", "project directory: its schema (table, columns, contexts, unit) and graph file apply")
	fl.StringVar(&f.format, "format", "sql", "output format: sql, or json: one {\"sql\", \"params\"} object per statement, one per line")
	fl.BoolVar(&f.batch, "batch", false, "one statement for all references, with a first column ref; the events are scanned once per shape")
	fl.BoolVar(&f.lag, "lag", false, "the time-to-convert histogram of within() references, all in one statement: rows (ref, age_upto, lag_upto, units)")
	fl.BoolVar(&f.siblings, "siblings", false, "the exclusive split of a sibling group whose references are given in declared order, in one statement: a row (trials, immature, taken_1, …), a trial taken by the reference whose to-event comes first")
	fl.BoolVar(&f.explain, "explain", false, "with --batch, --lag or --siblings: say how many scans the statement needs, and what its references share")
	fl.StringVar(&f.param, "param", "", "print what parameter ID of --project runs now, as render ID does (no REF then)")
	fl.BoolVar(&f.dryRun, "dry-run", false, "with --project whose default connection is bigquery: run a BigQuery dry run of each statement and print the bytes it would scan")
	_ = cmd.RegisterFlagCompletionFunc("dialect", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return dialects.Names(), cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("unit", cobra.FixedCompletions([]string{"session", "user"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"sql", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runCompile(cmd *cobra.Command, f compileFlags, refs []string) error {
	d, err := dialects.Get(f.dialect)
	if err != nil {
		return err
	}
	if f.format != "sql" && f.format != "json" {
		return fmt.Errorf("unknown --format %q (want sql or json)", f.format)
	}
	opts := compiler.Options{Schema: compiler.DefaultSchema(), Unit: compiler.Unit(f.unit)}
	var proj *config.Project
	if f.project != "" {
		if proj, err = config.LoadProject(f.project); err != nil {
			return err
		}
		opts.Schema, opts.Graph = proj.Schema, proj.Graph
	}
	if f.dryRun {
		if f.format != "sql" {
			return fmt.Errorf("--dry-run prints its report as SQL comments: use --format sql")
		}
		if d, err = dryRunDialect(cmd, proj); err != nil {
			return err
		}
	}
	if (f.start == "") != (f.end == "") {
		return fmt.Errorf("--start and --end go together: give both for a literal window, or neither to bind it")
	}
	if f.until != "" && f.start == "" {
		return fmt.Errorf("--observe-until goes with --start and --end; without them observe_until is bound like the window")
	}
	if f.start != "" {
		start, err := parseFlagTime("--start", f.start)
		if err != nil {
			return err
		}
		end, err := parseFlagTime("--end", f.end)
		if err != nil {
			return err
		}
		if !start.Before(end) {
			return fmt.Errorf("--start %s is not before --end %s", start.Format(time.RFC3339), end.Format(time.RFC3339))
		}
		until := end
		if f.until != "" {
			if until, err = parseFlagTime("--observe-until", f.until); err != nil {
				return err
			}
			if until.Before(end) {
				return fmt.Errorf("--observe-until %s is before --end %s (the cut-off cannot end observation before the window)", until.Format(time.RFC3339), end.Format(time.RFC3339))
			}
		}
		opts.Window = compiler.LiteralObservedWindow(start, end, until)
	}
	if f.explain && !f.batch && !f.lag && !f.siblings {
		return fmt.Errorf("--explain goes with --batch, --lag or --siblings")
	}
	if f.siblings && (f.batch || f.lag) {
		return fmt.Errorf("--siblings makes its own statement: drop --batch and --lag")
	}
	if f.batch && f.lag {
		return fmt.Errorf("--lag already makes one statement of all references: drop --batch")
	}
	var qs []*compiler.Query
	for i, src := range refs {
		q, err := compiler.ParseQuery(src)
		if err != nil {
			return argumentError(err, i, len(refs))
		}
		qs = append(qs, q)
	}
	w := cmd.OutOrStdout()
	var out []dialects.Statement
	if f.siblings {
		st, s, err := dialects.CompileSiblingSplit(qs, d, opts)
		if err != nil {
			return err
		}
		if f.explain {
			fmt.Fprintf(w, "-- %s\n", s.Explain)
		}
		out = append(out, st)
	} else if f.lag {
		st, h, err := dialects.CompileLagHistograms(qs, d, opts)
		if err != nil {
			return err
		}
		if f.explain {
			fmt.Fprintf(w, "-- %s\n", h.Explain)
		}
		out = append(out, st)
	} else if f.batch {
		b, err := compiler.CompileBatch(qs, opts)
		if err != nil {
			return err
		}
		st, err := dialects.RenderBatch(b, d)
		if err != nil {
			return err
		}
		if f.explain {
			for _, line := range append(b.Explain, dialects.BatchNotes(b, d)...) {
				fmt.Fprintf(w, "-- %s\n", line)
			}
		}
		out = append(out, st)
	} else {
		for _, q := range qs {
			st, err := dialects.Compile(q, d, opts)
			if err != nil {
				return err
			}
			out = append(out, st)
		}
	}
	for i := range out {
		if out[i].Params == nil {
			out[i].Params = []string{}
		}
	}
	if f.format == "json" {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, st := range out {
			if err := enc.Encode(st); err != nil {
				return err
			}
		}
		return nil
	}
	for i, st := range out {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if f.dryRun {
			dr, err := compileDryRun(proj, st)
			if err != nil {
				return fmt.Errorf("bigquery dry run: %w", err)
			}
			fmt.Fprintf(w, "-- bigquery dry run: %s, would scan %s\n", dr.StatementType, formatBytes(dr.TotalBytesProcessed))
		}
		fmt.Fprintf(w, "%s;\n", st.SQL)
	}
	return nil
}

// dryRunDialect checks that --dry-run has a project whose default
// connection is bigquery, and returns the bigquery dialect.
func dryRunDialect(cmd *cobra.Command, proj *config.Project) (dialects.Dialect, error) {
	if proj == nil {
		return nil, fmt.Errorf("--dry-run needs --project, whose default connection is a bigquery one")
	}
	c := proj.Connections[proj.DefaultConnection]
	if connect.DialectOf(string(c.Driver)) != "bigquery" {
		return nil, fmt.Errorf("--dry-run runs on BigQuery, but the project's default connection %q is %s", proj.DefaultConnection, c.Driver)
	}
	if fl := cmd.Flags().Lookup("dialect"); fl.Changed && fl.Value.String() != "bigquery" {
		return nil, fmt.Errorf("--dry-run runs on BigQuery: leave out --dialect %s", fl.Value.String())
	}
	return dialects.Get("bigquery")
}

// parseFlagTime reads RFC 3339 or a bare UTC date.
func parseFlagTime(flag, s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%s %q: want RFC 3339 (2025-01-31T08:00:00Z) or a date (2025-01-31), in UTC", flag, s)
}

func orDot(dir string) string {
	if dir == "" {
		return "."
	}
	return dir
}
