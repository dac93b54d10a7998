package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/spf13/cobra"

	"github.com/paramsql/paramsql/runtime/demo"
)

// showWork keeps a line saying what is being done, with the time it has
// taken, on a terminal until done is called; demo.Create reports no
// progress of its own.
func showWork(p *progressLine, what string) (done func()) {
	if p == nil {
		return func() {}
	}
	began := time.Now()
	p.status(what + "…")
	stop := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				p.status(fmt.Sprintf("%s… %ds", what, int(time.Since(began).Seconds())))
			}
		}
	}()
	return func() {
		close(stop)
		<-finished
		p.clear()
	}
}

func newDemoCmd() *cobra.Command {
	var opts demo.Options
	cmd := &cobra.Command{
		Use:   "demo [DIR]",
		Short: "Create a ready-to-run project with synthetic events",
		Long: `Create a paramsql project in DIR (default "demo") that runs without a
warehouse or a network:

  events.duckdb   synthetic web events (sessions browsing a funnel, signups,
                  checkouts) over the 84 days up to now (to the hour),
                  with a drift in google/mobile signups in the last two
                  weeks
  paramsql.yaml   connections, schema, posterior store, default window
  params/         the five examples of the design document
  README.md       what the project holds

The events are drawn from --seed and end when the demo is made, so a plain
"paramsql update" finds a week of data. The same seed gives the same events,
moved in time; an update with --as-of at the end of the data (the README
records it) gives the same posteriors again. A DIR that is not empty is
refused unless --force is given; --force replaces only the files listed
above and keeps every other file.`,
		Example: `  paramsql demo
  paramsql demo /tmp/demo --events 200000 --seed 7
  paramsql update --project demo`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "demo"
			if len(args) == 1 {
				dir = args[0]
			}
			if opts.Events <= 0 {
				return fmt.Errorf("--events must be positive, got %d", opts.Events)
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			done := showWork(newProgress(cmd.OutOrStdout(), cmd.ErrOrStderr(), false),
				fmt.Sprintf("creating the demo in %s: drawing %d events and writing them to DuckDB", dir, opts.Events))
			sum, err := demo.Create(ctx, dir, opts)
			done()
			if errors.Is(err, demo.ErrNotEmpty) {
				return fmt.Errorf("%w (give --force to replace the demo's files in it; other files are kept)", err)
			}
			if err != nil {
				return err
			}
			return sum.Report(cmd.OutOrStdout())
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&opts.Events, "events", demo.DefaultEvents, "number of events to generate (at least; whole users are generated)")
	fl.Uint64Var(&opts.Seed, "seed", demo.DefaultSeed, "seed of the random stream (0 means the default)")
	fl.BoolVar(&opts.Force, "force", false, "write into a non-empty DIR, replacing the demo's own files")
	return cmd
}
