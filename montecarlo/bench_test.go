package montecarlo_test

// Benchmarks of the runner end to end (docs/performance.md): Plan.Run of
// the standard workloads — kernel, outcome expressions, accumulators and
// the ordered merge — on one and on two workers.
//
//	go test ./montecarlo -run '^$' -bench Runner -benchtime 3x -count 5

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"brink/bench"
	"brink/montecarlo"
)

// BenchmarkRunner is one Plan.Run per op. Runs per op are sized so that an
// op takes a fraction of a second on one core and gives every worker
// several blocks; runs/s is the throughput, allocs/run the allocations per
// run, setup included.
func BenchmarkRunner(b *testing.B) {
	ws, err := bench.Standard()
	if err != nil {
		b.Fatal(err)
	}
	for _, w := range ws {
		runs := 64 * montecarlo.BlockRuns
		if w.Scenario.Days() > 100 && len(w.Scenario.Actors.Keys) > 2 {
			runs = 2 * montecarlo.BlockRuns // the region: about a millisecond a run
		}
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/workers=%d", w.Name, workers), func(b *testing.B) {
				_, variant, err := w.Apply()
				if err != nil {
					b.Fatal(err)
				}
				plan, err := montecarlo.Prepare(w.Scenario, []string{variant}, "bench")
				if err != nil {
					b.Fatal(err)
				}
				opts := montecarlo.Options{Seed: 1, Runs: runs, Workers: workers}
				b.ReportAllocs()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				mallocs := ms.Mallocs
				for b.Loop() {
					if _, err := plan.Run(context.Background(), opts); err != nil {
						b.Fatal(err)
					}
				}
				runtime.ReadMemStats(&ms)
				total := float64(b.N * runs)
				b.ReportMetric(float64(ms.Mallocs-mallocs)/total, "allocs/run")
				b.ReportMetric(total/b.Elapsed().Seconds(), "runs/s")
				b.ReportMetric(float64(runs), "runs/op")
			})
		}
	}
}
