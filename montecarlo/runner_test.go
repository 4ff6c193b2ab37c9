package montecarlo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"brink/results"
	"brink/sim"
	"brink/stats"
)

// tb is what the helpers need of *testing.T and *rapid.T.
type tb interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

func summaryJSON(t tb, tl *Tally) []byte {
	t.Helper()
	s, err := tl.Summary()
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustRun(t tb, p *Plan, o Options) *Tally {
	t.Helper()
	tl, err := p.Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

// The counts are those of the runs, and the paired cells are the runs'
// pairs: checked against a plain loop over the same fake runs.
func TestTallyCountsRuns(t *testing.T) {
	const runs, days = 700, 9
	up := []float64{0.25, 0.15}
	p := fakePlan(days, up...)
	s, err := mustRun(t, p, Options{Seed: 7, Runs: runs, Workers: 3}).Summary()
	if err != nil {
		t.Fatal(err)
	}
	f := newFakeSim(days, up)
	vals := [][]float64{make([]float64, 3), make([]float64, 3)}
	var held [2][3]int64
	var pair stats.Paired2x2
	var dmg [2]stats.Moments
	var daily3 int64 // runs whose pair AAA-BBB is at rung 3 on day 4, baseline
	for k := range runs {
		for v := range up {
			r := f.run(v, 7, uint64(k), vals[v])
			for o := range 3 {
				if vals[v][o] != 0 {
					held[v][o]++
				}
			}
			dmg[v].Add(vals[v][1])
			if v == 0 && r.Daily[4*2+0] == 3 {
				daily3++
			}
		}
		switch a, b := vals[0][0] != 0, vals[1][0] != 0; {
		case a && b:
			pair.Both++
		case a:
			pair.FirstOnly++
		case b:
			pair.SecondOnly++
		default:
			pair.Neither++
		}
	}
	for v := range up {
		vs := s.Variants[v]
		if vs.Outcomes[0].Count != held[v][0] || vs.Outcomes[2].Count != held[v][2] {
			t.Errorf("variant %d: counts %d, %d; want %d, %d", v, vs.Outcomes[0].Count, vs.Outcomes[2].Count, held[v][0], held[v][2])
		}
		if got, want := vs.Outcomes[1].P, dmg[v].Mean(); math.Abs(got-want) > 1e-12*math.Abs(want) {
			t.Errorf("variant %d: mean damage %v, want %v", v, got, want)
		}
		if vs.Outcomes[1].Count != runs {
			t.Errorf("mean outcome count %d, want %d", vs.Outcomes[1].Count, runs)
		}
	}
	if len(s.Variants[0].Differences) != 0 || len(s.Variants[1].Differences) != 3 {
		t.Fatalf("differences: baseline %d, variant %d", len(s.Variants[0].Differences), len(s.Variants[1].Differences))
	}
	d := s.Variants[1].Differences[0]
	want, lo, hi := stats.PairedDifference(pair)
	if d.Diff != want || d.Lo != lo || d.Hi != hi || d.Baseline != "baseline" {
		t.Errorf("paired difference %+v, want %v [%v, %v]", d, want, lo, hi)
	}
	if wantDiff := float64(held[1][0]-held[0][0]) / runs; math.Abs(d.Diff-wantDiff) > 1e-15 {
		t.Errorf("difference %v is not variant minus baseline %v", d.Diff, wantDiff)
	}
	ser := s.Variants[0].Series[0]
	if ser.Daily[4][3] != daily3 {
		t.Errorf("daily count at day 4 rung 3: %d, want %d", ser.Daily[4][3], daily3)
	}
	var total int64
	for _, c := range ser.MaxRung {
		total += c
	}
	if total != runs {
		t.Errorf("max-rung counts sum to %d, want %d", total, runs)
	}
	if s.Manifest.Runs != runs || s.Manifest.Seed != 7 || s.Partial {
		t.Errorf("manifest %+v partial %v", s.Manifest, s.Partial)
	}
}

// Property: the results are byte-identical for any number of workers.
func TestWorkersDoNotChangeResults(t *testing.T) {
	p := fakePlan(6, 0.3, 0.2, 0.35)
	rapid.Check(t, func(rt *rapid.T) {
		runs := rapid.IntRange(1, 6*BlockRuns+50).Draw(rt, "runs")
		seed := rapid.Uint64().Draw(rt, "seed")
		workers := rapid.IntRange(2, 9).Draw(rt, "workers")
		one := summaryJSON(rt, mustRun(rt, p, Options{Seed: seed, Runs: runs, Workers: 1}))
		many := summaryJSON(rt, mustRun(rt, p, Options{Seed: seed, Runs: runs, Workers: workers}))
		if !bytes.Equal(one, many) {
			rt.Fatalf("%d workers give other results than 1", workers)
		}
	})
}

// writeRead sends a tally through a part file.
func writeRead(t tb, tl *Tally, name string) *Tally {
	t.Helper()
	var b bytes.Buffer
	if err := tl.WritePart(&b); err != nil {
		t.Fatal(err)
	}
	back, err := ReadPart(&b, name)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

// Property: any split into shards, written to part files and merged in any
// order, gives exactly the bytes of the unsharded run.
func TestShardsMergeToWhole(t *testing.T) {
	p := fakePlan(5, 0.3, 0.2)
	rapid.Check(t, func(rt *rapid.T) {
		runs := rapid.IntRange(1, 9*BlockRuns).Draw(rt, "runs")
		seed := rapid.Uint64().Draw(rt, "seed")
		n := rapid.IntRange(1, 12).Draw(rt, "shards")
		whole := summaryJSON(rt, mustRun(rt, p, Options{Seed: seed, Runs: runs, Workers: 2}))
		var parts []*Tally
		for i := range n {
			tl := mustRun(rt, p, Options{Seed: seed, Runs: runs, Workers: 2, Shard: Shard{i, n}})
			parts = append(parts, writeRead(rt, tl, "part"))
		}
		perm := rapid.Permutation(parts).Draw(rt, "order")
		merged, err := Merge(perm)
		if err != nil {
			rt.Fatal(err)
		}
		if got := summaryJSON(rt, merged); !bytes.Equal(got, whole) {
			rt.Fatalf("%d shards merged differ from the whole run", n)
		}
	})
}

func shards(t *testing.T, p *Plan, o Options, n int) []*Tally {
	var parts []*Tally
	for i := range n {
		o.Shard = Shard{i, n}
		tl := mustRun(t, p, o)
		parts = append(parts, writeRead(t, tl, "part"+string(rune('0'+i))+".json"))
	}
	return parts
}

func TestMergeRefusesMissingOrDuplicateShards(t *testing.T) {
	p := fakePlan(4, 0.3, 0.2)
	o := Options{Seed: 3, Runs: 8 * BlockRuns, Workers: 2}
	parts := shards(t, p, o, 4)

	_, err := Merge([]*Tally{parts[0], parts[1], parts[3]})
	if err == nil || !strings.Contains(err.Error(), "runs 1024–1535 are missing") {
		t.Errorf("missing shard: got %v", err)
	}
	_, err = Merge([]*Tally{parts[0], parts[1], parts[2], parts[3], parts[2]})
	if err == nil || !strings.Contains(err.Error(), "part2.json (shard 2/4) and part2.json (shard 2/4) are the same part") {
		t.Errorf("duplicate shard: got %v", err)
	}
	_, err = Merge([]*Tally{parts[1], parts[2], parts[3]})
	if err == nil || !strings.Contains(err.Error(), "runs 0–511 are missing") {
		t.Errorf("missing first shard: got %v", err)
	}
	_, err = Merge([]*Tally{parts[0], parts[1], parts[2]})
	if err == nil || !strings.Contains(err.Error(), "runs 1536–2047 are missing") {
		t.Errorf("missing last shard: got %v", err)
	}
	// Overlapping shares from different splits.
	halves := shards(t, p, o, 2)
	_, err = Merge([]*Tally{halves[0], parts[1], parts[2], parts[3]})
	if err == nil || !strings.Contains(err.Error(), "runs 512–1023 are in both") {
		t.Errorf("overlap: got %v", err)
	}
	// Shares of different splits that tile the runs are fine.
	if _, err := Merge([]*Tally{halves[0], parts[2], parts[3]}); err != nil {
		t.Errorf("halves and quarters that tile the runs: %v", err)
	}
	// A part alone cannot be summarised unless it starts at run 0 … and even
	// then it is refused by merge when the others are missing.
	if _, err := parts[1].Summary(); err == nil {
		t.Error("a part that does not start at run 0 was summarised")
	}
}

func TestMergeRefusesMismatchedManifests(t *testing.T) {
	p := fakePlan(4, 0.3, 0.2)
	o := Options{Seed: 3, Runs: 4 * BlockRuns, Workers: 1}
	base := shards(t, p, o, 2)
	cases := []struct {
		name string
		edit func(*Options, *Plan)
		want string
	}{
		{"seed", func(o *Options, _ *Plan) { o.Seed = 4 }, "seeds 3 and 4"},
		{"runs", func(o *Options, _ *Plan) { o.Runs = 5 * BlockRuns }, "runs 1024 and 1280"},
		{"scenario", func(_ *Options, p *Plan) { p.manifest.ScenarioSHA256 = "1111" }, "scenarios"},
		{"version", func(_ *Options, p *Plan) { p.manifest.BrinkVersion = "other" }, "brink versions test and other"},
		{"variants", func(_ *Options, p *Plan) { p.manifest.Variants = []string{"talks", "baseline"} }, "variants"},
	}
	for _, c := range cases {
		o2 := o
		p2 := fakePlan(4, 0.3, 0.2)
		c.edit(&o2, p2)
		other := shards(t, p2, o2, 2)
		_, err := Merge([]*Tally{base[0], other[1]})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "not parts of one run") {
			t.Errorf("%s: got %v, want an error with %q", c.name, err, c.want)
		}
	}
}

func TestReadPartRejectsDamage(t *testing.T) {
	p := fakePlan(4, 0.3)
	tl := mustRun(t, p, Options{Seed: 1, Runs: 3 * BlockRuns, Workers: 1, Shard: Shard{1, 2}})
	var b bytes.Buffer
	if err := tl.WritePart(&b); err != nil {
		t.Fatal(err)
	}
	good := b.String()
	for name, bad := range map[string]string{
		"truncated": good[:len(good)/2],
		"not json":  "hello",
		"format":    strings.Replace(good, partFormat, "brink-part/0", 1),
		"counts":    strings.Replace(good, `"ints":[`, `"ints":[1,`, 1),
		"range":     strings.Replace(good, `"end_block":3`, `"end_block":9`, 1),
	} {
		if _, err := ReadPart(strings.NewReader(bad), "x.json"); err == nil {
			t.Errorf("%s: accepted", name)
		} else if !strings.HasPrefix(err.Error(), "x.json: ") {
			t.Errorf("%s: error does not name the file: %v", name, err)
		}
	}
}

// Ctrl-C: the run stops after the blocks in flight and reports the complete
// prefix, which is exactly a shorter run.
func TestCancelGivesCompletePrefix(t *testing.T) {
	p := fakePlan(5, 0.3, 0.2)
	ctx, cancel := context.WithCancel(context.Background())
	var seen int64
	o := Options{Seed: 9, Runs: 200 * BlockRuns, Workers: 2, Progress: func(r int64) {
		seen = r
		if r >= 3*BlockRuns {
			cancel()
		}
	}}
	tl, err := p.Run(ctx, o)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if !tl.Partial {
		t.Fatal("a stopped run is not marked partial")
	}
	s, err := tl.Summary()
	if err != nil {
		t.Fatal(err)
	}
	done := s.Manifest.Runs
	if done%BlockRuns != 0 || done < 3*BlockRuns || done >= 200*BlockRuns || int64(done) != seen {
		t.Fatalf("stopped with %d runs (progress said %d)", done, seen)
	}
	shorter, _ := mustRun(t, p, Options{Seed: 9, Runs: done, Workers: 1}).Summary()
	shorter.Partial = true
	a, _ := json.Marshal(s)
	b, _ := json.Marshal(shorter)
	if !bytes.Equal(a, b) {
		t.Error("the partial results differ from a run of that many runs")
	}
	if err := tl.WritePart(&bytes.Buffer{}); err == nil {
		t.Error("a stopped run wrote a part file")
	}
}

func TestPrecisionStopsAtAFixedCount(t *testing.T) {
	p := fakePlan(5, 0.3, 0.2)
	o := Options{Seed: 2, Precision: 0.02, Outcome: "war", Workers: 2}
	a := mustRun(t, p, o)
	o.Workers = 1
	b := mustRun(t, p, o)
	sa, sb := summaryJSON(t, a), summaryJSON(t, b)
	if !bytes.Equal(sa, sb) {
		t.Fatal("--precision gives different results on different worker counts")
	}
	s, _ := a.Summary()
	runs := s.Manifest.Runs
	if runs%PrecisionStep != 0 {
		t.Errorf("stopped at %d runs, not a multiple of %d", runs, PrecisionStep)
	}
	for _, v := range s.Variants {
		if w := (v.Outcomes[0].Hi - v.Outcomes[0].Lo) / 2; w > 0.02 {
			t.Errorf("%s: half-width %v > 0.02", v.Name, w)
		}
	}
	// One check earlier the target was not met (or it is the first check).
	if runs > PrecisionStep {
		fewer, _ := mustRun(t, p, Options{Seed: 2, Runs: runs - PrecisionStep, Workers: 2}).Summary()
		met := true
		for _, v := range fewer.Variants {
			if (v.Outcomes[0].Hi-v.Outcomes[0].Lo)/2 > 0.02 {
				met = false
			}
		}
		if met {
			t.Errorf("precision was already reached at %d runs", runs-PrecisionStep)
		}
	}
	// The same runs without --precision give the same bytes.
	if plain := summaryJSON(t, mustRun(t, p, Options{Seed: 2, Runs: runs, Workers: 2})); !bytes.Equal(plain, sa) {
		t.Error("a --precision run differs from a plain run of as many runs")
	}
	if _, err := p.Run(context.Background(), Options{Seed: 2, Precision: 0.01, Outcome: "nope"}); err == nil ||
		!strings.Contains(err.Error(), "war, damage, crisis") {
		t.Errorf("unknown outcome: %v", err)
	}
	// A target that cannot be met stops at MaxRuns.
	capped, _ := mustRun(t, p, Options{Seed: 2, Precision: 1e-9, Outcome: "damage", MaxRuns: 3*BlockRuns + 10}).Summary()
	if capped.Manifest.Runs != 3*BlockRuns+10 || capped.Partial {
		t.Errorf("capped run: %d runs, partial %v", capped.Manifest.Runs, capped.Partial)
	}
}

// The workers allocate nothing per run: a block of runs allocates nothing.
func TestNoAllocationPerRun(t *testing.T) {
	p := fakePlan(30, 0.3, 0.2, 0.1)
	s := p.newSimulator()
	acc := &blockAcc{ints: make([]int64, p.lay.ints), moms: make([]moment, p.lay.moms)}
	vals := [][]float64{make([]float64, 3), make([]float64, 3), make([]float64, 3)}
	allocs := testing.AllocsPerRun(5, func() {
		if err := p.runBlock(s, acc, 1, 1<<20, vals); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per block of %d runs", allocs, BlockRuns)
	}
}

// Memory does not grow with the number of runs: a hundred times the runs
// allocate about the same (only the merge tree grows, logarithmically).
func TestMemoryDoesNotGrowWithRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a million fake runs")
	}
	p := fakePlan(20, 0.3, 0.2)
	allocated := func(runs int) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		mustRun(t, p, Options{Seed: 1, Runs: runs, Workers: 2})
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := allocated(10_000), allocated(1_000_000)
	// 990,000 more runs: even one byte per run would be 990 kB more.
	if large > small+200_000 {
		t.Errorf("10^4 runs allocated %d bytes, 10^6 runs %d", small, large)
	}
	t.Logf("allocated: %d bytes for 10^4 runs, %d for 10^6", small, large)
	// Handing every run to Options.PerRun allocates nothing per run either
	// (the records of the blocks in flight, once).
	var n int
	perRun := func(runs int) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		mustRun(t, p, Options{Seed: 1, Runs: runs, Workers: 2, PerRun: func(results.RunRecord) error { n++; return nil }})
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large = perRun(10_000), perRun(1_000_000)
	if large > small+200_000 || n != 2*1_010_000 {
		t.Errorf("with PerRun: 10^4 runs allocated %d bytes, 10^6 runs %d (%d records)", small, large, n)
	}
	t.Logf("with PerRun: %d bytes for 10^4 runs, %d for 10^6", small, large)
}

func TestKernelPanicIsAnError(t *testing.T) {
	p := fakePlan(3, 0.3)
	p.newSimulator = func() simulator { return panicky{} }
	_, err := p.Run(context.Background(), Options{Seed: 1, Runs: 10, Workers: 2})
	if err == nil || !strings.Contains(err.Error(), "internal error in run 0 of variant \"baseline\"") {
		t.Errorf("got %v", err)
	}
	if _, ok := errors.AsType[*InternalError](err); !ok {
		t.Errorf("a kernel panic is %T, not an *InternalError", err)
	}
}

type panicky struct{}

func (panicky) run(int, uint64, uint64, []float64) *sim.Result { panic("boom") }
