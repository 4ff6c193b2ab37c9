package bench

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"sync"
	"time"

	"brink/montecarlo"
)

// Options say how to measure a workload.
type Options struct {
	// Runs per measurement; 0 calibrates it so that a one-worker
	// measurement takes about Target.
	Runs int
	// Workers for the all-workers measurement; 0 means one per CPU.
	Workers int
	// Repeat is how many times each measurement is taken (default 3): the
	// machine may be shared, so the best and the median are reported.
	Repeat int
	// Target is the calibration target of one one-worker measurement
	// (default 1s).
	Target time.Duration
	Seed   uint64
	// Version goes into the manifest of the plan (it does not change speed).
	Version string
}

// Rate is a throughput taken Repeat times.
type Rate struct {
	Best   float64 `json:"best"`
	Median float64 `json:"median"`
}

// Figures are a workload's measured figures.
type Figures struct {
	Workload     string `json:"workload"`
	Scenario     string `json:"scenario"`
	Variant      string `json:"variant"`
	Actors       int    `json:"actors"`
	Days         int    `json:"days"`
	EngagedPairs int    `json:"engaged_pairs"` // directed; see EngagedPairs
	Runs         int    `json:"runs"`          // per measurement
	Repeat       int    `json:"repeat"`
	Workers      int    `json:"workers"`
	// Runs per second with Workers workers and with one; Speedup is the
	// ratio of their best values (1 when Workers is 1).
	RunsPerSecond        Rate    `json:"runs_per_second"`
	RunsPerSecondOneCore Rate    `json:"runs_per_second_1_worker"`
	Speedup              float64 `json:"speedup"`
	// NsPerPairDay is one worker's time per run (best) divided by engaged
	// pairs × days: the cost of the unit of work, end to end (kernel,
	// outcomes, accumulation). 0 when the workload has no engaged pair.
	NsPerPairDay float64 `json:"ns_per_engaged_pair_day"`
	// AllocsPerRun is the heap allocations of the all-workers measurements
	// divided by their runs; the runner's fixed setup is spread over them.
	AllocsPerRun float64 `json:"allocs_per_run"`
	// PeakBytes is the high-water mark, sampled every few milliseconds
	// while the workload ran, of the memory the Go runtime held from the
	// operating system and had not returned (a bound on the process's
	// resident memory for Go data).
	PeakBytes uint64 `json:"peak_memory_bytes"`
}

// pilotRuns is the size of the calibration run (and warm-up): one block.
const pilotRuns = montecarlo.BlockRuns

// Measure runs workload w as brink run would — the plan of its variant,
// outcomes and accumulators included — and measures it. progress, if not
// nil, is told what is being measured. A cancelled ctx stops it with ctx's
// error.
func Measure(ctx context.Context, w Workload, o Options, progress func(string)) (*Figures, error) {
	if o.Repeat <= 0 {
		o.Repeat = 3
	}
	if o.Target <= 0 {
		o.Target = time.Second
	}
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.Runs < 0 {
		return nil, fmt.Errorf("runs must be positive, not %d", o.Runs)
	}
	if progress == nil {
		progress = func(string) {}
	}
	s, variant, err := w.Apply()
	if err != nil {
		return nil, err
	}
	plan, err := montecarlo.Prepare(w.Scenario, []string{variant}, o.Version)
	if err != nil {
		return nil, err
	}
	f := &Figures{
		Workload: w.Name, Scenario: w.Scenario.Name, Variant: variant,
		Actors: len(s.Actors.Keys), Days: s.Days(), EngagedPairs: EngagedPairs(s),
		Repeat: o.Repeat, Workers: o.Workers,
	}

	debug.FreeOSMemory() // what earlier workloads left does not count
	peak := startPeakSampler()
	defer peak.stop()

	// The pilot warms caches and the heap, and sizes the measurements.
	progress(fmt.Sprintf("%s: calibrating", w.Name))
	pilot, err := timeRuns(ctx, plan, o.Seed, pilotRuns, 1)
	if err != nil {
		return nil, err
	}
	f.Runs = o.Runs
	if f.Runs == 0 {
		f.Runs = calibrate(pilot, o.Target, o.Workers)
	}

	var all, one []float64
	var allocs uint64
	for r := range o.Repeat {
		progress(fmt.Sprintf("%s: %d runs on %d workers (%d/%d)", w.Name, f.Runs, o.Workers, r+1, o.Repeat))
		before := heapAllocs()
		d, err := timeRuns(ctx, plan, o.Seed, f.Runs, o.Workers)
		if err != nil {
			return nil, err
		}
		allocs += heapAllocs() - before
		all = append(all, float64(f.Runs)/d.Seconds())
		if o.Workers == 1 {
			continue
		}
		progress(fmt.Sprintf("%s: %d runs on 1 worker (%d/%d)", w.Name, f.Runs, r+1, o.Repeat))
		d, err = timeRuns(ctx, plan, o.Seed, f.Runs, 1)
		if err != nil {
			return nil, err
		}
		one = append(one, float64(f.Runs)/d.Seconds())
	}
	if o.Workers == 1 {
		one = all
	}
	f.RunsPerSecond, f.RunsPerSecondOneCore = rate(all), rate(one)
	f.Speedup = f.RunsPerSecond.Best / f.RunsPerSecondOneCore.Best
	if pd := f.EngagedPairs * f.Days; pd > 0 {
		f.NsPerPairDay = 1e9 / f.RunsPerSecondOneCore.Best / float64(pd)
	}
	f.AllocsPerRun = float64(allocs) / float64(o.Repeat*f.Runs)
	f.PeakBytes = peak.stop()
	return f, nil
}

// calibrate picks the runs per measurement: about target on one worker,
// at least two blocks per worker so that every worker has work to the end,
// in whole blocks per worker.
func calibrate(pilot time.Duration, target time.Duration, workers int) int {
	perRun := max(pilot.Seconds()/pilotRuns, 1e-9)
	unit := montecarlo.BlockRuns * workers
	n := int(target.Seconds()/perRun) / unit
	return max(n, 2) * unit
}

// timeRuns times one Plan.Run of runs runs.
func timeRuns(ctx context.Context, plan *montecarlo.Plan, seed uint64, runs, workers int) (time.Duration, error) {
	start := time.Now()
	_, err := plan.Run(ctx, montecarlo.Options{Seed: seed, Runs: runs, Workers: workers})
	d := time.Since(start)
	if err != nil {
		return 0, err
	}
	return max(d, time.Nanosecond), nil
}

func rate(xs []float64) Rate {
	s := slices.Clone(xs)
	slices.Sort(s)
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return Rate{Best: s[len(s)-1], Median: med}
}

// heapAllocs is the number of heap allocations since the program started.
func heapAllocs() uint64 {
	sm := []metrics.Sample{{Name: "/gc/heap/allocs:objects"}}
	metrics.Read(sm)
	return sm[0].Value.Uint64()
}

// mapped is the memory the runtime holds from the OS and has not returned.
func mapped(sm []metrics.Sample) uint64 {
	metrics.Read(sm)
	total, released := sm[0].Value.Uint64(), sm[1].Value.Uint64()
	if released > total {
		return 0
	}
	return total - released
}

// peakSampler records the high-water mark of mapped memory.
type peakSampler struct {
	done chan struct{}
	wg   sync.WaitGroup
	once sync.Once
	peak uint64
}

const peakInterval = 5 * time.Millisecond

func startPeakSampler() *peakSampler {
	p := &peakSampler{done: make(chan struct{})}
	sm := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	p.peak = mapped(sm)
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(peakInterval)
		defer t.Stop()
		for {
			select {
			case <-p.done:
				p.peak = max(p.peak, mapped(sm))
				return
			case <-t.C:
				p.peak = max(p.peak, mapped(sm))
			}
		}
	}()
	return p
}

// stop ends the sampling (once) and returns the peak.
func (p *peakSampler) stop() uint64 {
	p.once.Do(func() {
		close(p.done)
		p.wg.Wait()
	})
	return p.peak
}
