package montecarlo

import (
	"context"
	"errors"
	"testing"

	"brink/results"
)

// PerRun is given exactly the runs the tally covers, in run order and
// variant order, with the values the fake kernel computed: for a run
// stopped by --precision, the runs its Summary counts; a sink's error stops
// the run and is returned.
func TestPerRunGivesTheTalliedRunsInOrder(t *testing.T) {
	p := fakePlan(5, 0.3, 0.2)
	f := newFakeSim(5, []float64{0.3, 0.2})
	vals := make([]float64, 3)
	var got int
	sink := func(r results.RunRecord) error {
		k, v := got/2, got%2
		if r.Run != k || r.Variant != v {
			t.Fatalf("record %d is run %d of variant %d, want %d of %d", got, r.Run, r.Variant, k, v)
		}
		res := f.run(v, 2, uint64(k), vals)
		for o := range vals {
			if r.Values[o] != vals[o] {
				t.Fatalf("run %d variant %d outcome %d: %v, kernel %v", k, v, o, r.Values[o], vals[o])
			}
		}
		if r.Damage[1] != res.Damage[1] || r.Support[2] != res.Support[2] || len(r.Strain) != 3 {
			t.Fatalf("run %d variant %d: metrics differ from the kernel's", k, v)
		}
		got++
		return nil
	}
	tl := mustRun(t, p, Options{Seed: 2, Precision: 0.02, Outcome: "war", Workers: 3, PerRun: sink})
	s, _ := tl.Summary()
	if got != 2*s.Manifest.Runs || s.Manifest.Runs >= DefaultMaxRuns {
		t.Fatalf("%d records for %d runs of 2 variants", got, s.Manifest.Runs)
	}

	boom := errors.New("disk full")
	n := 0
	_, err := p.Run(context.Background(), Options{Seed: 2, Runs: 10 * BlockRuns, Workers: 2, PerRun: func(results.RunRecord) error {
		if n++; n == 300 {
			return boom
		}
		return nil
	}})
	if !errors.Is(err, boom) || n != 300 {
		t.Fatalf("err %v after %d records, want the sink's error after 300", err, n)
	}
}
