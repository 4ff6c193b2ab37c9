package sim_test

// Benchmarks of the kernel on the workloads of issue 6 (docs/performance.md):
// a full run of each, on one core. They live in an external test package so
// that they use the kernel only through its contract (sim/api.go), as
// montecarlo does.
//
//	go test ./sim -run '^$' -bench Kernel -benchtime 2s -count 5

import (
	"testing"

	"brink/bench"
	"brink/scenario"
	"brink/sim"
)

// perfWorkload loads a workload of the standard set: the built-in region
// scenario (the default built-in one while gaza-2023 is absent), or one of
// package bench's (bench/workloads, what `brink bench` runs).
func perfWorkload(tb testing.TB, name string) (*scenario.Scenario, string) {
	tb.Helper()
	if name == bench.Region {
		s, err := scenario.Builtin(bench.Region)
		if err != nil {
			tb.Logf("%s: %v; measuring %s instead", bench.Region, err, scenario.DefaultName)
			if s, err = scenario.Builtin(scenario.DefaultName); err != nil {
				tb.Fatal(err)
			}
		}
		return firstVariant(tb, s), s.Name
	}
	w, ok, err := bench.Lookup(name)
	if !ok || err != nil {
		tb.Fatalf("workload %s: found %v, %v", name, ok, err)
	}
	return firstVariant(tb, w.Scenario), w.Scenario.Name
}

func firstVariant(tb testing.TB, s *scenario.Scenario) *scenario.Scenario {
	tb.Helper()
	v, err := s.Apply(s.VariantNames()[0])
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

var perfWorkloads = []string{bench.Region, bench.Duel, bench.IPD}

// BenchmarkKernel is one full run (State.Run) per op: ns/op is the cost of a
// run, runs/s its inverse, ns/day and ns/pair-day the cost of a simulated
// day and of an engaged pair-day (bench.EngagedPairs).
func BenchmarkKernel(b *testing.B) {
	for _, name := range perfWorkloads {
		b.Run(name, func(b *testing.B) {
			s, _ := perfWorkload(b, name)
			m, err := sim.Compile(s)
			if err != nil {
				b.Fatal(err)
			}
			st, res := m.NewState(), m.NewResult()
			b.ReportAllocs()
			run := uint64(0)
			for b.Loop() {
				st.Run(1, run, res, nil)
				run++
			}
			perRun := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(1/perRun, "runs/s")
			b.ReportMetric(perRun*1e9/float64(m.Days), "ns/day")
			if pairs := bench.EngagedPairs(s); pairs > 0 {
				b.ReportMetric(perRun*1e9/float64(m.Days*pairs), "ns/pair-day")
			}
		})
	}
}

// TestPerfWorkloadsAllocateNothing: once a State and a Result exist, a run
// of a standard workload allocates nothing, so no simulated day does.
func TestPerfWorkloadsAllocateNothing(t *testing.T) {
	for _, name := range perfWorkloads {
		s, label := perfWorkload(t, name)
		m, err := sim.Compile(s)
		if err != nil {
			t.Fatal(err)
		}
		st, res := m.NewState(), m.NewResult()
		for run := range uint64(50) { // in-flight buffers reach their size
			st.Run(1, run, res, nil)
		}
		run := uint64(1000)
		allocs := testing.AllocsPerRun(20, func() {
			st.Run(1, run, res, nil)
			run++
		})
		if allocs != 0 {
			t.Errorf("%s: %.2f allocations per run of %d days", label, allocs, m.Days)
		}
	}
}
