// Package demo creates a ready-to-run paramsql project: a DuckDB file of
// synthetic but realistic web events, a project file, and the five
// parameters of the seed design document adapted to those events.
//
// It exists so that the whole pipeline (prior, observations, posterior,
// store, divergence check) can be tried in one command without a
// warehouse, a spreadsheet or a network. The events are drawn from a
// seeded PCG stream and end when the demo is created (Options.End), so a
// plain `paramsql update` right after finds a week of data. They are the
// same events for every end, moved in time: the same seed and the same
// as-of relative to the end give the same posteriors everywhere.
package demo

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/paramsql/paramsql/runtime/config"
)

// Defaults of Options.
const (
	DefaultEvents        = 1_200_000
	DefaultSeed   uint64 = 20261120
)

// Names of what Create writes in the project directory.
const (
	EventsFile     = "events.duckdb"
	PosteriorsFile = "posteriors.duckdb" // written by the first update, not by Create
	ReadmeFile     = "README.md"
)

// ErrNotEmpty is returned when the target directory already holds files
// and Options.Force is not set: nothing already written is lost unless
// the caller asks for it.
var ErrNotEmpty = errors.New("directory is not empty")

// Options tune Create. The zero value makes the default demo.
type Options struct {
	// Events is the least number of events generated; zero means
	// DefaultEvents. Whole users are generated, so the table holds a few
	// more.
	Events int
	// Seed fixes the random stream; zero means DefaultSeed.
	Seed uint64
	// Force allows writing into a directory that is not empty. Only the
	// files the demo writes are replaced; every other file is kept,
	// posteriors.duckdb included.
	Force bool
	// End is when the events end, the "now" the demo is made for; zero
	// means the moment Create is called, rounded down to the hour. The
	// events are drawn for the reference end End and moved to this one,
	// so two demos with the same seed hold the same events, shifted by
	// the difference of their ends. The README records it.
	End time.Time
}

// Summary says what Create wrote.
type Summary struct {
	// Dir is the project directory.
	Dir string
	// Files are the paths written, relative to Dir, in the order written.
	Files []string
	// Params are the ids of the parameters written.
	Params []string
	// Events, Users and Sessions count the generated traffic.
	Events, Users, Sessions int
	// Start and End bound the events' created_at: Start <= t < End. End
	// is the as-of time to run the demo at.
	Start, End time.Time
	// DriftStart is when google/mobile signups start to fail more often.
	DriftStart time.Time
	// Seed is the seed used.
	Seed uint64
	// Checksum is the SHA-256 of the rows as appended; equal seeds and
	// event counts give equal checksums.
	Checksum string
	// EventsBytes is the size of events.duckdb.
	EventsBytes int64
	// Generate is the time taken to draw the events, Write the time taken
	// to store them, and Total the time of the whole call.
	Generate, Write, Total time.Duration
}

// AsOf is the --as-of value that puts "now" at the end of the data, to
// reproduce a run's posteriors later.
func (s *Summary) AsOf() string { return s.End.Format(time.RFC3339) }

// UpdateCommand is the command that runs the pipeline over the demo. It
// needs no --as-of: the data ends when the demo was made.
func (s *Summary) UpdateCommand() string {
	return "paramsql update --project " + shellQuote(s.Dir)
}

// shellQuote quotes a path for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./+:@", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// project holds the project file, the parameter files and the README
// template, kept as real files so they read and diff as YAML.
//
//go:embed project
var project embed.FS

// Create writes the demo project into dir, creating it if needed. It
// refuses a directory that is not empty unless opts.Force is set (see
// ErrNotEmpty). The events are written to a temporary file and renamed
// into place, so an interrupted run leaves any earlier events.duckdb
// whole.
func Create(ctx context.Context, dir string, opts Options) (*Summary, error) {
	began := time.Now()
	if opts.Events < 0 {
		return nil, fmt.Errorf("demo: the number of events must be positive, got %d", opts.Events)
	}
	if opts.Events == 0 {
		opts.Events = DefaultEvents
	}
	if opts.Seed == 0 {
		opts.Seed = DefaultSeed
	}
	if dir == "" {
		return nil, errors.New("demo: no directory given")
	}
	if err := checkDir(dir, opts.Force); err != nil {
		return nil, err
	}
	end := opts.End.UTC().Truncate(time.Second) // events have whole seconds
	if opts.End.IsZero() {
		end = time.Now().UTC().Truncate(time.Hour)
	}
	shift := end.Sub(End)
	sum := &Summary{Dir: dir, Seed: opts.Seed, Start: Start.Add(shift), End: end, DriftStart: DriftStart.Add(shift)}

	// Draw the events before touching the disk, so a cancelled run
	// leaves nothing behind.
	t0 := time.Now()
	tr, err := generate(ctx, opts.Seed, opts.Events)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	for i := range tr.events {
		tr.events[i].at += int64(shift / time.Second)
	}
	sum.Generate = time.Since(t0)
	sum.Events, sum.Users, sum.Sessions = len(tr.events), tr.users, len(tr.sessions)
	if err := os.MkdirAll(filepath.Join(dir, "params"), 0o755); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}

	t0 = time.Now()
	final := filepath.Join(dir, EventsFile)
	tmp := filepath.Join(dir, fmt.Sprintf(".%s.tmp-%d", EventsFile, os.Getpid()))
	if err := removeDuckDB(tmp); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	sum.Checksum, err = writeEvents(ctx, tmp, tr, partsFor(len(tr.events)))
	tr = nil // the events are in DuckDB now; let the memory go
	if err == nil {
		err = os.Rename(tmp, final)
	}
	if err == nil {
		// A write-ahead log of an earlier file would be replayed into
		// the new one.
		if err = os.Remove(final + ".wal"); errors.Is(err, fs.ErrNotExist) {
			err = nil
		}
	}
	if err != nil {
		_ = removeDuckDB(tmp)
		return nil, fmt.Errorf("demo: %s: %w", final, err)
	}
	sum.Write = time.Since(t0)
	if fi, err := os.Stat(final); err == nil {
		sum.EventsBytes = fi.Size()
	}
	sum.Files = append(sum.Files, EventsFile)

	if err := writeProjectFiles(dir, sum); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	sum.Total = time.Since(began)
	return sum, nil
}

// checkDir accepts a missing or empty directory, and a non-empty one only
// with force.
func checkDir(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		if fi, serr := os.Stat(dir); serr == nil && !fi.IsDir() {
			return fmt.Errorf("demo: %s is not a directory", dir)
		}
		return fmt.Errorf("demo: %w", err)
	case len(entries) == 0 || force:
		return nil
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	more := ""
	if len(names) > 5 {
		more = fmt.Sprintf(" and %d more", len(names)-5)
		names = names[:5]
	}
	return fmt.Errorf("demo: %s: %w: it holds %s%s", dir, ErrNotEmpty, strings.Join(names, ", "), more)
}

// writeProjectFiles writes paramsql.yaml, the parameter files and the
// README, each through a temporary file so none is left half written.
func writeProjectFiles(dir string, sum *Summary) error {
	var files []string
	err := fs.WalkDir(project, "project", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	slices.SortFunc(files, func(a, b string) int {
		// paramsql.yaml first, then the parameters, then the README.
		rank := func(p string) int {
			switch {
			case strings.HasSuffix(p, ".tmpl"):
				return 2
			case strings.Contains(p, "/params/"):
				return 1
			}
			return 0
		}
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	for _, p := range files {
		rel := strings.TrimPrefix(p, "project/")
		if strings.HasPrefix(rel, "params/") {
			sum.Params = append(sum.Params, strings.TrimSuffix(path.Base(rel), ".yaml"))
		}
	}
	slices.Sort(sum.Params)
	for _, p := range files {
		rel := strings.TrimPrefix(p, "project/")
		data, err := project.ReadFile(p)
		if err != nil {
			return err
		}
		if name, ok := strings.CutSuffix(rel, ".tmpl"); ok {
			rel = name
			var b bytes.Buffer
			t, err := template.New(rel).Funcs(templateFuncs).Parse(string(data))
			if err != nil {
				return err
			}
			if err := t.Execute(&b, sum); err != nil {
				return err
			}
			data = b.Bytes()
		}
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(rel)), data); err != nil {
			return err
		}
		sum.Files = append(sum.Files, rel)
	}
	return nil
}

// templateFuncs format numbers and dates in the README and the report.
var templateFuncs = template.FuncMap{
	"n":    thousands,
	"date": func(t time.Time) string { return t.Format("2006-01-02") },
}

// thousands writes n with comma separators, as 1,200,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Report prints what was created and the command to run next, for people.
func (s *Summary) Report(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Created the demo project in %s in %s:\n", s.Dir, s.Total.Round(10*time.Millisecond))
	line := func(name, format string, args ...any) {
		fmt.Fprintf(&b, "  %-15s %s\n", name, fmt.Sprintf(format, args...))
	}
	params := false
	for _, f := range s.Files {
		switch {
		case f == EventsFile:
			line(f, "%s events of %s sessions by %s users,", thousands(s.Events), thousands(s.Sessions), thousands(s.Users))
			line("", "%s to %s, %.1f MB (drawn in %s, written in %s)",
				s.Start.Format("2006-01-02"), s.End.Format("2006-01-02"), float64(s.EventsBytes)/(1<<20),
				s.Generate.Round(10*time.Millisecond), s.Write.Round(10*time.Millisecond))
		case f == config.ProjectFile:
			line(f, "connections warehouse (%s) and posteriors (%s)", EventsFile, PosteriorsFile)
		case strings.HasPrefix(f, "params/"):
			if !params {
				line("params/", "%s", strings.Join(s.Params, ", "))
				params = true
			}
		case f == ReadmeFile:
			line(f, "what the project holds")
		default:
			line(f, "")
		}
	}
	fmt.Fprintf(&b, "\nThe events end at %s; google/mobile signups drift from %s on.\n",
		s.End.Format(time.RFC3339), s.DriftStart.Format("2006-01-02"))
	fmt.Fprintf(&b, "Next, update the parameters:\n\n  %s\n\n", s.UpdateCommand())
	fmt.Fprintf(&b, "Add --as-of %s to get the same posteriors again later.\n", s.AsOf())
	_, err := io.WriteString(w, b.String())
	return err
}

// writeFile replaces path with data through a temporary file and a rename.
func writeFile(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
}
