package montecarlo

import (
	"fmt"

	"brink/results"
	"brink/stats"
)

// layout says what each slot of an accumulator means. Accumulators are two
// flat arrays — exact integer counts and mergeable moments — so that merging
// two of them, and writing them to a part file, is one loop each. The layout
// travels in every part file, so `brink merge` needs no scenario to turn the
// counts back into a Summary.
type layout struct {
	Block    int             `json:"block"` // runs per block: the unit of work and of merging
	Outcomes []outcomeSpec   `json:"outcomes"`
	Variants []variantLayout `json:"variants"`

	// Derived by index(): where each variant's slots start, and each
	// outcome's place among the mean outcomes (−1 for a probability).
	intBase, momBase []int
	ints, moms       int   // totals over all variants
	recBase          []int // where each variant's run record starts (Options.PerRun)
	recWidth         int   // float64s of one run's records, all variants
	meanAt           []int
	nMean            int
}

type outcomeSpec struct {
	Name string `json:"name"`
	Kind string `json:"kind"` // results.KindProbability or results.KindMean
	// Event marks a time-to-event outcome (outcome.Expr.TimeToEvent).
	Event       bool   `json:"event,omitempty"`
	Label       string `json:"label,omitempty"`
	Description string `json:"description,omitempty"`
}

// variantLayout is one variant's shape: its actors (a variant may add or
// remove one), its horizon and ladder size, and its tracked pairs.
type variantLayout struct {
	Name        string      `json:"name"`
	Label       string      `json:"label,omitempty"`
	Description string      `json:"description,omitempty"`
	Actors      []string    `json:"actors"`
	Days        int         `json:"days"`
	Rungs       int         `json:"rungs"`
	Pairs       [][2]string `json:"pairs"`   // tracked pairs by actor id
	PairAt      [][2]int    `json:"pair_at"` // the same by actor index
}

// Integer slots of a variant, in order:
//
//	runs                      1
//	held[o]                   O  runs where probability outcome o held
//	paired[o][4]              4O against the baseline: both, variant only, baseline only, neither
//	per tracked pair p:
//	  maxRung[r]              R
//	  firstDay[r][d]          R·D
//	  daily[d][r]             D·R  the day's change in the runs at rung r: runs at r on
//	                               day d minus runs at r on day d−1 (day −1: none at any
//	                               rung). Summary sums them over days into the counts.
//	                               Differences are integers and linear like the counts, so
//	                               blocks, shards and merges add them in any order.
//	riveraSum[d]              D  Σ over runs of the day's Rivera sum over actors (an integer)
//	riveraSq[d]               D  Σ over runs of its square
//	per mean outcome o (after all the above; distLen slots each), the
//	values' stats.Distribution:
//	  grid[v]                 D+1  runs whose value was the whole number v, 0 ≤ v ≤ D
//	  pos[i], neg[i]          2K   runs whose value, off the grid, fell in log bucket i
//	  nan                     1    runs whose value was not a number
//
// Moment slots of a variant, in order:
//
//	outcome[o]                O  value of mean outcome o
//	diff[o]                   O  value minus the baseline's value on the same run
//	rivera                    1  the run's mean daily Rivera score
//	damage[a], strain[a], support[a]   3A
const (
	pairedBoth = iota
	pairedVariantOnly
	pairedBaselineOnly
	pairedNeither
)

func (v *variantLayout) intSlots(outcomes int) int {
	return 1 + 5*outcomes + len(v.Pairs)*v.pairInts() + 2*v.Days
}

// distLen is the number of integer slots of one mean outcome's
// distribution (see above).
func (v *variantLayout) distLen() int { return v.Days + 1 + 2*stats.SketchBuckets + 1 }

// intDist is the offset of mean outcome o's distribution within variant
// v's integer slots.
func (l *layout) intDist(v *variantLayout, o int) int {
	return v.intSlots(len(l.Outcomes)) + l.meanAt[o]*v.distLen()
}

// distribution reads mean outcome o's distribution from variant v's
// integer slots (the slices share in's memory).
func (l *layout) distribution(in []int64, v *variantLayout, o int) stats.Distribution {
	d := in[l.intDist(v, o):][:v.distLen()]
	g, k := v.Days+1, stats.SketchBuckets
	return stats.Distribution{Grid: d[:g], Pos: d[g : g+k], Neg: d[g+k : g+2*k], NaN: d[g+2*k]}
}

func (v *variantLayout) pairInts() int { return v.Rungs + 2*v.Rungs*v.Days }

func (v *variantLayout) momSlots(outcomes int) int {
	return 2*outcomes + 1 + 3*len(v.Actors)
}

// Bounds far above any real scenario, so that a damaged part file cannot
// make the slot arithmetic overflow.
const (
	maxDays   = 1 << 20
	maxRungs  = 1 << 10
	maxActors = 1 << 12
)

// index computes the derived offsets and checks the layout for sense (a part
// file is input: it may have been edited or truncated).
func (l *layout) index() error {
	if l.Block <= 0 {
		return fmt.Errorf("block size %d is not positive", l.Block)
	}
	if len(l.Variants) == 0 {
		return fmt.Errorf("no variants")
	}
	l.meanAt, l.nMean = make([]int, len(l.Outcomes)), 0
	for i, o := range l.Outcomes {
		if o.Kind != results.KindProbability && o.Kind != results.KindMean {
			return fmt.Errorf("outcome %q has unknown kind %q", o.Name, o.Kind)
		}
		l.meanAt[i] = -1
		if o.Kind == results.KindMean {
			l.meanAt[i] = l.nMean
			l.nMean++
		}
	}
	l.intBase = make([]int, len(l.Variants))
	l.momBase = make([]int, len(l.Variants))
	l.ints, l.moms = 0, 0
	for i := range l.Variants {
		v := &l.Variants[i]
		if v.Days < 0 || v.Days > maxDays || v.Rungs <= 0 || v.Rungs > maxRungs ||
			len(v.Actors) > maxActors || len(v.PairAt) != len(v.Pairs) {
			return fmt.Errorf("variant %q: malformed shape", v.Name)
		}
		for _, p := range v.PairAt {
			if p[0] < 0 || p[1] < 0 || p[0] >= len(v.Actors) || p[1] >= len(v.Actors) {
				return fmt.Errorf("variant %q: tracked pair %v out of range", v.Name, p)
			}
		}
		l.intBase[i] = l.ints
		l.momBase[i] = l.moms
		l.ints += v.intSlots(len(l.Outcomes)) + l.nMean*v.distLen()
		l.moms += v.momSlots(len(l.Outcomes))
	}
	l.indexRecords()
	return nil
}

// Offsets within one variant's integer slots.
func intRuns() int                    { return 0 }
func intHeld(o int) int               { return 1 + o }
func intPaired(nOut, o, cell int) int { return 1 + nOut + 4*o + cell }
func (v *variantLayout) intMaxRung(nOut, p int) int {
	return 1 + 5*nOut + p*v.pairInts()
}
func (v *variantLayout) intFirstDay(nOut, p int) int { return v.intMaxRung(nOut, p) + v.Rungs }
func (v *variantLayout) intRiveraSum(nOut int) int {
	return 1 + 5*nOut + len(v.Pairs)*v.pairInts()
}
func (v *variantLayout) intRiveraSq(nOut int) int { return v.intRiveraSum(nOut) + v.Days }
func (v *variantLayout) intDaily(nOut, p int) int {
	return v.intFirstDay(nOut, p) + v.Rungs*v.Days
}

// Offsets within one variant's moment slots.
func momOutcome(o int) int                       { return o }
func momDiff(nOut, o int) int                    { return nOut + o }
func momRivera(nOut int) int                     { return 2 * nOut }
func (v *variantLayout) momDamage(nOut int) int  { return 2*nOut + 1 }
func (v *variantLayout) momStrain(nOut int) int  { return v.momDamage(nOut) + len(v.Actors) }
func (v *variantLayout) momSupport(nOut int) int { return v.momStrain(nOut) + len(v.Actors) }
