package stats

import (
	"math"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// The order-statistic interval of the median of 20 values is X(6)..X(15),
// the value in every table of it (Conover, Table A3); of 100 values,
// X(40)..X(61).
func TestOrderStatIntervalTable(t *testing.T) {
	for _, c := range []struct {
		n    int64
		q    float64
		l, u int64
	}{{20, 0.5, 6, 15}, {100, 0.5, 40, 61}, {1, 0.5, 1, 1}, {10, 0, 1, 1}, {10, 1, 10, 10}} {
		if l, u := OrderStatInterval(c.n, c.q); l != c.l || u != c.u {
			t.Errorf("n=%d q=%g: ranks %d..%d, want %d..%d", c.n, c.q, l, u, c.l, c.u)
		}
	}
}

// binomCDF is P(B ≤ j) for B ~ Binomial(n, q), summed term by term.
func binomCDF(n, j int64, q float64) float64 {
	var s float64
	for i := int64(0); i <= j; i++ {
		s += math.Exp(lgamma(float64(n)+1) - lgamma(float64(i)+1) - lgamma(float64(n-i)+1) + float64(float64(i)*math.Log(q)) + float64(float64(n-i)*math.Log1p(-q)))
	}
	return s
}

// Each end of the interval misses the quantile with probability at most
// 2.5%, and is the tightest rank that does (property, against a direct
// sum of the binomial's terms).
func TestOrderStatIntervalCoverage(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.Int64Range(40, 3000).Draw(t, "n")
		q := rapid.SampledFrom([]float64{0.1, 0.25, 0.5, 0.75, 0.9}).Draw(t, "q")
		l, u := OrderStatInterval(n, q)
		if l < 1 || u > n || l > u {
			t.Fatalf("ranks %d..%d of %d", l, u, n)
		}
		const tol = 1e-9
		if f := binomCDF(n, l-1, q); f > 0.025+tol {
			t.Fatalf("P(B < l) = %g > 0.025", f)
		}
		if f := binomCDF(n, l, q); l < n && f <= 0.025-tol {
			t.Fatalf("l = %d is not the largest rank: P(B ≤ l) = %g", l, f)
		}
		if f := binomCDF(n, u-1, q); f < 0.975-tol {
			t.Fatalf("P(B ≤ u−1) = %g < 0.975", f)
		}
		if f := binomCDF(n, u-2, q); u > 1 && f >= 0.975+tol {
			t.Fatalf("u = %d is not the smallest rank: P(B ≤ u−2) = %g", u, f)
		}
	})
}

// On the grid the quantiles are exact: the type-1 quantile of the sorted
// values, and the interval the order statistics of OrderStatInterval's
// ranks. Off it, every value read is within SketchAccuracy of the value of
// that rank. The counts of two halves merged give the same answers as the
// whole (they add).
func TestDistributionQuantiles(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		grid := rapid.IntRange(1, 400).Draw(t, "grid")
		offGrid := rapid.Bool().Draw(t, "offGrid")
		n := rapid.IntRange(1, 500).Draw(t, "n")
		vals := make([]float64, n)
		for i := range vals {
			if offGrid && rapid.Bool().Draw(t, "kind") {
				// Inside the buckets' range (1e-9 to 1e9 in magnitude).
				x := math.Pow(10, rapid.Float64Range(-6, 6).Draw(t, "exp"))
				if rapid.Bool().Draw(t, "negative") {
					x = -x
				}
				vals[i] = x
			} else {
				vals[i] = float64(rapid.IntRange(0, grid-1).Draw(t, "v"))
			}
		}
		a, b := NewDistribution(grid), NewDistribution(grid)
		for i, x := range vals {
			if i%2 == 0 {
				a.Add(x)
			} else {
				b.Add(x)
			}
		}
		for i := range a.Grid {
			a.Grid[i] += b.Grid[i]
		}
		for i := range a.Pos {
			a.Pos[i] += b.Pos[i]
			a.Neg[i] += b.Neg[i]
		}
		sorted := slices.Clone(vals)
		slices.Sort(sorted)
		exact := a.Exact()
		for _, q := range []float64{0.1, 0.5, 0.9} {
			x, lo, hi, ok := a.Quantile(q)
			if !ok {
				t.Fatal("no quantile of a non-empty distribution")
			}
			k := quantileRank(q, int64(n))
			l, u := OrderStatInterval(int64(n), q)
			for _, c := range []struct {
				got  float64
				rank int64
			}{{x, k}, {lo, l}, {hi, u}} {
				want := sorted[c.rank-1]
				if exact && c.got != want {
					t.Fatalf("q=%g rank %d: %g, want exactly %g", q, c.rank, c.got, want)
				}
				if math.Abs(c.got-want) > SketchAccuracy*math.Abs(want)+1e-9 {
					t.Fatalf("q=%g rank %d: %g, want %g within %g", q, c.rank, c.got, want, SketchAccuracy)
				}
			}
		}
	})
}

// A sketch bucket's value is within SketchAccuracy of both its ends.
func TestSketchValue(t *testing.T) {
	for _, x := range []float64{1e-6, 0.37, 1, 2.5, 1000, 123456.789} {
		v := SketchValue(SketchBucket(x))
		if math.Abs(v-x) > SketchAccuracy*x*(1+1e-12) {
			t.Errorf("%g: bucket value %g", x, v)
		}
	}
}
