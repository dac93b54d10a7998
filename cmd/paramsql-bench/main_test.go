package main

import (
	"testing"
	"time"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"

	_ "github.com/paramsql/paramsql/internal/golden"
)

// TestShortRun is the benchmark's smoke test: the short mode runs every
// measurement on 200k events, and fails if the compiled and hand-written
// SQL disagree on the counts. It asserts no time.
func TestShortRun(t *testing.T) {
	if testing.Short() {
		t.Skip("the smoke run takes a few seconds")
	}
	if err := run(200_000, 1, 5, true); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkCompileMix compiles the benchmark's reference mix from text to
// DuckDB SQL, one reference per iteration: the figure the program's
// "compile throughput" row reports per second.
func BenchmarkCompileMix(b *testing.B) {
	var srcs []string
	for _, q := range referenceMix(1000) {
		srcs = append(srcs, q.String())
	}
	d, _ := dialects.Get("duckdb")
	opts := compiler.Options{Schema: compiler.DefaultSchema()}
	b.ReportAllocs()
	cpu := processCPU()
	for i := 0; b.Loop(); i++ {
		q, err := compiler.ParseQuery(srcs[i%len(srcs)])
		if err != nil {
			b.Fatal(err)
		}
		if _, err := dialects.Compile(q, d, opts); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

// BenchmarkCompileBatch1000 plans and renders the benchmark's 1,000
// parsed references as one DuckDB batch statement: the figure the
// program's "batch compile" row reports (issue 11: under 20 ms).
func BenchmarkCompileBatch1000(b *testing.B) {
	refs := referenceMix(1000)
	d, _ := dialects.Get("duckdb")
	opts := compiler.Options{Schema: compiler.DefaultSchema()}
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		batch, err := compiler.CompileBatch(refs, opts)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := dialects.RenderBatch(batch, d); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

// reportCPU adds the CPU time per operation since start: on a machine
// shared with other work, wall-clock ns/op counts the time spent waiting
// for a core, CPU time much less so.
func reportCPU(b *testing.B, start time.Duration) {
	if b.N > 0 {
		b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
	}
}

// TestAtLeastTrials checks the lower-bound query's sanity check: it must
// refuse a bound that counts fewer units with an attempt than the
// reference has trials, or rows it cannot read.
func TestAtLeastTrials(t *testing.T) {
	cases := []struct {
		least, ref string
		ok         bool
	}{
		{"87576 125000", "50958 20023", true},
		{"50958 125000", "50958 20023", true},
		{"50957 125000", "50958 20023", false},
		{"125001 125000", "50958 20023", false},
		{"<nil> 0", "0 0", false},
		{"1 1", "", false},
	}
	for _, c := range cases {
		err := atLeastTrials(c.least, c.ref)
		if (err == nil) != c.ok {
			t.Errorf("atLeastTrials(%q, %q) = %v, want ok=%v", c.least, c.ref, err, c.ok)
		}
	}
}
