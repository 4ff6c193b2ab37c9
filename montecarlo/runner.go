package montecarlo

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"brink/internal/padded"
	"brink/results"
	"brink/sim"
)

// BlockRuns is the number of consecutive run indices in a block, the unit of
// work handed to a worker and of merging. It is part of what makes results
// reproducible (the merge tree is over blocks), so it is recorded in part files
// and never depends on the machine.
const BlockRuns = 256

// simulator runs and scores runs for one worker: run simulates run k of
// variant v with the given seed, writes the run's outcome values into vals
// (1 or 0 for a probability outcome) and returns the kernel's result, valid
// until the next call for the same variant. It must not allocate.
type simulator interface {
	run(v int, seed, k uint64, vals []float64) *sim.Result
}

// Options say how many runs to do and how.
type Options struct {
	Seed uint64
	// Runs per variant. Ignored with Precision, which decides it.
	Runs int
	// Workers is the number of goroutines running blocks; 0 means all cores.
	// It never changes the results.
	Workers int
	// Shard, when Count > 0, restricts the run to its share of the blocks.
	Shard Shard
	// Precision > 0 adds blocks until the 95% interval of Outcome has a
	// half-width of at most Precision in every variant, checked each
	// PrecisionStep runs, up to MaxRuns.
	Precision float64
	Outcome   string
	// MaxMemory, when positive, refuses a run whose MemoryEstimate is
	// above it (with a *MemoryError) before anything is allocated.
	MaxMemory int64
	// MaxRuns caps a Precision run; 0 means DefaultMaxRuns.
	MaxRuns int
	// Progress, when set, is called from one goroutine with the number of
	// run indices done so far (each run index covers every variant).
	Progress func(runs int64)
	// PerRun, when set, is given every run of every variant, in run-index
	// order and variants in order within a run, from one goroutine, as the
	// blocks join the tally: the same records in the same order whatever
	// the number of workers, and a shard gives its range of them. Only the
	// records of the runs the tally covers are given (a run stopped by
	// --precision or cancelled gives the same prefix its Summary counts).
	// An error from it stops the run, and Run returns it.
	PerRun func(results.RunRecord) error
}

// PrecisionStep is how often (in runs) --precision checks the interval: at
// fixed run counts, so that the stopping point, and so the results, are the
// same on every machine.
const PrecisionStep = 4 * BlockRuns

// LimitRuns bounds the runs of one experiment, far above any that could
// finish, so that the block arithmetic cannot overflow (a --runs near 2^63
// wrapped to no runs at all).
const LimitRuns = 1 << 40

// DefaultMaxRuns caps a --precision run that cannot reach its target.
const DefaultMaxRuns = 1_000_000

// Shard is share Index (0-based) of Count contiguous shares of the blocks.
type Shard struct{ Index, Count int }

// RunRange returns the run indices [from, to) of the share when the whole
// experiment has runs runs per variant.
func (s Shard) RunRange(runs int) (from, to int) {
	first, end := s.blocks((runs + BlockRuns - 1) / BlockRuns)
	return min(first*BlockRuns, runs), min(end*BlockRuns, runs)
}

// blocks returns the blocks [first, end) of share s of n blocks.
func (s Shard) blocks(n int) (first, end int) {
	if s.Count <= 0 {
		return 0, n
	}
	return s.Index * n / s.Count, (s.Index + 1) * n / s.Count
}

// An InternalError is a failure of brink itself, not of what it was given: a
// run that panicked, or a plan that cannot be laid out. The cli exits 1 on
// it, and 2 on the errors of its input.
type InternalError struct {
	Where string // where it happened ("in run 3 of variant \"x\""), or empty
	Err   error
}

func (e *InternalError) Error() string {
	if e.Where == "" {
		return "internal error: " + e.Err.Error()
	}
	return "internal error " + e.Where + ": " + e.Err.Error()
}

func (e *InternalError) Unwrap() error { return e.Err }

// blockAcc is one block's accumulator, owned by one worker at a time.
type blockAcc struct {
	block   int
	ints    []int64
	moms    []moment
	rows    []float64 // the block's run records, with Options.PerRun
	skipped bool      // not run: the run was stopping when its turn came
	err     error     // the kernel panicked
}

// Run executes the plan and returns the tally of the runs done. On
// cancellation of ctx it finishes the blocks in flight and returns the tally
// of the complete prefix of blocks, marked Partial, with ctx's error.
func (p *Plan) Run(ctx context.Context, o Options) (*Tally, error) {
	if err := p.checkOptions(&o); err != nil {
		return nil, err
	}
	if o.MaxMemory > 0 {
		if est := p.MemoryEstimate(o); est > o.MaxMemory {
			return nil, &MemoryError{Estimate: est, Limit: o.MaxMemory}
		}
	}
	m := p.manifest
	m.Seed = o.Seed
	m.Runs = o.Runs
	totalBlocks := (o.Runs + BlockRuns - 1) / BlockRuns
	if o.Precision > 0 {
		m.Runs = o.MaxRuns
		totalBlocks = (o.MaxRuns + BlockRuns - 1) / BlockRuns
	}
	first, end := o.Shard.blocks(totalBlocks)
	t := newTally(m, &p.lay, first)
	t.ScenarioText = p.source
	if o.Shard.Count > 0 {
		t.shardLabel = fmt.Sprintf("%d/%d", o.Shard.Index, o.Shard.Count)
	}

	workers := o.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	if n := end - first; workers > n {
		workers = max(n, 1)
	}
	window := 2 * workers

	jobs := make(chan int, window)
	results := make(chan *blockAcc, window)
	pool := make(chan *blockAcc, window)
	_, recWidth := p.lay.recordBases()
	for range window {
		// Each accumulator is written by one worker at a time: padded, so
		// that two workers' share no cache line.
		acc := &blockAcc{ints: padded.Slice[int64](p.lay.ints), moms: t.forest.take()}
		if o.PerRun != nil {
			acc.rows = padded.Slice[float64](BlockRuns * recWidth)
		}
		pool <- acc
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.work(ctx, &stop, o.Seed, m.Runs, jobs, pool, results)
		}()
	}

	dispatched, next := first, first
	closed, stopped, cut := false, false, false
	var failure error
	closeJobs := func() {
		if !closed {
			close(jobs)
			closed = true
		}
	}
	dispatch := func() {
		for !stopped && dispatched < end && dispatched-next < window {
			jobs <- dispatched
			dispatched++
		}
		if stopped || dispatched == end {
			closeJobs()
		}
	}
	dispatch()
	pending := map[int]*blockAcc{}
	for next < dispatched {
		acc := <-results
		pending[acc.block] = acc
		for {
			a, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			switch {
			case a.err != nil && failure == nil:
				failure = a.err
				cut, stopped = true, true
			case a.skipped:
				cut, stopped = true, true
			}
			if !cut && o.PerRun != nil {
				if err := p.lay.emitRecords(a.rows, a.block, m.Runs, o.PerRun); err != nil {
					failure = err
					cut, stopped = true, true
				}
			}
			if !cut {
				t.add(a) // and clears a's integers
				if o.Progress != nil {
					o.Progress(int64(t.runs()))
				}
				if o.Precision > 0 && t.runs()%PrecisionStep == 0 && p.precise(t, o) {
					cut, stopped = true, true
				}
			} else {
				clear(a.ints)
			}
			pool <- a
		}
		if ctx.Err() != nil {
			stopped = true
		}
		stop.Store(stopped)
		dispatch()
	}
	closeJobs()
	wg.Wait()

	if failure != nil {
		return nil, failure
	}
	if o.Precision > 0 && !t.Partial {
		t.Manifest.Runs = t.runs() // where precision was reached, or MaxRuns
	}
	if t.end < end && ctx.Err() != nil {
		t.Partial = true
		return t, ctx.Err()
	}
	return t, nil
}

// work runs the blocks it is given, skipping them once the run is stopping.
func (p *Plan) work(ctx context.Context, stop *atomic.Bool, seed uint64, runs int, jobs <-chan int, pool, results chan *blockAcc) {
	s := p.newSimulator()
	vals := make([][]float64, len(p.lay.Variants))
	for v := range vals {
		vals[v] = padded.Slice[float64](len(p.lay.Outcomes)) // written every run: a line of its own
	}
	for b := range jobs {
		acc := <-pool
		acc.block, acc.skipped, acc.err = b, false, nil
		if stop.Load() || ctx.Err() != nil {
			acc.skipped = true
		} else {
			acc.err = p.runBlock(s, acc, seed, runs, vals)
		}
		results <- acc
	}
}

// runBlock runs every variant on each run index of the block, in order.
func (p *Plan) runBlock(s simulator, acc *blockAcc, seed uint64, runs int, vals [][]float64) (err error) {
	lo := acc.block * BlockRuns
	hi := min(lo+BlockRuns, runs)
	var recBase []int
	recWidth := 0
	if acc.rows != nil {
		recBase, recWidth = p.lay.recordBases()
	}
	k, v := lo, 0
	defer func() {
		if r := recover(); r != nil {
			err = &InternalError{Where: fmt.Sprintf("in run %d of variant %q", k, p.lay.Variants[v].Name), Err: fmt.Errorf("%v", r)}
		}
	}()
	last := time.Now()
	for ; k < hi; k++ {
		for v = range p.lay.Variants {
			res := s.run(v, seed, uint64(k), vals[v])
			p.lay.addRun(acc.ints, acc.moms, v, res, vals[v], vals[0])
			if recWidth > 0 {
				p.lay.keepRecord(acc.rows[(k-lo)*recWidth+recBase[v]:], v, res, vals[v])
			}
		}
		// Yield often. A goroutine that runs 10 ms without yielding is
		// preempted by a signal (Go's asynchronous preemption); on the
		// development machine, a virtual one, gaza-2023 ran 1–3% faster
		// with those signals turned off (GODEBUG=asyncpreemptoff=1), and
		// about as much faster when its workers yield (docs/performance.md).
		// The clock is read every few runs only: a two-actor run takes
		// about a microsecond.
		if k%yieldCheck == yieldCheck-1 {
			if now := time.Now(); now.Sub(last) > yieldEvery {
				runtime.Gosched()
				last = now
			}
		}
	}
	return nil
}

// A worker yields after yieldEvery, checking the clock every yieldCheck
// runs. Every 2 ms gave gaza-2023 +0.7% (one worker), every 0.5 ms about
// +0.7% more (alternating rounds); a yield costs well under a microsecond.
const (
	yieldEvery = 500 * time.Microsecond
	yieldCheck = 8
)

func (p *Plan) checkOptions(o *Options) error {
	if err := o.Check(); err != nil {
		return err
	}
	if o.Precision > 0 {
		if _, ok := p.outcomeIndex(o.Outcome); !ok {
			return fmt.Errorf("--precision needs --outcome, one of the scenario's outcomes: %s", p.outcomeNames())
		}
		if o.MaxRuns == 0 {
			o.MaxRuns = DefaultMaxRuns
		}
	}
	return nil
}

// Check reports the first problem with o that does not depend on the
// scenario, naming the flags of `brink run` that set the fields. Plan.Run
// checks its options with it (and that Outcome is one of the plan's); the cli
// calls it before loading the scenario, so that a bad flag is named first.
// The zero Options but for Runs are valid.
func (o Options) Check() error {
	if o.Precision < 0 || (o.Precision > 0) != (o.Outcome != "") {
		return errors.New("--precision X and --outcome NAME go together, with X > 0")
	}
	if o.Workers < 0 {
		return fmt.Errorf("--workers must be 0 (one per CPU) or more, not %d", o.Workers)
	}
	if o.MaxRuns < 0 {
		return fmt.Errorf("--max-runs must be positive, not %d", o.MaxRuns)
	}
	if o.Precision == 0 && o.Runs <= 0 {
		return fmt.Errorf("--runs must be positive, not %d", o.Runs)
	}
	if o.Runs > LimitRuns || o.MaxRuns > LimitRuns {
		return fmt.Errorf("--runs and --max-runs are at most %d (2^40)", LimitRuns)
	}
	if o.Shard.Count > maxShards {
		return fmt.Errorf("--shard: at most %d shards", maxShards)
	}
	if o.Shard.Count > 0 && (o.Shard.Index < 0 || o.Shard.Index >= o.Shard.Count) {
		return fmt.Errorf("shard %d/%d: the index must be from 0 to %d", o.Shard.Index, o.Shard.Count, o.Shard.Count-1)
	}
	if o.Precision > 0 && o.Shard.Count > 0 {
		return errors.New("--precision cannot be combined with --shard: the number of runs is not known in advance")
	}
	return nil
}

func (p *Plan) outcomeIndex(name string) (int, bool) {
	for i, o := range p.lay.Outcomes {
		if o.Name == name {
			return i, true
		}
	}
	return 0, false
}

func (p *Plan) outcomeNames() string {
	if len(p.lay.Outcomes) == 0 {
		return "(the scenario defines none)"
	}
	s := ""
	for i, o := range p.lay.Outcomes {
		if i > 0 {
			s += ", "
		}
		s += o.Name
	}
	return s
}
