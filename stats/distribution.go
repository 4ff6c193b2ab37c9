package stats

import (
	"cmp"
	"math"
)

// A Distribution holds the values a numeric outcome took over runs in
// memory that does not grow with the runs, and merges exactly (its counts
// are integers that add), so that quantiles are the same for any number of
// workers, shards or merges:
//
//   - Grid[v] counts the values equal to the whole number v, 0 ≤ v <
//     len(Grid). A brink outcome that counts days or acts on a bounded
//     horizon (first_day, war_days, kinetic) lands here, and its quantiles
//     are exact.
//   - Pos[i] and Neg[i] count the other values, by sign, in logarithmic
//     buckets (a DDSketch with SketchBuckets buckets a sign): bucket i
//     holds the x with γ^(i−1−K/2) < |x| ≤ γ^(i−K/2), where K is
//     SketchBuckets and γ = (1+α)/(1−α), α = SketchAccuracy. A value read
//     from a bucket is within a relative α of every value in it. Values
//     beyond the end buckets (|x| below about 1e-9 or above about 1e9) are
//     counted in the end buckets.
//   - NaN counts the values that are not numbers; quantiles leave them out.
type Distribution struct {
	Grid     []int64
	Pos, Neg []int64
	NaN      int64
}

// SketchBuckets is the number of logarithmic buckets for each sign, and
// SketchAccuracy the relative accuracy of a value read from one.
const (
	SketchBuckets  = 2048
	SketchAccuracy = 0.01
)

var (
	sketchGamma    = (1 + SketchAccuracy) / (1 - SketchAccuracy)
	sketchLogGamma = math.Log(sketchGamma)
)

// NewDistribution returns an empty Distribution whose grid holds the whole
// numbers 0..grid−1.
func NewDistribution(grid int) Distribution {
	return Distribution{Grid: make([]int64, grid), Pos: make([]int64, SketchBuckets), Neg: make([]int64, SketchBuckets)}
}

// Slot says where x is counted in a Distribution with a grid of grid whole
// numbers: which of Grid (0), Pos (1), Neg (2) or NaN (3), and the index.
func Slot(x float64, grid int) (part, i int) {
	switch {
	case math.IsNaN(x):
		return 3, 0
	case x >= 0 && x < float64(grid) && x == math.Trunc(x):
		return 0, int(x)
	case x > 0:
		return 1, SketchBucket(x)
	}
	return 2, SketchBucket(-x)
}

// Add counts x.
func (d *Distribution) Add(x float64) {
	part, i := Slot(x, len(d.Grid))
	switch part {
	case 0:
		d.Grid[i]++
	case 1:
		d.Pos[i]++
	case 2:
		d.Neg[i]++
	default:
		d.NaN++
	}
}

// SketchBucket returns the bucket of a positive value (see Distribution).
func SketchBucket(x float64) int {
	i := int(math.Ceil(math.Log(x)/sketchLogGamma)) + SketchBuckets/2
	return min(max(i, 0), SketchBuckets-1)
}

// SketchValue returns the value that stands for bucket i: 2γ^j/(γ+1) with
// j = i − SketchBuckets/2, within a relative SketchAccuracy of both ends of
// the bucket.
func SketchValue(i int) float64 {
	return 2 * math.Pow(sketchGamma, float64(i-SketchBuckets/2)) / (sketchGamma + 1)
}

// N is the number of values counted (NaN left out).
func (d Distribution) N() int64 {
	var n int64
	for _, s := range [][]int64{d.Grid, d.Pos, d.Neg} {
		for _, c := range s {
			n += max(c, 0)
		}
	}
	return n
}

// Exact reports whether every value counted is on the grid, so that the
// quantiles are exact; otherwise a quantile is within a relative
// SketchAccuracy of a value of the right rank.
func (d Distribution) Exact() bool {
	for _, s := range [][]int64{d.Pos, d.Neg} {
		for _, c := range s {
			if c > 0 {
				return false
			}
		}
	}
	return true
}

// at returns the value of rank r (1-based) in increasing order: negative
// buckets from the largest magnitude down, then the grid and the positive
// buckets merged by value.
func (d Distribution) at(r int64) float64 {
	var cum int64
	for i := len(d.Neg) - 1; i >= 0; i-- {
		if cum += max(d.Neg[i], 0); cum >= r {
			return -SketchValue(i)
		}
	}
	g, p := 0, 0
	for g < len(d.Grid) || p < len(d.Pos) {
		useGrid := p >= len(d.Pos) || (g < len(d.Grid) && cmp.Compare(float64(g), SketchValue(p)) <= 0)
		if useGrid {
			if cum += max(d.Grid[g], 0); cum >= r {
				return float64(g)
			}
			g++
			continue
		}
		if cum += max(d.Pos[p], 0); cum >= r {
			return SketchValue(p)
		}
		p++
	}
	return math.NaN()
}

// Quantile returns the q-quantile of the values (the inverse of the
// empirical distribution function, as Quantile) with a distribution-free
// 95% interval from order statistics (OrderStatInterval). ok is false when
// nothing was counted.
func (d Distribution) Quantile(q float64) (x, lo, hi float64, ok bool) {
	n := d.N()
	if n == 0 || math.IsNaN(q) {
		return 0, 0, 0, false
	}
	q = min(max(q, 0), 1)
	k := quantileRank(q, n)
	l, u := OrderStatInterval(n, q)
	return d.at(k), d.at(l), d.at(u), true
}

// quantileRank is the rank ⌈q·n⌉ (at least 1) of Quantile's type-1
// quantile, with q·n within rounding of a whole number taken as it.
func quantileRank(q float64, n int64) int64 {
	x := float64(q * float64(n))
	if r := math.Round(x); math.Abs(x-r) <= 1e-9*max(1, x) {
		x = r
	}
	return min(max(int64(math.Ceil(x)), 1), n)
}

// OrderStatInterval returns the ranks l ≤ u (1-based, of n values sorted)
// of the order statistics that bound a distribution-free 95% interval for
// the q-quantile ξ: with B ~ Binomial(n, q) the number of values below ξ,
// P(X₍l₎ ≤ ξ) = P(B ≥ l) ≥ 0.975 and P(X₍u₎ ≥ ξ) = P(B ≤ u−1) ≥ 0.975, l
// the largest and u the smallest such rank (Conover, Practical
// Nonparametric Statistics, §3.2). It needs no assumption on the shape of
// the distribution. When n is too small for such a rank (n·q or n·(1−q)
// of a few runs) the rank is clamped to 1 or n and the interval covers
// less than 95%.
func OrderStatInterval(n int64, q float64) (l, u int64) {
	if n <= 0 {
		return 0, 0
	}
	q = min(max(q, 0), 1)
	switch q {
	case 0:
		return 1, 1
	case 1:
		return n, n
	}
	const tail = 0.025
	// The binomial's mass outside mean ± 12 sd (and 40) is far below
	// the tails' 0.025: the CDF is summed over that window only.
	mean := float64(float64(n) * q)
	sd := math.Sqrt(float64(mean * (1 - q)))
	from := max(int64(mean-float64(12*sd)-40), 0)
	to := min(int64(mean+float64(12*sd)+40), n)
	lgN := lgamma(float64(n) + 1)
	logQ, log1Q := math.Log(q), math.Log1p(-q)
	l, u = 1, n
	var cdf float64 // F(j) = P(B ≤ j)
	foundU := false
	for j := from; j <= to; j++ {
		lp := lgN - lgamma(float64(j)+1) - lgamma(float64(n-j)+1) + float64(float64(j)*logQ) + float64(float64(n-j)*log1Q)
		cdf += math.Exp(lp)
		// F(j) ≤ tail allows l = j+1.
		if cdf <= tail && j+1 <= n {
			l = j + 1
		}
		if !foundU && cdf >= 1-tail {
			u, foundU = min(j+1, n), true
		}
	}
	return l, max(u, l)
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}
