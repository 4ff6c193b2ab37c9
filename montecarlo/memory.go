package montecarlo

import (
	"fmt"
	"math"
	"runtime"
)

// MemoryEstimate is about how many bytes Run allocates for o, worked out
// from the compiled plan's shape before anything is allocated: per worker
// and variant, the kernel's state and result (which grow with the square of
// the actors, times the rungs for the first-day table, and with the days
// times the tracked pairs); and the block accumulators (two per worker) and
// the tally, whose integer slots grow with tracked pairs × rungs × days.
// It is an estimate, within a factor of two of what a run allocates
// (TestMemoryEstimate), meant to refuse a run that could never fit before
// it takes the machine's memory, not to budget to the byte.
func (p *Plan) MemoryEstimate(o Options) int64 {
	runs := o.Runs
	if o.Precision > 0 {
		runs = o.MaxRuns
		if runs <= 0 {
			runs = DefaultMaxRuns
		}
	}
	first, end := o.Shard.blocks((runs + BlockRuns - 1) / BlockRuns)
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	workers = max(min(workers, end-first), 1)

	var sim float64 // one worker's kernel states and results, all variants
	for _, v := range p.lay.Variants {
		n, R, D, T := float64(len(v.Actors)), float64(v.Rungs), float64(v.Days), float64(len(v.Pairs))
		nn := n * n
		// State: pair records (32 bytes), receipts rings (2×4 int32) and
		// some thirty per-pair arrays; Result: per pair maximum rung,
		// first day at each rung (int32), and a dozen more.
		// Every product is wrapped in float64(...): no fused multiply-add
		// (scripts/fpfusion), though an estimate would not mind.
		perPair := 32 + 32 + 160 + float64(4*R) + 30
		pairs := float64(nn * perPair)
		daily := float64(float64(D*T) * 2)
		days := float64(D * 8)
		actors := float64(n * 400)
		sim += pairs + daily + days + actors
	}
	accumulator := float64(float64(p.lay.ints)*8) + float64(float64(p.lay.moms)*40)
	levels := math.Log2(float64(max(end-first, 1))) + 1
	total := float64(float64(workers)*sim) + // kernels
		float64(float64(2*workers)*accumulator) + // block accumulators in flight
		float64(float64(p.lay.ints)*8) + float64(levels*float64(float64(p.lay.moms)*40)) // the tally
	if total > math.MaxInt64/2 {
		return math.MaxInt64 / 2
	}
	return int64(total)
}

// A MemoryError refuses a run whose estimated memory is above the limit.
type MemoryError struct {
	Estimate, Limit int64
}

func (e *MemoryError) Error() string {
	return fmt.Sprintf("this run would need about %s of memory (an estimate from the scenario's actors, days, rungs and tracked pairs, and the workers), above the limit of %s: raise the limit with --max-memory, or use fewer --workers, fewer tracked pairs, fewer actors or a shorter horizon",
		FormatBytes(e.Estimate), FormatBytes(e.Limit))
}

// FormatBytes writes a byte count in binary units (1.5 GiB).
func FormatBytes(b int64) string {
	units := []string{"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	x, u := float64(b), 0
	for x >= 1024 && u < len(units)-1 {
		x /= 1024
		u++
	}
	if u == 0 {
		return fmt.Sprintf("%d bytes", b)
	}
	return fmt.Sprintf("%.3g %s", x, units[u])
}
