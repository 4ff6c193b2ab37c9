package bench

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"brink/montecarlo"
	"brink/scenario"
	"brink/sim"
)

func TestStandardWorkloads(t *testing.T) {
	ws, err := Standard()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name         string
		actors, days int
	}{{"", 0, 365}, {Duel, 2, 20}, {IPD, 2, 200}}
	if len(ws) != len(want) {
		t.Fatalf("%d workloads, want %d", len(ws), len(want))
	}
	if ws[0].Name != Region && ws[0].Name != scenario.DefaultName {
		t.Errorf("first workload %q, want %s or %s", ws[0].Name, Region, scenario.DefaultName)
	}
	for i, w := range ws {
		s, v, err := w.Apply()
		if err != nil {
			t.Fatalf("%s: %v", w.Name, err)
		}
		if v != w.Scenario.VariantNames()[0] {
			t.Errorf("%s: variant %q, want the first, %q", w.Name, v, w.Scenario.VariantNames()[0])
		}
		if _, err := sim.Compile(s); err != nil {
			t.Errorf("%s: %v", w.Name, err)
		}
		if want[i].name != "" && w.Name != want[i].name {
			t.Errorf("workload %d is %s, want %s", i, w.Name, want[i].name)
		}
		if s.Days() < want[i].days {
			t.Errorf("%s: %d days, want at least %d", w.Name, s.Days(), want[i].days)
		}
		if want[i].actors > 0 && len(s.Actors.Keys) != want[i].actors {
			t.Errorf("%s: %d actors, want %d", w.Name, len(s.Actors.Keys), want[i].actors)
		}
	}
}

func TestLookup(t *testing.T) {
	for _, c := range []struct {
		name   string
		ok     bool
		errHas string
	}{
		{Duel, true, ""},
		{IPD, true, ""},
		{"scale-7x45", true, ""},
		{"scale-1x30", true, "2 to 1000 actors"},
		{"scale-10x0", true, "1 to 36500 days"},
		{"scale-99999999999999999999x30", true, "whole numbers"},
		{"gaza-2023", false, ""},
		{"scale-10", false, ""},
		{"workloads/duel-20d", false, ""},
		{"../bench/workloads/duel-20d", false, ""},
	} {
		w, ok, err := Lookup(c.name)
		if ok != c.ok {
			t.Errorf("Lookup(%q): ok %v, want %v", c.name, ok, c.ok)
		}
		switch {
		case c.errHas == "" && err != nil:
			t.Errorf("Lookup(%q): %v", c.name, err)
		case c.errHas != "" && (err == nil || !strings.Contains(err.Error(), c.errHas)):
			t.Errorf("Lookup(%q): error %v, want one saying %q", c.name, err, c.errHas)
		case c.ok && err == nil && w.Name != c.name:
			t.Errorf("Lookup(%q) named %q", c.name, w.Name)
		}
	}
}

// Every size of the scaling table loads, compiles and runs, with the
// structure ScalingYAML promises.
func TestScalingScenarios(t *testing.T) {
	for _, n := range []int{2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 20, 50, 100, 200} {
		s, err := Scaling(n, 30)
		if err != nil {
			t.Fatalf("%d actors: %v", n, err)
		}
		if got := len(s.Actors.Keys); got != n {
			t.Fatalf("%d actors asked, %d made", n, got)
		}
		groups := 0
		for _, id := range s.Actors.Keys {
			if a := s.Actors.Values[id]; a.Kind == "group" {
				groups++
				if a.Patron == "" {
					t.Errorf("%d actors: group %s has no patron", n, id)
				}
			}
		}
		if groups != n/4 {
			t.Errorf("%d actors: %d groups, want %d", n, groups, n/4)
		}
		if len(s.Channels) == 0 {
			t.Errorf("%d actors: no channel", n)
		}
		m, err := sim.Compile(s)
		if err != nil {
			t.Fatalf("%d actors: %v", n, err)
		}
		st, res := m.NewState(), m.NewResult()
		hostile := false
		for run := range uint64(10) {
			st.Run(1, run, res, nil)
			for _, r := range res.MaxRung {
				hostile = hostile || int(r) > m.Ladder.StatusQuo
			}
		}
		if !hostile {
			t.Errorf("%d actors: ten runs without a hostile act; the workload measures an idle kernel", n)
		}
		// The engaged pairs are both directions of every declared rivalry
		// (the groups' explicit doctrines are toward their enemies).
		rivalries := 0
		for _, r := range s.Relations {
			if r.Stance != "ally" {
				rivalries++
			}
		}
		if got, want := EngagedPairs(s), 2*rivalries; got != want {
			t.Errorf("%d actors: %d engaged pairs, want %d", n, got, want)
		}
		t.Logf("%d actors: %d engaged pairs of %d directed pairs", n, EngagedPairs(s), n*(n-1))
	}
	if _, err := Scaling(10, 3650); err != nil {
		t.Error(err)
	}
}

func TestEngagedPairs(t *testing.T) {
	src := `name: engaged
title: t
start: 2025-01-01
horizon: 10d
ladder: standard
actors:
  A: {name: A, kind: state, toward: {B: tit_for_tat}}
  B: {name: B, kind: state}
  C: {name: C, kind: state}
  D: {name: D, kind: state}
relations:
  - {between: [A, B], stance: ally}
  - {between: [C, D], stance: friendly}
  - {between: [B, C], stance: war}
`
	s, err := scenario.Load("engaged.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	// B→C and C→B (war), and A→B by its explicit doctrine; allies, friends
	// and the pairs without a relation (A–C, A–D, B–D) are not engaged.
	if got := EngagedPairs(s); got != 3 {
		t.Errorf("EngagedPairs = %d, want 3", got)
	}
}

func TestCalibrate(t *testing.T) {
	for _, c := range []struct {
		pilot   time.Duration
		target  time.Duration
		workers int
		want    int
	}{
		{256 * time.Microsecond, time.Second, 1, 1_000_000 / 256 * 256}, // 1µs a run
		{256 * time.Millisecond, time.Second, 2, 2 * 512},               // 1ms a run: at least two blocks per worker
		{256 * time.Second, time.Second, 4, 2 * 1024},
	} {
		if got := calibrate(c.pilot, c.target, c.workers); got != c.want {
			t.Errorf("calibrate(%v, %v, %d) = %d, want %d", c.pilot, c.target, c.workers, got, c.want)
		}
		if got := calibrate(c.pilot, c.target, c.workers); got%(montecarlo.BlockRuns*c.workers) != 0 {
			t.Errorf("calibrate(%v, %v, %d) = %d: not whole blocks per worker", c.pilot, c.target, c.workers, got)
		}
	}
}

func TestMeasure(t *testing.T) {
	w, _, err := Lookup(Duel)
	if err != nil {
		t.Fatal(err)
	}
	const runs = 2 * montecarlo.BlockRuns
	f, err := Measure(context.Background(), w, Options{Runs: runs, Workers: 2, Repeat: 2, Seed: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", *f)
	if f.Workload != Duel || f.Scenario != "duel-20d" || f.Variant != "baseline" {
		t.Errorf("names %q %q %q", f.Workload, f.Scenario, f.Variant)
	}
	if f.Actors != 2 || f.Days != 20 || f.EngagedPairs != 2 || f.Runs != runs || f.Repeat != 2 || f.Workers != 2 {
		t.Errorf("sizes %+v", f)
	}
	for _, r := range []Rate{f.RunsPerSecond, f.RunsPerSecondOneCore} {
		if !(r.Best > 0 && r.Median > 0 && r.Median <= r.Best) {
			t.Errorf("rate %+v: want 0 < median ≤ best", r)
		}
	}
	if f.Speedup != f.RunsPerSecond.Best/f.RunsPerSecondOneCore.Best {
		t.Errorf("speedup %v is not the ratio of the best rates", f.Speedup)
	}
	wantNs := 1e9 / f.RunsPerSecondOneCore.Best / (2 * 20)
	if d := f.NsPerPairDay - wantNs; d > 1e-9*wantNs || d < -1e-9*wantNs {
		t.Errorf("ns per pair-day %v, want %v", f.NsPerPairDay, wantNs)
	}
	// The runner's setup is a few hundred allocations per Plan.Run; a run
	// itself allocates nothing.
	if f.AllocsPerRun >= 2 {
		t.Errorf("%.2f allocations per run", f.AllocsPerRun)
	}
	if f.PeakBytes < 1<<20 {
		t.Errorf("peak memory %d bytes: less than the runtime's own", f.PeakBytes)
	}

	// One worker: one measurement serves both rates.
	f, err = Measure(context.Background(), w, Options{Runs: runs, Workers: 1, Repeat: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Speedup != 1 || f.RunsPerSecond != f.RunsPerSecondOneCore {
		t.Errorf("one worker: speedup %v, rates %+v %+v", f.Speedup, f.RunsPerSecond, f.RunsPerSecondOneCore)
	}
}

func TestMeasureStopsWhenCancelled(t *testing.T) {
	w, _, err := Lookup(IPD)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Measure(ctx, w, Options{Runs: 1 << 20}, nil); err == nil {
		t.Error("a cancelled measurement returned no error")
	}
	if _, err := Measure(context.Background(), w, Options{Runs: -1}, nil); err == nil {
		t.Error("negative runs accepted")
	}
	w.Variant = "no-such-variant"
	if _, err := Measure(context.Background(), w, Options{Runs: 256}, nil); err == nil {
		t.Error("unknown variant accepted")
	}
}

// BenchmarkScaling measures the kernel alone (sim.State.Run) on the
// generated scenarios of the scaling table: runs/s against actors and days,
// and the cost of an engaged pair-day, which stays flat when the cost of a
// run grows linearly with engaged pairs × days. The largest sizes take
// seconds per run; select with -bench 'Scaling/actors=50/'.
func BenchmarkScaling(b *testing.B) {
	for _, n := range []int{2, 5, 10, 20, 50, 100, 200} {
		for _, d := range []int{30, 365, 3650} {
			b.Run(fmt.Sprintf("actors=%d/days=%d", n, d), func(b *testing.B) {
				s, err := Scaling(n, d)
				if err != nil {
					b.Fatal(err)
				}
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
				b.ReportMetric(perRun*1e9/float64(EngagedPairs(s)*d), "ns/pair-day")
			})
		}
	}
}
