package sim

import "testing"

// Workloads whose runs must not allocate, besides the standard ones of
// bench/workloads and gaza-2023 (TestPerfWorkloadsAllocateNothing, beside
// BenchmarkKernel in perf_bench_test.go): a twelve-actor region over a year.
var workloads = []struct{ name, file, variant string }{
	{"region12x365", "mechanisms/m01-region.yaml", "baseline"},
}

// TestNoAllocation: once a State and Result exist, a run allocates nothing,
// so nothing is allocated per simulated day either.
func TestNoAllocation(t *testing.T) {
	for _, w := range workloads {
		m := loadTestdata(t, w.file, w.variant)
		st, res := m.NewState(), m.NewResult()
		for run := uint64(0); run < 20; run++ { // let in-flight buffers reach their size
			st.Run(1, run, res, nil)
		}
		run := uint64(100)
		allocs := testing.AllocsPerRun(50, func() {
			st.Run(1, run, res, nil)
			run++
		})
		if allocs != 0 {
			t.Errorf("%s: %.1f allocations per run", w.name, allocs)
		}
	}
}
