package montecarlo

import (
	"context"
	"os"
	"strings"
	"testing"

	"brink/scenario"
	"brink/sim"
)

func loadDuel(t *testing.T) *scenario.Scenario {
	t.Helper()
	data, err := os.ReadFile("testdata/duel.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := scenario.Load("duel.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPrepareManifestAndLayout(t *testing.T) {
	p, err := Prepare(loadDuel(t), nil, "v-test")
	if err != nil {
		t.Fatal(err)
	}
	m := p.Manifest()
	if m.Scenario != "duel" || m.BrinkVersion != "v-test" || len(m.ScenarioSHA256) != 64 ||
		strings.Join(m.Variants, ",") != "baseline,hotline" || m.Days != 30 || m.Start != "2025-01-01" ||
		strings.Join(m.Actors, ",") != "EST,WST" || m.Rungs[m.StatusQuo] != "status_quo" {
		t.Errorf("manifest %+v", m)
	}
	names, kinds := p.Outcomes()
	if strings.Join(names, ",") != "strike,war,damage_est" || strings.Join(kinds, ",") != "probability,probability,mean" {
		t.Errorf("outcomes %v %v", names, kinds)
	}
	if _, err := Prepare(loadDuel(t), []string{"hotline", "nope"}, "x"); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("unknown variant: %v", err)
	}
}

// With the real kernel too, a block of runs allocates nothing.
func TestKernelRunsAllocateNothing(t *testing.T) {
	p, err := Prepare(loadDuel(t), nil, "x")
	if err != nil {
		t.Fatal(err)
	}
	s := p.newSimulator()
	acc := &blockAcc{ints: make([]int64, p.lay.ints), moms: make([]moment, p.lay.moms)}
	vals := [][]float64{make([]float64, 3), make([]float64, 3)}
	allocs := testing.AllocsPerRun(2, func() {
		if err := p.runBlock(s, acc, 1, 1<<20, vals); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per block of %d runs of the kernel", allocs, BlockRuns)
	}
}

// The counts of a real run are consistent with one another.
func TestKernelTallyIsConsistent(t *testing.T) {
	p, err := Prepare(loadDuel(t), nil, "x")
	if err != nil {
		t.Fatal(err)
	}
	tl, err := p.Run(context.Background(), Options{Seed: 4, Runs: 700, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	s, err := tl.Summary()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range s.Variants {
		if len(v.Series) == 0 {
			t.Fatalf("%s: no tracked pair", v.Name)
		}
		for _, ps := range v.Series {
			var sum int64
			for _, c := range ps.MaxRung {
				sum += c
			}
			if sum != 700 {
				t.Errorf("%s %v: max_rung sums to %d", v.Name, ps.Pair, sum)
			}
			for d, row := range ps.Daily {
				sum = 0
				for _, c := range row {
					sum += c
				}
				if sum != 700 {
					t.Errorf("%s %v day %d: daily sums to %d", v.Name, ps.Pair, d, sum)
				}
			}
			// Runs whose maximum is at least r are exactly the runs that
			// reached r at some day.
			for r := range ps.FirstDay {
				var reached, atLeast int64
				for _, c := range ps.FirstDay[r] {
					reached += c
				}
				for r2 := r; r2 < len(ps.MaxRung); r2++ {
					atLeast += ps.MaxRung[r2]
				}
				if reached != atLeast {
					t.Errorf("%s %v rung %d: %d runs reached it, %d have it as maximum or above", v.Name, ps.Pair, r, reached, atLeast)
				}
			}
		}
	}
}

// The daily counts the runner tallies from the kernel's record of changes
// (sim.Result.DailyChanges) are, cell by cell, the counts of the kernel's
// dense daily rows over the same runs: for a short row (duel, one tracked
// pair) and a long one that the kernel patches (gaza-2023, 23 pairs).
func TestKernelDailyEveryCell(t *testing.T) {
	gaza, err := scenario.Builtin("gaza-2023")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*scenario.Scenario{loadDuel(t), gaza} {
		const runs, seed = 300, 9
		p, err := Prepare(s, nil, "x")
		if err != nil {
			t.Fatal(err)
		}
		tl, err := p.Run(context.Background(), Options{Seed: seed, Runs: runs, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		sum, err := tl.Summary()
		if err != nil {
			t.Fatal(err)
		}
		for vi, name := range p.lay.Variants {
			vs, err := s.Apply(name.Name)
			if err != nil {
				t.Fatal(err)
			}
			m, err := sim.Compile(vs)
			if err != nil {
				t.Fatal(err)
			}
			nt := len(m.Tracked)
			want := make([]int64, m.Days*nt*m.Ladder.Len())
			st, res := m.NewState(), m.NewResult()
			for k := range uint64(runs) {
				st.Run(seed, k, res, nil)
				for i, r := range res.Daily {
					want[i*m.Ladder.Len()+int(r)]++ // [day][pair][rung]
				}
			}
			series := sum.Variants[vi].Series
			if len(series) != nt {
				t.Fatalf("%s %s: %d series, %d tracked pairs", s.Name, name.Name, len(series), nt)
			}
			for x, ps := range series {
				for d, row := range ps.Daily {
					for r, got := range row {
						if w := want[(d*nt+x)*m.Ladder.Len()+r]; got != w {
							t.Fatalf("%s %s pair %v day %d rung %d: %d runs, the kernel's rows say %d",
								s.Name, name.Name, ps.Pair, d, r, got, w)
						}
					}
				}
			}
		}
	}
}
