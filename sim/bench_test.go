package sim

import "testing"

// Workloads of issue 6: a twelve-actor region over a year, a two-actor
// 20-day crisis, a two-rung 200-day iterated game.
var workloads = []struct{ name, file, variant string }{
	{"region12x365", "mechanisms/m01-region.yaml", "baseline"},
	{"crisis2x20", "bench-crisis.yaml", ""},
	{"ipd2x200", "bench-ipd.yaml", ""},
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

// BenchmarkRun measures one full run of each workload on one core.
func BenchmarkRun(b *testing.B) {
	for _, w := range workloads {
		b.Run(w.name, func(b *testing.B) {
			m := loadTestdata(b, w.file, w.variant)
			st, res := m.NewState(), m.NewResult()
			b.ReportAllocs()
			run := uint64(0)
			for b.Loop() {
				st.Run(1, run, res, nil)
				run++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
		})
	}
}

// BenchmarkRunGaza measures one run of the built-in gaza-2023 scenario (the
// issue-6 target: 5,000 runs/s on two cores).
func BenchmarkRunGaza(b *testing.B) {
	m := compileBuiltin(b, "gaza-2023", "")
	st, res := m.NewState(), m.NewResult()
	b.ReportAllocs()
	run := uint64(0)
	for b.Loop() {
		st.Run(1, run, res, nil)
		run++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
}
